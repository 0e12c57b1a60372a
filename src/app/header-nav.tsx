import { Link } from '../lib/link';
import { useOnPath } from '../lib/router';

/**
 * The header's page links. Loaded with the header's end (src/app/account-switcher.tsx), not in the first script:
 * they come with the list's own lazy code, before the rows.
 */
export function HeaderNav() {
  const onVolumes = useOnPath('/volumes');
  const onOverview = useOnPath('/overview');
  return (
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
  );
}
