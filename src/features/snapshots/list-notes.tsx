/**
 * The list's notes that the first rows do not wait for: when it was last read, and the empty list (no match yet
 * while loading, no match for the filters, no snapshot at all).
 */
import { useEffect, useState } from 'react';
import { Button } from '../../components/ui/button';
import { Link } from '../../lib/link';
import { navigate } from '../../lib/router';

export function EmptyList({ partial, filtered, me }: { partial: boolean; filtered: boolean; me: string }) {
  return (
    <div className="rounded-md border border-dashed border-control p-6 text-center">
      {partial ? (
        <p>No match among the snapshots loaded so far; the rest are on their way.</p>
      ) : filtered ? (
        <>
          <p className="font-medium">No snapshot matches these filters.</p>
          <Button className="mt-2" variant="secondary" onClick={() => navigate('/')}>
            Clear filters and search
          </Button>
        </>
      ) : (
        <p>
          <span className="font-medium">No snapshots yet.</span>{' '}
          <Link to="/volumes" className="text-link underline">
            Snapshot one of your volumes
          </Link>
          , import one from a bucket, or ask another account to share one with {me}.
        </p>
      )}
    </div>
  );
}

/** "updated 12 s ago", ticking. */
export function UpdatedAgo({ at }: { at: number }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  if (!at) return null;
  const seconds = Math.max(0, Math.round((now - at) / 1000));
  return <span className="text-sm text-muted">updated {seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min`} ago</span>;
}
