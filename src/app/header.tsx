import { lazy, Suspense } from 'react';
import { LoadBoundary } from '../components/ui/load-boundary';
import { useConnectionState } from '../lib/connection-provider';
import { Link } from '../lib/link';
import { useOnPath } from '../lib/router';

// Who is connected (each Region with its account), Act as, the theme and Disconnect: not needed for the list's first
// paint, so fetched at start beside the list's own lazy code.
const headerEnd = () => import('./account-switcher');
void headerEnd();
const HeaderEnd = lazy(headerEnd);

export function Header() {
  const { connection } = useConnectionState();
  const onVolumes = useOnPath('/volumes');
  const onOverview = useOnPath('/overview');
  return (
    <header className="border-b border-line bg-surface px-4 py-2">
      <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-4 gap-y-2">
        <Link to="/" className="text-heading">
          Snapshot Console
        </Link>
        {connection && (
          <nav aria-label="Pages" className="flex gap-1 text-sm">
            {[
              { to: '/', label: 'Snapshots', current: !onVolumes && !onOverview },
              { to: '/volumes', label: 'Volumes', current: onVolumes },
              { to: '/overview', label: 'Overview', current: onOverview },
            ].map(({ to, label, current }) => (
              <Link key={to} to={to} aria-current={current ? 'page' : undefined} className={`rounded-md px-2 py-1 hover:bg-hover ${current ? 'font-semibold underline underline-offset-4' : ''}`}>
                {label}
              </Link>
            ))}
          </nav>
        )}
        <LoadBoundary what="header">
          <Suspense fallback={null}>
            <HeaderEnd />
          </Suspense>
        </LoadBoundary>
      </div>
    </header>
  );
}
