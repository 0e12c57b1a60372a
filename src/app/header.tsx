import { lazy, Suspense } from 'react';
import { LoadBoundary } from '../components/ui/load-boundary';
import { Link } from '../lib/link';

// The page links, who is connected (each Region with its account, the Region shown), Act as, the theme and
// Disconnect: not needed for the list's first paint, so fetched at start beside the list's own lazy code.
const headerEnd = () => import('./account-switcher');
void headerEnd();
const HeaderEnd = lazy(headerEnd);

export function Header() {
  return (
    <header className="border-b border-line bg-surface px-4 py-2">
      <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-4 gap-y-2">
        <Link to="/" className="text-heading">
          Snapshot Console
        </Link>
        <LoadBoundary what="header">
          <Suspense fallback={null}>
            <HeaderEnd />
          </Suspense>
        </LoadBoundary>
      </div>
    </header>
  );
}
