/**
 * The Command view and the submit make the same calls: both come from one plan, and this runs each printed
 * script in a real shell (with osc-cli, aws, curl, jq and date stood in for by recorders) and compares the calls
 * it makes with the calls the submit makes through the API client.
 */
import { execFile, execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsCliCommand, awsCliProblem, curlCommand, impossibleCopy, oscCliCommand, type CopyCommandInput } from '../../api/commands';
import { COPY_TIME, copyPlan, type CopyForm } from '../../api/copy-form';
import { runCopyPlan } from './run-copy';

const NEW_ID = 'snap-12345678';
const NOW = '2026-11-25T12:00:00Z';
const TOKEN = 'f3b5c1e2-1111-4222-8333-944445555666';
const nasty = `it's "prod" $HOME \`id\` $(id) & -x; 123\nline two`;

const forms: [string, CopyForm][] = [
  ['no tags, no provenance', { SourceSnapshotId: 'snap-0123abcd', SourceRegionName: 'eu-west-2', Description: nasty, Tags: [], Provenance: false, SourceTags: false }],
  ['user tags and provenance', { SourceSnapshotId: 'snap-0123abcd', SourceRegionName: 'eu-west-2', Description: 'True', Tags: [{ Key: 'env', Value: nasty }, { Key: "o'k", Value: '123' }], Provenance: true, SourceTags: false }],
  ['provenance only, no description', { SourceSnapshotId: 'snap-0123abcd', SourceRegionName: 'eu-west-2', Description: '', Tags: [], Provenance: true, SourceTags: false }],
  ['a description that starts with a dash', { SourceSnapshotId: 'snap-0123abcd', SourceRegionName: 'eu-west-2', Description: '--dry-run', Tags: [{ Key: 'k', Value: '' }], Provenance: false, SourceTags: false }],
];

interface Call {
  action: string;
  request: Record<string, unknown>;
}

let bin = '';
beforeAll(() => {
  bin = mkdtempSync(join(tmpdir(), 'fake-cli-'));
  const recorder = (name: string, output: string) => {
    writeFileSync(join(bin, name), `#!/bin/sh\nprintf '%s\\0' ${name} "$@" >> "$CALLS"; printf '\\001' >> "$CALLS"\n${output}\n`);
    chmodSync(join(bin, name), 0o755);
  };
  const answer = `{"Snapshot":{"SnapshotId":"${NEW_ID}"}}`;
  recorder('osc-cli', `echo '${answer}'`);
  recorder('curl', `echo '${answer}'`);
  recorder('aws', `[ "$2" = copy-snapshot ] && echo ${NEW_ID}; exit 0`);
  writeFileSync(join(bin, 'jq'), `#!/bin/sh\n[ "$1 $2" = "-er .Snapshot.SnapshotId" ] || exit 2\ngrep -q '"SnapshotId":"${NEW_ID}"' && echo ${NEW_ID}\n`);
  writeFileSync(join(bin, 'date'), `#!/bin/sh\n[ "$*" = "-u +%Y-%m-%dT%H:%M:%SZ" ] && echo ${NOW}\n`);
  chmodSync(join(bin, 'jq'), 0o755);
  chmodSync(join(bin, 'date'), 0o755);
});
afterAll(() => rmSync(bin, { recursive: true, force: true }));

/** Runs a printed script in sh; returns each recorded command line as its argv. */
function run(script: string): string[][] {
  const calls = join(bin, `calls-${Math.random()}`);
  writeFileSync(calls, '');
  execFileSync('sh', ['-c', script], { env: { PATH: `${bin}:/usr/bin:/bin`, CALLS: calls, OSC_ACCESS_KEY: 'AK', OSC_SECRET_KEY: 'SK' } });
  return readFileSync(calls, 'utf8').split('\u0001').filter(Boolean).map((record) => record.split('\0').slice(0, -1));
}

/** osc-cli reads Python literals: our quoted strings, lists and objects are JSON; anything else is text. */
const pythonValue = (value: string) => (/^["[{]/.test(value) ? JSON.parse(value) : value === 'True' ? true : value);

const FLAGS = new Set(['--silent', '--show-error', '--fail-with-body']);

function options(args: string[]): Map<string, string> {
  const found = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const eq = arg.indexOf('=');
    if (FLAGS.has(arg)) found.set(arg.slice(2), '');
    else if (arg.startsWith('--') && eq > 0) found.set(arg.slice(2, eq), arg.slice(eq + 1));
    else if (arg.startsWith('--')) found.set(arg.slice(2), args[++i]!);
  }
  return found;
}

const parse = {
  osc: (argv: string[]): Call => {
    expect(argv.slice(0, 2)).toEqual(['osc-cli', 'api']);
    const request: Record<string, unknown> = {};
    for (const [key, value] of options(argv.slice(3))) request[key] = pythonValue(value);
    return { action: argv[2]!, request };
  },
  aws: (argv: string[]): Call => {
    const o = options(argv.slice(3));
    expect(o.get('endpoint')).toBe('https://fcu.eu-west-2.outscale.com');
    expect(o.get('region')).toBe('eu-west-2');
    if (argv[2] === 'copy-snapshot') {
      expect(o.get('destination-region')).toBe('eu-west-2');
      return {
        action: 'CreateSnapshot',
        request: { SourceSnapshotId: o.get('source-snapshot-id'), SourceRegionName: o.get('source-region'), ...(o.has('description') ? { Description: o.get('description') } : {}) },
      };
    }
    expect(argv[2]).toBe('create-tags');
    return { action: 'CreateTags', request: { ResourceIds: [o.get('resources')], Tags: JSON.parse(o.get('tags')!) } };
  },
  curl: (argv: string[]): Call => {
    const o = options(argv.slice(1));
    expect(o.get('aws-sigv4')).toBe('osc:osc:eu-west-2:api');
    expect(o.get('user')).toBe('AK:SK');
    const url = argv.at(-1)!;
    expect(url.startsWith('https://api.eu-west-2.outscale.com/api/v1/')).toBe(true);
    return { action: url.slice(url.lastIndexOf('/') + 1), request: JSON.parse(o.get('data')!) };
  },
};

async function submitCalls(form: CopyForm): Promise<Call[]> {
  const calls: Call[] = [];
  const client = {
    call: (async (action: string, request: Record<string, unknown>) => {
      calls.push({ action, request });
      return action === 'CreateSnapshot' ? { Snapshot: { SnapshotId: NEW_ID, Tags: [] } } : {};
    }) as never,
  };
  await runCopyPlan(client, copyPlan(form, TOKEN, NOW));
  return calls;
}

const input = (form: CopyForm): CopyCommandInput => ({ plan: copyPlan(form, TOKEN, COPY_TIME), region: 'eu-west-2', endpoint: 'https://api.eu-west-2.outscale.com/' });

describe('the Command view prints exactly the calls the submit makes', () => {
  it.each(forms)('%s: osc-cli', async (_name, form) => {
    expect(run(oscCliCommand(input(form))).map(parse.osc)).toEqual(await submitCalls(form));
  });

  it.each(forms)('%s: curl', async (_name, form) => {
    expect(run(curlCommand(input(form))).map(parse.curl)).toEqual(await submitCalls(form));
  });

  it.each(forms)('%s: AWS CLI (FCU has no ClientToken on copy-snapshot)', async (_name, form) => {
    const expected = (await submitCalls(form)).map((call) => {
      const { ClientToken: _token, ...request } = call.request;
      return { ...call, request };
    });
    expect(run(awsCliCommand(input(form))).map(parse.aws)).toEqual(expected);
  });

  it('the submit tags the copy with its source, its Region and the copy time', async () => {
    const calls = await submitCalls(forms[1]![1]);
    expect(calls.map((c) => c.action)).toEqual(['CreateSnapshot', 'CreateTags']);
    expect(calls[1]!.request.Tags).toEqual([
      { Key: 'env', Value: nasty },
      { Key: "o'k", Value: '123' },
      { Key: 'copied-from', Value: 'snap-0123abcd' },
      { Key: 'copied-from-region', Value: 'eu-west-2' },
      { Key: 'copied-at', Value: NOW },
    ]);
  });

  it('gives no AWS CLI form for a description the AWS CLI would read as a file or URL', () => {
    for (const description of ['file:///etc/passwd', 'fileb://x', 'https://example.com/a', 'HTTP://x']) {
      expect(awsCliProblem(input({ ...forms[0]![1], Description: description }))).toMatch(/file or URL/);
    }
    expect(awsCliProblem(input({ ...forms[0]![1], Description: 'see https://example.com' }))).toBeNull();
  });

  it('prints nothing for a copy from another Region, and says why', () => {
    const form = { ...forms[0]![1], SourceRegionName: 'us-east-2' };
    expect(impossibleCopy(input(form))).toMatch(/only within your account's Region \(eu-west-2\), not from us-east-2/);
    expect(impossibleCopy(input(forms[0]![1]))).toBeNull();
  });
});

describe('the printed curl commands run as shown against the sandbox (real curl --aws-sigv4, real signature check)', () => {
  it('makes the copy, then tags it with the user tags and the provenance tags', async () => {
    const { createServer } = await import('node:http');
    const { createApp } = await import('../../../server/app');
    const { systemClock } = await import('../../../server/osc/clock');
    const { DEMO_OPERATOR, seedDemo } = await import('../../../server/model/seed');
    const { openStore } = await import('../../../server/model/store');
    const { createOscClient } = await import('../../api/client');
    const store = openStore(':memory:');
    seedDemo(store, systemClock.now());
    const server = createServer(createApp({ store, clock: systemClock, model: { speed: 50 } }).listener);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
      const oapi = createOscClient({ endpoint: base, region: 'eu-west-2', accessKey: DEMO_OPERATOR.accessKey, secretKey: DEMO_OPERATOR.secretKey });
      const source = (await oapi.call('ReadSnapshots', { Filters: { AccountIds: [DEMO_OPERATOR.accountId], States: ['completed'] } })).Snapshots[0]!.SnapshotId;
      const form: CopyForm = { SourceSnapshotId: source, SourceRegionName: 'eu-west-2', Description: nasty, Tags: [{ Key: 'env', Value: nasty }], Provenance: true, SourceTags: false };
      const script = curlCommand({ plan: copyPlan(form, 'token-curl', COPY_TIME), region: 'eu-west-2', endpoint: base });
      // jq may be missing on a bare machine: a stand-in that reads the same path.
      const tools = mkdtempSync(join(tmpdir(), 'tools-'));
      writeFileSync(join(tools, 'jq'), `#!/bin/sh\n[ "$1 $2" = "-er .Snapshot.SnapshotId" ] || exit 2\nexec node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const id=JSON.parse(s)?.Snapshot?.SnapshotId;if(!id)process.exit(1);console.log(id)})'\n`);
      chmodSync(join(tools, 'jq'), 0o755);
      const out = await new Promise<string>((resolve, reject) =>
        execFile('sh', ['-c', `${script}\nprintf '\\nnew copy: %s\\n' "$SNAPSHOT_ID"`], { env: { PATH: `${tools}:${process.env.PATH}`, OSC_ACCESS_KEY: DEMO_OPERATOR.accessKey, OSC_SECRET_KEY: DEMO_OPERATOR.secretKey } }, (error, stdout, stderr) =>
          error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout),
        ),
      );
      rmSync(tools, { recursive: true, force: true });
      const id = /new copy: (snap-[0-9a-f]{8})/.exec(out)?.[1];
      expect(id, out).toBeDefined();
      const made = (await oapi.call('ReadSnapshots', { Filters: { SnapshotIds: [id!] } })).Snapshots[0]!;
      expect(made).toMatchObject({ Description: nasty, ClientToken: 'token-curl' });
      expect(made.Tags).toContainEqual({ Key: 'env', Value: nasty });
      expect(made.Tags).toContainEqual({ Key: 'copied-from', Value: source });
      expect(made.Tags).toContainEqual({ Key: 'copied-from-region', Value: 'eu-west-2' });
      expect(made.Tags.find((t) => t.Key === 'copied-at')!.Value).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      store.close();
    }
  }, 30_000);
});
