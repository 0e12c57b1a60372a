/**
 * A call an action makes on demand (DryRun, delete, share, a tag change), with its pending state and last error:
 * react-query's useMutation in a few lines. Kept here because a useMutation shared by several lazy dialogs made
 * the bundler split react-query's core out of the first page's script into a chunk of its own (+1.2 kB gzip of
 * initial JavaScript, over the 1.5 budget).
 */
import { useCallback, useEffect, useRef, useState } from 'react';

export interface CallOptions<V, R> {
  mutationFn: (variables: V) => Promise<R>;
  onMutate?: (variables: V) => void;
  onSuccess?: (result: R, variables: V) => void;
  onError?: (error: Error, variables: V) => void;
  onSettled?: (result: R | undefined, error: Error | null, variables: V) => void;
}

export function useCall<V = void, R = unknown>(options: CallOptions<V, R>) {
  const latest = useRef(options);
  useEffect(() => {
    latest.current = options;
  });
  const [pending, setPending] = useState(0);
  const [error, setError] = useState<Error | null>(null);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  const mutate = useCallback((variables: V) => {
    const { mutationFn, onMutate, onSuccess, onError, onSettled } = latest.current;
    setError(null);
    setPending((n) => n + 1);
    onMutate?.(variables);
    mutationFn(variables).then(
      (result) => {
        if (mounted.current) setPending((n) => n - 1);
        onSuccess?.(result, variables);
        onSettled?.(result, null, variables);
      },
      (cause: unknown) => {
        const failure = cause instanceof Error ? cause : new Error(String(cause));
        if (mounted.current) {
          setPending((n) => n - 1);
          setError(failure);
        }
        onError?.(failure, variables);
        onSettled?.(undefined, failure, variables);
      },
    );
  }, []);
  return { mutate, isPending: pending > 0, error };
}
