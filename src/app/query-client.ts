import { QueryClient } from '@tanstack/react-query';
import { isOscApiError, type OscApiError } from '../api/errors';

declare module '@tanstack/react-query' {
  interface Register {
    defaultError: OscApiError | Error;
  }
}

/** Errors the caller must fix are not retried; throttling and outages are, a few times. */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        retry: (failureCount, error) => {
          if (isOscApiError(error) && error.status >= 400 && error.status < 500 && error.status !== 429) {
            return false;
          }
          return failureCount < 2;
        },
        refetchOnWindowFocus: false,
      },
    },
  });
}
