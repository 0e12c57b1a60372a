import { createOscClient, type OscClient } from '../api/client';

/** Who the dashboard is talking to, as the rest of the app sees it. The secret key stays in the client. */
export interface Connection {
  kind: 'sandbox' | 'cloud' | 'profile';
  client: OscClient;
  region: string;
  accountId: string;
  label: string;
  /** The server's osc-cli profile, for `kind: 'profile'`. */
  profile?: string;
}

export interface Credentials {
  endpoint: string;
  region: string;
  accessKey: string;
  secretKey: string;
  /** The server's pass-through base URL, when the browser cannot call the endpoint directly. */
  via?: string;
}

export const passThrough = (origin: string, endpoint: string) => `${origin}/passthrough/${encodeURIComponent(endpoint)}`;

/** A profile of the server: it signs the calls, the browser holds no key. */
export function connectProfile(origin: string, name: string, region: string, accountId: string): Connection {
  return {
    kind: 'profile',
    client: createOscClient({ endpoint: `${origin}/profiles/${encodeURIComponent(name)}`, region }),
    region,
    accountId,
    label: `profile ${name}`,
    profile: name,
  };
}

export function connect(credentials: Credentials, kind: Connection['kind'], accountId: string, label?: string): Connection {
  return {
    kind,
    client: createOscClient(credentials),
    region: credentials.region,
    accountId,
    label: label ?? accountId,
  };
}

const TAB_KEY = 'snapshot-console.connection';

/** Only when the user ticked "keep for this tab": sessionStorage dies with the tab; never localStorage. */
export const tabStorage = {
  save(credentials: Credentials & { accountId: string }) {
    sessionStorage.setItem(TAB_KEY, JSON.stringify(credentials));
  },
  load(): (Credentials & { accountId: string }) | null {
    try {
      const raw = sessionStorage.getItem(TAB_KEY);
      const value = raw ? (JSON.parse(raw) as Partial<Credentials & { accountId: string }>) : null;
      if (value?.endpoint && value.region && value.accessKey && value.secretKey && value.accountId) {
        return value as Credentials & { accountId: string };
      }
    } catch {
      // unreadable: forget it
    }
    sessionStorage.removeItem(TAB_KEY);
    return null;
  },
  clear() {
    sessionStorage.removeItem(TAB_KEY);
  },
};
