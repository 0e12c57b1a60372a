import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadProfiles, pickProfiles } from './profiles';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function configFile(content: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'osc-config-'));
  dirs.push(dir);
  const path = join(dir, 'config.json');
  writeFileSync(path, content);
  return path;
}

describe('OUTSCALE profiles', () => {
  it('reads osc-cli and oapi-cli/octl profiles from OSC_CONFIG_FILE', () => {
    const path = configFile(JSON.stringify({
      default: { access_key: 'AK1', secret_key: 'SK1', region: 'eu-west-2' },
      cli: { access_key: 'AK2', secret_key: 'SK2', region_name: 'us-east-2', host: 'outscale.com', https: true },
      custom: { access_key: 'AK3', secret_key: 'SK3', region: 'eu-west-2', endpoints: { api: 'http://127.0.0.1:9999/api/v1/' } },
    }));
    const profiles = loadProfiles({ OSC_CONFIG_FILE: path });
    expect(profiles.get('default')).toEqual({ name: 'default', region: 'eu-west-2', endpoint: 'https://api.eu-west-2.outscale.com', accessKey: 'AK1', secretKey: 'SK1' });
    expect(profiles.get('cli')?.endpoint).toBe('https://api.us-east-2.outscale.com');
    expect(profiles.get('custom')?.endpoint).toBe('http://127.0.0.1:9999');
  });

  it('adds an env profile from OSC_ACCESS_KEY, OSC_SECRET_KEY and OSC_REGION', () => {
    const profiles = loadProfiles({ OSC_CONFIG_FILE: '/nonexistent/config.json', OSC_ACCESS_KEY: 'AK', OSC_SECRET_KEY: 'SK', OSC_REGION: 'us-west-1' });
    expect(profiles.get('env')).toMatchObject({ region: 'us-west-1', endpoint: 'https://api.us-west-1.outscale.com' });
  });

  it('says what is wrong with a bad file or an unknown profile, without the secret', () => {
    expect(() => loadProfiles({ OSC_CONFIG_FILE: configFile('{not json') })).toThrow(/not valid JSON/);
    expect(() => loadProfiles({ OSC_CONFIG_FILE: configFile('{"p":{"access_key":"AK"}}') })).toThrow(/needs access_key, secret_key and region/);
    const path = configFile(JSON.stringify({ default: { access_key: 'AK1', secret_key: 'TOPSECRET', region: 'eu-west-2' } }));
    const all = loadProfiles({ OSC_CONFIG_FILE: path });
    expect(() => pickProfiles(all, ['prod'], { OSC_CONFIG_FILE: path })).toThrow(/No profile 'prod'.*known: default/);
    try {
      pickProfiles(all, ['prod'], { OSC_CONFIG_FILE: path });
    } catch (error) {
      expect(String(error)).not.toContain('TOPSECRET');
    }
    expect(pickProfiles(all, ['all']).map((p) => p.name)).toEqual(['default']);
  });
});
