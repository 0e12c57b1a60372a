import type * as z from 'zod/mini';
import type { actions } from '../../src/api/requests';
import type { ActionName } from '../../src/api/schemas';

/** What a handler knows about the call it serves. */
export interface RequestContext {
  /** The authenticated caller; null only for calls that need no auth (ReadRegions). */
  accountId: string | null;
  requestId: string;
  now: Date;
}

export type ActionInput<A extends ActionName> = z.output<(typeof actions)[A]['request']>;
/** A handler's answer without ResponseContext, which the HTTP layer adds. DryRun answers `{}`. */
export type ActionOutput<A extends ActionName> = WithoutContext<z.input<(typeof actions)[A]['response']>>;

/** Like Omit, but keeps the known keys of the loose (index-signature) response types. */
type WithoutContext<T> = { [K in keyof T as K extends 'ResponseContext' ? never : K]: T[K] };

export type ActionHandlers = {
  [A in ActionName]: (input: ActionInput<A>, ctx: RequestContext) => ActionOutput<A> | Record<string, never>;
};

/** What an allowed DryRun answers (besides ResponseContext): nothing, and nothing changed. */
export const DRY_RUN_OK: Record<string, never> = Object.freeze({});
