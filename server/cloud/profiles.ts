/**
 * OUTSCALE credentials from the files and variables operators already use: `~/.osc/config.json` (osc-cli,
 * oapi-cli and octl read it; `OSC_CONFIG_FILE` moves it) and `OSC_ACCESS_KEY` / `OSC_SECRET_KEY` /
 * `OSC_REGION` (a profile named `env`). Secrets stay in this process: the browser sees names and Regions.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { apiEndpoint, DEFAULT_REGION } from '../../src/api/regions';

export interface Profile {
  name: string;
  region: string;
  /** Base URL of the OUTSCALE API, without `/api/v1`. */
  endpoint: string;
  accessKey: string;
  secretKey: string;
}

export const ENV_PROFILE = 'env';

export function configPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.OSC_CONFIG_FILE || join(homedir(), '.osc', 'config.json');
}

function endpointOf(entry: Record<string, unknown>, region: string): string {
  const endpoints = entry.endpoints as Record<string, unknown> | undefined;
  const api = typeof endpoints?.api === 'string' ? endpoints.api : undefined;
  if (api) return api.replace(/\/+$/, '').replace(/\/api\/(v1|latest)$/, '');
  // osc-cli's own keys: host (e.g. outscale.com) and https
  if (typeof entry.host === 'string' && entry.host) {
    return `${entry.https === false ? 'http' : 'https'}://api.${region}.${entry.host}`;
  }
  return apiEndpoint(region);
}

/** Every profile of the config file, plus `env` when the variables are set. Throws with a plain reason. */
export function loadProfiles(env: NodeJS.ProcessEnv = process.env): Map<string, Profile> {
  const profiles = new Map<string, Profile>();
  const path = configPath(env);
  let text: string | undefined;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    text = undefined;
  }
  if (text !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new Error(`${path} is not valid JSON.`);
    }
    if (!parsed || typeof parsed !== 'object') throw new Error(`${path} must hold an object of profiles.`);
    for (const [name, value] of Object.entries(parsed as Record<string, unknown>)) {
      if (!value || typeof value !== 'object') continue;
      const entry = value as Record<string, unknown>;
      const accessKey = entry.access_key;
      const secretKey = entry.secret_key;
      const region = (entry.region ?? entry.region_name ?? DEFAULT_REGION) as unknown;
      if (typeof accessKey !== 'string' || typeof secretKey !== 'string' || typeof region !== 'string') {
        throw new Error(`Profile '${name}' in ${path} needs access_key, secret_key and region.`);
      }
      profiles.set(name, { name, region, endpoint: endpointOf(entry, region), accessKey, secretKey });
    }
  }
  if (env.OSC_ACCESS_KEY && env.OSC_SECRET_KEY) {
    const region = env.OSC_REGION || DEFAULT_REGION;
    profiles.set(ENV_PROFILE, {
      name: ENV_PROFILE,
      region,
      endpoint: endpointOf(env.OSC_ENDPOINT_API ? { endpoints: { api: env.OSC_ENDPOINT_API } } : {}, region),
      accessKey: env.OSC_ACCESS_KEY,
      secretKey: env.OSC_SECRET_KEY,
    });
  }
  return profiles;
}

/** The profiles named on the command line (`--profile a --profile b`, or `all`). */
export function pickProfiles(all: Map<string, Profile>, names: string[], env: NodeJS.ProcessEnv = process.env): Profile[] {
  if (names.includes('all')) return [...all.values()];
  return names.map((name) => {
    const profile = all.get(name);
    if (!profile) {
      const known = [...all.keys()];
      throw new Error(
        `No profile '${name}' in ${configPath(env)}${known.length ? ` (known: ${known.join(', ')})` : ''}` +
          (name === ENV_PROFILE ? '; set OSC_ACCESS_KEY and OSC_SECRET_KEY' : '') + '.',
      );
    }
    return profile;
  });
}
