import { useQueryClient } from '@tanstack/react-query';
import type { DemoAccount } from '../api/sandbox';
import { Button } from '../components/ui/button';
import type { Connection } from '../lib/connection';
import { disconnect, switchDemoAccount, switchProfile } from '../lib/connection-choices';
import { useConnectionState } from '../lib/connection-provider';
import { withoutRegion } from '../lib/region-links';
import { navigate, useRegionParam } from '../lib/router';
import { HeaderNav } from './header-nav';
import { RegionNotice, RegionSwitch } from './region-switch';
import type { ThemeChoice } from './theme';
import { useTheme } from './use-theme';

const NEXT: Record<ThemeChoice, ThemeChoice> = { system: 'light', light: 'dark', dark: 'system' };

/** Another account (or none) connects: its first Region is shown, so the URL names none. */
const leaveRegion = () => navigate(withoutRegion(window.location.pathname, window.location.search), { replace: true, keepRegion: false });

/**
 * The header's end, loaded beside the first screen, not in its script (the list is usable before it shows): the page
 * links, who the page is connected to and the Region shown (with a switch when several are connected), "Act as", the theme and
 * Disconnect.
 */
export default function HeaderEnd() {
  const { connection, demoAccounts, profiles, choose } = useConnectionState();
  const region = useRegionParam();
  const [theme, setTheme] = useTheme();
  const queryClient = useQueryClient();
  return (
    <>
      {connection && <HeaderNav />}
      {connection && <ConnectedAccount connection={connection} />}
      <div className="ml-auto flex flex-wrap items-center gap-2">
        {connection && <RegionSwitch connection={connection} />}
        {connection && (
          <AccountSwitcher
            connection={connection}
            demoAccounts={demoAccounts}
            profiles={profiles}
            onChoose={(kind, id) => {
              leaveRegion();
              if (kind === 'profile') switchProfile(choose, id);
              else switchDemoAccount(choose, id);
              void queryClient.invalidateQueries({ queryKey: ['osc'] });
            }}
          />
        )}
        <Button variant="ghost" onClick={() => setTheme(NEXT[theme])} aria-label={`Theme: ${theme}. Switch to ${NEXT[theme]}`}>
          {theme === 'dark' ? '☾ Dark' : theme === 'light' ? '☀ Light' : '◐ System'}
        </Button>
        {connection && (
          <Button
            variant="secondary"
            onClick={() => {
              leaveRegion();
              disconnect(choose, queryClient);
            }}
          >
            Disconnect
          </Button>
        )}
      </div>
      {connection && <RegionNotice asked={region} connected={connection.regions.map((r) => r.region)} />}
    </>
  );
}

/**
 * Who the page is connected to: the kind, the account and its Region (the Region shown), then each other connected
 * Region with its account (an OUTSCALE account lives in one Region), e.g. "Sandbox · account 339215505907 ·
 * eu-west-2 · us-east-2 (account 604183927715)".
 */
export function ConnectedAccount({ connection }: { connection: Connection }) {
  return (
    <p className="text-sm text-soft" aria-label="Connected account">
      {connection.kind === 'sandbox' ? 'Sandbox' : connection.kind === 'profile' ? `OUTSCALE (${connection.label})` : 'OUTSCALE'} · account{' '}
      <span className="font-mono" data-testid="account-id">
        {connection.accountId}
      </span>{' '}
      · <span>{connection.region}</span>
      {connection.regions.filter((other) => other.region !== connection.region).map((other) => (
        <span key={other.region} data-testid={`region-${other.region}`}>
          {' '}
          · {other.region} (account <span className="font-mono">{other.accountId}</span>)
        </span>
      ))}
    </p>
  );
}

/** "Act as": switches between the sandbox's demo accounts and the server's osc-cli profiles. */
function AccountSwitcher({
  connection,
  demoAccounts,
  profiles,
  onChoose,
}: {
  connection: Connection;
  demoAccounts: readonly DemoAccount[] | null | undefined;
  profiles: readonly { Name: string; Region: string }[] | null | undefined;
  onChoose: (kind: 'profile' | 'demo', id: string) => void;
}) {
  const choices = [
    ...(profiles ?? []).map((p) => ({ value: `profile:${p.Name}`, label: `profile ${p.Name} (${p.Region})` })),
    ...(demoAccounts ?? []).map((a) => ({ value: `demo:${a.AccountId}`, label: `${a.AccountAlias ?? a.AccountId} (${a.Role}, sandbox)` })),
  ];
  if (connection.kind === 'cloud' || choices.length < 2) return null;
  // The account connected: its first Region's, whichever Region is shown.
  const current = connection.kind === 'profile' ? `profile:${connection.profile}` : `demo:${connection.regions[0]!.accountId}`;
  return (
    <label className="flex items-center gap-1 text-sm">
      <span>Act as</span>
      <select
        className="rounded-md border border-control bg-field px-2 py-1"
        value={current}
        onChange={(event) => {
          const value = event.target.value;
          const colon = value.indexOf(':');
          onChoose(value.slice(0, colon) === 'profile' ? 'profile' : 'demo', value.slice(colon + 1));
        }}
      >
        {choices.map((choice) => (
          <option key={choice.value} value={choice.value}>
            {choice.label}
          </option>
        ))}
      </select>
    </label>
  );
}
