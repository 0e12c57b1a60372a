import type { z } from 'zod';
import type { ActionName, actions } from '../../src/api/schemas';

/** What a handler knows about the call it serves. */
export interface RequestContext {
  /** The authenticated caller; null only for calls that need no auth (ReadRegions). */
  accountId: string | null;
  requestId: string;
  now: Date;
}

export type ActionInput<A extends ActionName> = z.output<(typeof actions)[A]['request']>;
/** A handler's answer without ResponseContext, which the HTTP layer adds. DryRun answers `{}`. */
export type ActionOutput<A extends ActionName> = Omit<
  z.input<(typeof actions)[A]['response']>,
  'ResponseContext'
>;

export type ActionHandlers = {
  [A in ActionName]: (input: ActionInput<A>, ctx: RequestContext) => ActionOutput<A> | Record<string, never>;
};
