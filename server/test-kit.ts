/** Shared set-up for the model tests: an in-memory store with the demo seed, a manual clock, the backends, and
 * calls that go through the same request schemas and responses as the OUTSCALE face (oapi/). */
import { expect } from 'vitest';
import { actions } from '../src/api/requests';
import type { ActionName } from '../src/api/schemas';
import { ManualClock } from './osc/clock';
import type { ActionOutput } from './osc/context';
import { OscError } from './osc/errors';
import { validateInput } from './osc/validation';
import { createBackends, type ModelOptions } from './backends';
import { FakeOos } from './backends/fake-oos';
import { oapiResponses } from './oapi/responses';
import { seededRandom } from './model/ids';
import { DEMO_OPERATOR, DEMO_PARTNER, seedDemo, type SeedOptions } from './model/seed';
import { openStore, type Store } from './model/store';

export const OPERATOR = DEMO_OPERATOR.accountId;
export const PARTNER = DEMO_PARTNER.accountId;

export function setup(options: ModelOptions = {}, path = ':memory:', seed: SeedOptions | false = {}) {
  const store: Store = openStore(path);
  const clock = new ManualClock('2026-11-24T12:00:00.000Z');
  if (seed && store.isEmpty()) seedDemo(store, clock.now(), seed);
  // Imports check their URL against an OOS: a fake in memory here (kit.oos.stage makes an object and its URL).
  const oos = new FakeOos();
  const backends = createBackends(store, { random: seededRandom(7), ...options }, { oos, credentialsFor: (accessKey) => store.secretFor(accessKey) });
  const handlers = oapiResponses(backends);
  let n = 0;
  function call<A extends ActionName>(action: A, body: unknown, accountId: string | null = OPERATOR): ActionOutput<A> {
    const input = validateInput(actions[action].request, body);
    const handler = handlers[action] as (input: unknown, ctx: object) => ActionOutput<A>;
    return handler(input, { accountId, requestId: `req-${n++}`, now: clock.now() });
  }
  const snapshots = (filters: object = {}, accountId: string = OPERATOR) =>
    (call('ReadSnapshots', { Filters: filters }, accountId) as ActionOutput<'ReadSnapshots'>).Snapshots ?? [];
  const count = () => (store.db.prepare('SELECT COUNT(*) AS n FROM snapshots').get() as { n: number }).n;
  return { store, clock, backends, handlers, call, snapshots, count, oos };
}

export function expectOscError(fn: () => unknown, status: number, code: string, type: string): OscError {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught, `expected OscError ${code}`).toBeInstanceOf(OscError);
  const error = caught as OscError;
  expect({ status: error.status, code: error.code, type: error.type }).toEqual({ status, code, type });
  return error;
}
