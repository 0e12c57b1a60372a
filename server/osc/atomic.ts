/**
 * One transaction around several actions. A face that turns one request into several OUTSCALE actions (FCU's
 * CopySnapshot with TagSpecification is CreateSnapshot then CreateTags) runs them through `atomicFor(handlers)`,
 * so a failure in any part leaves nothing written. The model registers its store's transaction with the
 * handlers it makes; nested transactions become savepoints.
 */
import type { ActionHandlers } from './context';

export type Atomic = <T>(fn: () => T) => T;

const runners = new WeakMap<object, Atomic>();

export function registerAtomic(handlers: ActionHandlers, run: Atomic): void {
  runners.set(handlers, run);
}

/** The transaction of the model behind these handlers; handlers made without one (test doubles) run `fn` as is. */
export function atomicFor(handlers: ActionHandlers): Atomic {
  return runners.get(handlers) ?? ((fn) => fn());
}
