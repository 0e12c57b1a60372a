/**
 * The Region the pages show (issue 15), chosen in the header as in the AWS console, and carried in the URL as
 * `?region=NAME` (none: the account's first Region). Part of the header's end, loaded lazily.
 */
import { useEffect, useId, useState } from 'react';
import { Button } from '../components/ui/button';
import type { Connection } from '../lib/connection';
import { regionSwitchHref, withoutRegion } from '../lib/region-links';
import { navigate } from '../lib/router';

/**
 * A native select of the connected Regions, each with its account's label: keyboard and screen-reader usable as
 * is, and narrow enough for a phone. Choosing one opens the same page there (src/lib/region-links.ts). Nothing
 * with one Region connected.
 */
export function RegionSwitch({ connection }: { connection: Connection }) {
  const { regions } = connection;
  const id = useId();
  if (regions.length < 2) return null;
  return (
    <div className="flex min-w-0 items-center gap-1 text-sm">
      <label htmlFor={id}>Region</label>
      <select
        id={id}
        className="min-w-0 max-w-[15rem] sm:max-w-none rounded-md border border-control bg-field px-2 py-1"
        value={connection.region}
        onChange={(event) => navigate(regionSwitchHref(window.location.pathname, event.target.value, regions[0]!.region), { keepRegion: false })}
      >
        {regions.map((r) => (
          <option key={r.region} value={r.region}>
            {r.region} · {r.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/**
 * A `region=` that is not connected: said plainly (the first Region is shown meanwhile), and dropped from the URL
 * so that the links of the page do not carry it on.
 */
export function RegionNotice({ asked, connected }: { asked: string; connected: readonly string[] }) {
  const unknown = asked && !connected.includes(asked) ? asked : '';
  const [said, setSaid] = useState('');
  if (unknown && unknown !== said) setSaid(unknown);
  useEffect(() => {
    if (unknown) navigate(withoutRegion(window.location.pathname, window.location.search), { replace: true, keepRegion: false });
  }, [unknown]);
  if (!said) return null;
  return (
    <div role="status" className="flex basis-full flex-wrap items-center gap-2 rounded-md border border-line bg-page px-3 py-2 text-sm">
      <p>
        The link asked for the Region <span className="font-mono">{said}</span>, which is not connected (connected: {connected.join(', ')}): this
        shows {connected[0]}.
      </p>
      <Button variant="ghost" onClick={() => setSaid('')}>
        Dismiss
      </Button>
    </div>
  );
}
