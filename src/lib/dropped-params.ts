import { useEffect, useState } from 'react';
import { navigate } from './router';

/**
 * A link's values that make no sense (`bad`: their parameter names) are dropped from the URL, in place, and the
 * page says which: `ignored` is "state=bogus, from=yesterday" until dismissed.
 */
export function useDroppedParams(location: URL, bad: readonly string[]): { ignored: string; dismiss: () => void } {
  const badText = bad.map((name) => `${name}=${location.searchParams.get(name)}`).join(', ');
  const [ignored, setIgnored] = useState('');
  if (badText && badText !== ignored) setIgnored(badText);
  useEffect(() => {
    if (!bad.length) return;
    const params = new URLSearchParams(location.search);
    bad.forEach((name) => params.delete(name));
    navigate(`${location.pathname}${params.size ? `?${params}` : ''}`, { replace: true });
  }, [location.search]); // eslint-disable-line react-hooks/exhaustive-deps
  return { ignored, dismiss: () => setIgnored('') };
}
