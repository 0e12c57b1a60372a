import { createOscClient, type OscClient } from '../../api/client';
import type { DemoAccount } from '../../api/sandbox';

/** Who the dashboard is talking to, as the rest of the app sees it. */
export interface Connection {
  client: OscClient;
  region: string;
  label: string;
}

export function connectionForDemoAccount(account: DemoAccount, origin: string): Connection {
  return {
    client: createOscClient({
      endpoint: origin,
      region: account.Region,
      accessKey: account.AccessKey,
      secretKey: account.SecretKey,
    }),
    region: account.Region,
    label: account.AccountAlias ?? account.AccountId,
  };
}
