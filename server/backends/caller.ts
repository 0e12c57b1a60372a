/** What every backend asks of a call: who makes it (signed), and which page of a list it wants. */
import type { RequestContext } from '../osc/context';
import { oscErrors } from '../osc/errors';

/** The signed caller's account ID; a call without one is refused (only ReadRegions is answered unsigned). */
export function signedCaller(ctx: RequestContext): string {
  if (!ctx.accountId) throw oscErrors.authFailed('This call needs a signed request.');
  return ctx.accountId;
}

/** A page of a Read call: at most `limit` items (all without it), after the one `token` marks. */
export interface PageRequest {
  limit?: number;
  token?: string;
}

export interface Page<T> {
  items: T[];
  /** Set when more items follow. */
  nextPageToken?: string;
}

/** A token says where the previous page ended, so a page size must come with it. */
export function checkPageRequest(page: PageRequest): void {
  if (page.token !== undefined && page.limit === undefined) throw oscErrors.missingParameter('ResultsPerPage is required with NextPageToken.');
}
