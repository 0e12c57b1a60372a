/**
 * The pages of ReadSnapshots a list is read in (snapshot-queries.ts): the first small, so that its rows come at
 * once (the server writes and the page parses 100 snapshots, not 1000), the pages behind it full. No React Query
 * here: src/early-read.ts writes the first page's request with it, the same bytes as the app's, so the app takes
 * that early answer instead of asking again.
 */
import type { ActionRequest, FiltersSnapshot } from '../api/requests';

export const PAGE_SIZE = 1000;
export const FIRST_PAGE_SIZE = 100;

/** One page's request; the page token is bound to the caller and the filters, not to the page size. */
export const pageRequest = (filters: FiltersSnapshot | undefined, size: number, token?: string): ActionRequest<'ReadSnapshots'> => ({
  Filters: filters,
  ResultsPerPage: size,
  NextPageToken: token,
});
