/** Every action the sandbox answers, wired to the store. */
import { registerAtomic } from '../osc/atomic';
import type { ActionHandlers } from '../osc/context';
import { accountHandlers } from './accounts';
import { modelDefaults, snapshotHandlers, type ModelOptions } from './snapshots';
import type { Store } from './store';
import { tagHandlers } from './tags';
import { volumeHandlers } from './volumes';

export type { ModelOptions };

export function createHandlers(store: Store, options: ModelOptions = {}): ActionHandlers {
  const model = modelDefaults(options);
  const handlers: ActionHandlers = {
    ...snapshotHandlers(store, model),
    ...tagHandlers(store),
    ...volumeHandlers(store),
    ...accountHandlers(store),
  };
  registerAtomic(handlers, (fn) => store.transaction(fn));
  return handlers;
}
