import type { DemoAccount } from '../api/sandbox';
import type { Connection } from '../lib/connection';

/**
 * "Act as": switches between the sandbox's demo accounts and the server's osc-cli profiles. Loaded beside the first
 * screen, not in its script: the page is usable before it shows.
 */
export default function AccountSwitcher({
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
  const current = connection.kind === 'profile' ? `profile:${connection.profile}` : `demo:${connection.accountId}`;
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
