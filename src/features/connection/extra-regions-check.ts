/**
 * The Connect screen's other Regions (issue 14 item 2): an OUTSCALE account lives in one Region, so each further
 * Region takes its own credentials (access key and secret key, or a profile the server signs for). Each is checked
 * with ReadAccounts at its Region's endpoint before connecting; a refusal names the Region and says why.
 * Secrets stay in the drafts (memory) and the clients: never in an error message.
 */
import { createOscClient } from '../../api/client';
import { OscApiError } from '../../api/errors';
import { apiEndpoint, PUBLIC_REGIONS } from '../../api/regions';
import type { ConsoleProfile } from '../../api/sandbox';
import { profileEndpoint, type Credentials, type ExtraRegion } from '../../lib/connection';

/** The server's pass-through base URL for an endpoint the browser cannot call directly (CORS). */
export const passThrough = (origin: string, endpoint: string) => `${origin}/passthrough/${encodeURIComponent(endpoint)}`;

export const CUSTOM = 'custom';

/** One further Region as typed: by keys (a public Region, or a custom endpoint and its Region name), or a profile. */
export interface ExtraDraft {
  key: number;
  mode: 'keys' | 'profile';
  region: string;
  customEndpoint: string;
  customRegion: string;
  accessKey: string;
  secretKey: string;
  profile: string;
}

export type DraftErrors = Partial<Record<'region' | 'customEndpoint' | 'customRegion' | 'accessKey' | 'secretKey' | 'profile', string>>;

let nextKey = 1;

/** A new draft for the first public Region not yet used (the account's own Region comes first, and is taken). */
export function newDraft(used: readonly string[], profiles: readonly ConsoleProfile[] = []): ExtraDraft {
  const region = PUBLIC_REGIONS.find((r) => !used.includes(r)) ?? CUSTOM;
  const profile = profiles.find((p) => !used.includes(p.Region));
  return { key: nextKey++, mode: 'keys', region, customEndpoint: '', customRegion: '', accessKey: '', secretKey: '', profile: profile?.Name ?? '' };
}

/** The Region a draft connects. */
export function draftRegion(draft: ExtraDraft, profiles: readonly ConsoleProfile[] = []): string {
  if (draft.mode === 'profile') return profiles.find((p) => p.Name === draft.profile)?.Region ?? '';
  return draft.region === CUSTOM ? draft.customRegion.trim() : draft.region;
}

/** What is wrong with each draft's fields, before any call; `taken` are the Regions connected before it. */
export function draftErrors(draft: ExtraDraft, taken: readonly string[], profiles: readonly ConsoleProfile[] = []): DraftErrors {
  const errors: DraftErrors = {};
  const region = draftRegion(draft, profiles);
  const twice = region && taken.includes(region) ? `${region} is already connected: one account per Region.` : undefined;
  if (draft.mode === 'profile') {
    if (!draft.profile) errors.profile = 'Choose a profile.';
    else if (twice) errors.profile = twice;
    return errors;
  }
  if (draft.region === CUSTOM) {
    if (!/^https?:\/\/[^\s/]+/.test(draft.customEndpoint)) errors.customEndpoint = `Enter the endpoint URL, e.g. ${apiEndpoint(PUBLIC_REGIONS[1])}`;
    if (!/^[a-z0-9-]+$/.test(draft.customRegion.trim())) errors.customRegion = `Enter the Region name used for signing, e.g. ${PUBLIC_REGIONS[1]}`;
    else if (twice) errors.customRegion = twice;
  } else if (twice) errors.region = twice;
  if (!draft.accessKey.trim()) errors.accessKey = 'Enter the access key of your account in this Region.';
  if (!draft.secretKey) errors.secretKey = 'Enter the secret key of your account in this Region.';
  return errors;
}

/** A draft's credentials (keys mode), through the server's pass-through when `via` is set like the first Region's. */
export function draftCredentials(draft: ExtraDraft, viaServer: boolean, origin: string): Credentials {
  const custom = draft.region === CUSTOM;
  const endpoint = custom ? draft.customEndpoint.trim().replace(/\/+$/, '') : apiEndpoint(draft.region);
  return {
    endpoint,
    region: custom ? draft.customRegion.trim() : draft.region,
    accessKey: draft.accessKey.trim(),
    secretKey: draft.secretKey,
    ...(viaServer ? { via: passThrough(origin, endpoint) } : {}),
  };
}

/** A refusal of one further Region, with the Region named and the usual cause said. */
export class ExtraRegionError extends Error {
  constructor(
    readonly region: string,
    readonly draftKey: number,
    readonly reason: Error,
    readonly hint: string,
  ) {
    super(`${region}: ${reason.message}`);
  }
}

/** Why keys may be refused in a further Region: told beside OUTSCALE's own error. */
export function regionHint(region: string, home: string, cause: Error): string {
  if (cause instanceof OscApiError && cause.kind !== 'network' && (cause.code === '1' || cause.status === 401)) {
    return `The ${region} endpoint refused these keys. An OUTSCALE account lives in one Region: for ${region}, enter the access key and secret key of your account in ${region} (the keys of your ${home} account are not valid there).`;
  }
  return `Could not check the keys for ${region}: fix them, or remove this Region to connect ${home} alone.`;
}

/**
 * Checks each draft with ReadAccounts in its Region, in order; resolves to the Regions to connect, or throws an
 * ExtraRegionError for the first one refused.
 */
export async function checkDrafts(
  drafts: readonly ExtraDraft[],
  options: { home: string; viaServer: boolean; origin: string; profiles?: readonly ConsoleProfile[] },
): Promise<ExtraRegion[]> {
  const checked: ExtraRegion[] = [];
  for (const draft of drafts) {
    const region = draftRegion(draft, options.profiles);
    try {
      if (draft.mode === 'profile') {
        const credentials = { endpoint: profileEndpoint(options.origin, draft.profile), region };
        const accountId = (await createOscClient(credentials).call('ReadAccounts')).Accounts[0]?.AccountId;
        if (!accountId) throw new Error(`ReadAccounts returned no account for the profile ${draft.profile}.`);
        checked.push({ credentials, accountId, label: `profile ${draft.profile}` });
      } else {
        const credentials = draftCredentials(draft, options.viaServer, options.origin);
        const accountId = (await createOscClient(credentials).call('ReadAccounts')).Accounts[0]?.AccountId;
        if (!accountId) throw new Error(`ReadAccounts returned no account for these keys in ${region}.`);
        checked.push({ credentials, accountId });
      }
    } catch (error) {
      const cause = error instanceof Error ? error : new Error(String(error));
      throw new ExtraRegionError(region, draft.key, cause, regionHint(region, options.home, cause));
    }
  }
  return checked;
}
