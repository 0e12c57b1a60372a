import { useQueryClient } from '@tanstack/react-query';
import { Button } from '../components/ui/button';
import { useConnectionState } from '../lib/connection-provider';
import { Link } from '../lib/link';
import { useOnPath } from '../lib/router';
import { useTheme, type ThemeChoice } from './theme';

const NEXT: Record<ThemeChoice, ThemeChoice> = { system: 'light', light: 'dark', dark: 'system' };

export function Header() {
  const { connection, demoAccounts, profiles, switchDemoAccount, switchProfile, disconnect } = useConnectionState();
  const choices = [
    ...(profiles ?? []).map((p) => ({ value: `profile:${p.Name}`, label: `profile ${p.Name} (${p.Region})` })),
    ...(demoAccounts ?? []).map((a) => ({ value: `demo:${a.AccountId}`, label: `${a.AccountAlias ?? a.AccountId} (${a.Role}, sandbox)` })),
  ];
  const current =
    connection?.kind === 'profile'
      ? `profile:${connection.profile}`
      : connection?.kind === 'sandbox'
        ? `demo:${connection.accountId}`
        : '';
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
          {connection && connection.kind !== 'cloud' && choices.length > 1 && (
            <label className="flex items-center gap-1 text-sm">
              <span>Act as</span>
              <select
                className="rounded-md border border-control bg-field px-2 py-1"
                value={current}
                onChange={(event) => {
                  const [kind, id] = [event.target.value.slice(0, event.target.value.indexOf(':')), event.target.value.slice(event.target.value.indexOf(':') + 1)];
                  if (kind === 'profile') switchProfile(id);
                  else switchDemoAccount(id);
                  void queryClient.invalidateQueries({ queryKey: ['osc'] });
                }}
              >
                {choices.map((choice) => (
                  <option key={choice.value} value={choice.value}>
                    {choice.label}
                  </option>
                ))}
              </select>
            </label>
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
