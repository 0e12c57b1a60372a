import { useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { Button } from '../components/ui/button';
import { useConnectionState } from '../lib/connection-provider';
import { Link } from '../lib/link';
import { useOnPath } from '../lib/router';
import { useTheme, type ThemeChoice } from './theme';

// Fetched at start, beside the list's own lazy code.
const switcherChunk = () => import('./account-switcher');
void switcherChunk();
const AccountSwitcher = lazy(switcherChunk);

const NEXT: Record<ThemeChoice, ThemeChoice> = { system: 'light', light: 'dark', dark: 'system' };

export function Header() {
  const { connection, demoAccounts, profiles, switchDemoAccount, switchProfile, disconnect } = useConnectionState();
  const [theme, setTheme] = useTheme();
  const queryClient = useQueryClient();
  const onVolumes = useOnPath('/volumes');
  return (
    <header className="border-b border-line bg-surface px-4 py-2">
      <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-4 gap-y-2">
        <Link to="/" className="text-heading">
          Snapshot Console
        </Link>
        {connection && (
          <nav aria-label="Pages" className="flex gap-1 text-sm">
            {[
              { to: '/', label: 'Snapshots', current: !onVolumes },
              { to: '/volumes', label: 'Volumes', current: onVolumes },
            ].map(({ to, label, current }) => (
              <Link key={to} to={to} aria-current={current ? 'page' : undefined} className={`rounded-md px-2 py-1 hover:bg-hover ${current ? 'font-semibold underline underline-offset-4' : ''}`}>
                {label}
              </Link>
            ))}
          </nav>
        )}
        {connection && (
          <p className="text-sm text-soft" aria-label="Connected account">
            {connection.kind === 'sandbox' ? 'Sandbox' : connection.kind === 'profile' ? `OUTSCALE (${connection.label})` : 'OUTSCALE'} · account{' '}
            <span className="font-mono" data-testid="account-id">
              {connection.accountId}
            </span>{' '}
            · <span>{connection.region}</span>
          </p>
        )}
        <div className="ml-auto flex flex-wrap items-center gap-2">
          {connection && (
            <Suspense fallback={null}>
              <AccountSwitcher
                connection={connection}
                demoAccounts={demoAccounts}
                profiles={profiles}
                onChoose={(kind, id) => {
                  if (kind === 'profile') switchProfile(id);
                  else switchDemoAccount(id);
                  void queryClient.invalidateQueries({ queryKey: ['osc'] });
                }}
              />
            </Suspense>
          )}
          <Button variant="ghost" onClick={() => setTheme(NEXT[theme])} aria-label={`Theme: ${theme}. Switch to ${NEXT[theme]}`}>
            {theme === 'dark' ? '☾ Dark' : theme === 'light' ? '☀ Light' : '◐ System'}
          </Button>
          {connection && (
            <Button variant="secondary" onClick={disconnect}>
              Disconnect
            </Button>
          )}
        </div>
      </div>
    </header>
  );
}
