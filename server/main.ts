/**
 * `npm start`: one process on 127.0.0.1 serving the dashboard and the OUTSCALE API sandbox.
 * Flags: --port N, --host H, --memory (no file), --reset (wipe the data file first), --speed X (demo time
 * factor), --failure-rate P (fault knob), --data DIR, --seed-extra N (N more demo snapshots on first seed,
 * for benchmarks), --throttle N (snapshot creations allowed per volume or source per minute),
 * --allowed-host NAME (another name this server answers to, e.g. behind a proxy; repeat), --latency MS (every
 * /api and /fcu answer comes MS later, as through a real network to a cloud), --oos-port N (the OOS face, S3-compatible;
 * default the API port + 1).
 */
import { mkdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import { actions } from '../src/api/requests';
import { createApp } from './app';
import { answerOosClientError } from './oos/face';
import { DEMO_KEY_FILE, loadDemoKeySecret, newDemoKeySecret, removeDemoKeySecret } from './demo-key';
import { answerClientError } from './client-error';
import { isLoopbackHost, isWildcard } from './host-check';
import { forwardWithProfile } from './cloud/forward';
import { loadProfiles, pickProfiles, type Profile } from './cloud/profiles';
import { systemClock } from './osc/clock';
import { seedDemo } from './model/seed';
import { openStore } from './model/store';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function fail(message: string): never {
  console.error(`snapshot-console: ${message}`);
  process.exit(2);
}

const { values } = (() => {
  try {
    return parseArgs({
      options: {
        port: { type: 'string', default: process.env.PORT ?? '4173' },
        'oos-port': { type: 'string' },
        host: { type: 'string', default: '127.0.0.1' },
        memory: { type: 'boolean', default: false },
        reset: { type: 'boolean', default: false },
        speed: { type: 'string', default: '1' },
        'failure-rate': { type: 'string', default: '0' },
        'seed-extra': { type: 'string', default: '0' },
        throttle: { type: 'string', default: '5' },
        latency: { type: 'string', default: '0' },
        profile: { type: 'string', multiple: true, default: [] },
        'allow-endpoint': { type: 'string', multiple: true, default: [] },
        'allowed-host': { type: 'string', multiple: true, default: [] },
        token: { type: 'string', default: process.env.SNAPSHOT_CONSOLE_TOKEN },
        sandbox: { type: 'boolean', default: false },
        data: { type: 'string', default: join(root, '.data') },
        quiet: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
})();

if (values.help) {
  console.log(`Usage: npm start -- [--port 4173] [--host 127.0.0.1] [--memory] [--reset] [--speed 1]
                    [--failure-rate 0] [--data .data] [--seed-extra 0] [--throttle 5] [--quiet]
                    [--profile NAME ...|all] [--sandbox] [--allow-endpoint URL ...] [--token T]
                    [--allowed-host NAME ...] [--latency MS] [--oos-port N]`);
  process.exit(0);
}

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be 0..65535, not '${values.port}'`);
// OOS (S3-compatible, server/oos/) on its own port: S3 clients (AWS CLI, s3cmd) take a host and port, not a path.
const oosPort = values['oos-port'] === undefined ? (port === 0 ? 0 : port + 1) : Number(values['oos-port']);
if (!Number.isInteger(oosPort) || oosPort < 0 || oosPort > 65535 || (oosPort === port && port !== 0)) fail(`--oos-port must be 0..65535 and not the --port, not '${values['oos-port']}'`);
const speed = Number(values.speed);
if (!(speed > 0 && speed <= 10000)) fail(`--speed must be a number in (0, 10000], not '${values.speed}'`);
const throttleMax = Number(values.throttle);
if (!Number.isInteger(throttleMax) || throttleMax < 1) fail('--throttle must be a whole number of creations per minute, at least 1');
const failureRate = Number(values['failure-rate']);
if (!(failureRate >= 0 && failureRate <= 1)) fail(`--failure-rate must be in [0, 1]`);
const latencyMs = Number(values.latency);
if (!Number.isInteger(latencyMs) || latencyMs < 0 || latencyMs > 60_000) fail(`--latency must be a whole number of milliseconds in [0, 60000], not '${values.latency}'`);

for (const name of values['allowed-host']) {
  if (!/^\.?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*\.?$/i.test(name)) {
    fail(`--allowed-host takes a host name such as console.example.com (or .example.com for its subdomains), not '${name}'`);
  }
}

let dbPath = ':memory:';
if (!values.memory) {
  try {
    mkdirSync(values.data, { recursive: true });
  } catch (error) {
    fail(`cannot create the data folder ${values.data}: ${(error as Error).message}`);
  }
  dbPath = join(values.data, 'sandbox.sqlite');
  if (values.reset) {
    for (const suffix of ['', '-wal', '-shm']) rmSync(dbPath + suffix, { force: true });
    removeDemoKeySecret(values.data);
  }
}

let profiles: Profile[] = [];
try {
  profiles = values.profile.length ? pickProfiles(loadProfiles(), values.profile) : [];
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
const loopback = isLoopbackHost(values.host);
if (!loopback && !isIP(values.host) && !isWildcard(values.host)) fail(`--host must be an IP address, not '${values.host}'`);
// Beyond loopback, anyone on the network could use the keys this server holds: require a token.
const accessToken = loopback ? values.token : (values.token ?? randomBytes(24).toString('base64url'));
const accountIds = new Map<string, string>();
await Promise.all(
  profiles.map(async (profile) => {
    const answer = await forwardWithProfile(profile, 'ReadAccounts', '{}', 10_000);
    const accountId = (() => {
      try {
        const parsed = actions.ReadAccounts.response.safeParse(JSON.parse(answer.body));
        return parsed.success ? parsed.data.Accounts?.[0]?.AccountId : undefined;
      } catch {
        return undefined;
      }
    })();
    if (answer.status === 200 && accountId) {
      accountIds.set(profile.name, accountId);
      console.log(`  profile ${profile.name}: ${profile.region}, account ${accountId} (${profile.endpoint})`);
    } else {
      console.warn(`  profile ${profile.name}: ReadAccounts failed (HTTP ${answer.status}); the dashboard will show the error.`);
    }
  }),
);

// The publisher's public OS-image snapshots every account sees, as on a real Region (the list's default view
// leaves them out; "Public" or "All" shows them).
const PUBLIC_SNAPSHOTS = 3000;
const extraSnapshots = Number(values['seed-extra']);
if (!Number.isInteger(extraSnapshots) || extraSnapshots < 0) fail('--seed-extra must be a whole number');
const store = (() => {
  try {
    const opened = openStore(dbPath);
    if (opened.isEmpty()) seedDemo(opened, systemClock.now(), { extraSnapshots, publicSnapshots: PUBLIC_SNAPSHOTS });
    return opened;
  } catch (error) {
    // One clear line, not a stack: the usual cause is a file damaged or written by something else.
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return fail(`cannot use the data file ${dbPath} (${reason}). Start with --reset to wipe it and seed the demo accounts again, or --data DIR to use another folder.`);
  }
})();

// The demo accounts' secret keys are derived from this, never the published constants of seed.ts: the API
// answers CORS to any Origin, so with those any web page could sign calls here. The token when there is one;
// else a random secret kept in the data folder (the same keys after a restart, new ones after --reset), or
// one per process with --memory. GET /sandbox/accounts (same-origin only) lists the keys.
const demoKeySecret = (() => {
  if (accessToken) return accessToken;
  if (values.memory) return newDemoKeySecret();
  try {
    return loadDemoKeySecret(values.data);
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
})();

// Known once listening (--port 0 picks one); the Host check compares with it.
let listeningPort: number | undefined = port || undefined;
let oosListeningPort: number | undefined = oosPort || undefined;
const app = createApp({
  store,
  clock: systemClock,
  model: { speed, failureRate, throttle: { max: throttleMax, windowSeconds: 60 } },
  // SANDBOX_DIST: another build of the dashboard (two test runs on one machine, each with its own build).
  staticDir: process.env.SANDBOX_DIST ? resolve(process.env.SANDBOX_DIST) : join(root, 'dist'),
  log: values.quiet ? undefined : (line) => console.log(line),
  reseed: () => seedDemo(store, systemClock.now(), { extraSnapshots, publicSnapshots: PUBLIC_SNAPSHOTS }),
  cloud: { profiles, accountIds, extraEndpoints: values['allow-endpoint'], loopbackOnly: loopback },
  accessToken,
  demoKeySecret,
  hosts: { listenHost: values.host, port: () => listeningPort, allowedHosts: values['allowed-host'] },
  oosHosts: { listenHost: values.host, port: () => oosListeningPort, allowedHosts: values['allowed-host'] },
  // The page reads a pre-signed URL's size with a ranged GET (the import dialog): its CSP must let it reach OOS.
  // CSP host-sources cannot name an IPv6 literal (Chromium ignores the whole source and says so): IPv4 and names only.
  oosOrigins: oosPort
    ? [...new Set(['127.0.0.1', 'localhost', ...(loopback || isWildcard(values.host) || values.host.includes(':') ? [] : [values.host])])].map((name) => `http://${name}:${oosPort}`)
    : [],
  // With profiles the dashboard is about the real cloud: the sandbox (and its demo keys) only on request.
  sandbox: profiles.length === 0 || values.sandbox,
});


// No Host, broken framing, a head over 16 KiB: answered in the route's face (client-error.ts, host-check.ts).
// --latency MS: each /api and /fcu request is handled MS later, a round trip to a distant cloud (the page and
// the sandbox controls stay immediate).
const API_PATH = /^\/(api|fcu)(\/|\?|$)/;
const listener: typeof app.listener = latencyMs
  ? (req, res) => {
      if (API_PATH.test(req.url ?? '')) setTimeout(() => app.listener(req, res), latencyMs);
      else app.listener(req, res);
    }
  : app.listener;
const server = createServer({ requireHostHeader: false }, listener);
server.on('clientError', answerClientError);
server.on('error', (error) => fail(`cannot listen on ${values.host}:${port}: ${error.message}`));
server.listen(port, values.host, () => {
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  listeningPort = actualPort;
  const url = `http://${values.host.includes(':') ? `[${values.host}]` : values.host}:${actualPort}/`;
  const withSandbox = profiles.length === 0 || values.sandbox;
  const open = accessToken ? `${url}?access=${accessToken}` : url;
  console.log(`Snapshot Console${withSandbox ? ' with the OUTSCALE API sandbox' : ''}: ${open}`);
  if (accessToken) {
    console.log('  The page, /sandbox/* and the profile routes need that access token (opening the URL above sets it in a cookie;');
    console.log('  scripts send Authorization: Bearer TOKEN). Signed calls to /api and /fcu need only their signature.');
  }
  if (!loopback) {
    const names = values['allowed-host'].length ? `, and ${values['allowed-host'].join(', ')}` : '';
    console.log(`  Answers to this machine's addresses on port ${actualPort}${names}; other names need --allowed-host NAME.`);
  }
  if (profiles.length) console.log(`  Profiles signed by this server: ${profiles.map((p) => p.name).join(', ')}`);
  if (!withSandbox) return;
  console.log(`  OUTSCALE API endpoint: ${url}api/v1/  (data: ${values.memory ? 'in memory' : dbPath})`);
  console.log(`  FCU (AWS CLI) endpoint: ${url}fcu/  e.g. aws ec2 describe-snapshots --endpoint-url ${url}fcu/`);
  listenOos(url);
  console.log(`  Each Region's own endpoints (the scope and the key must be of that Region): ${url}REGION/api/v1/ and ${url}REGION/fcu/, e.g. ${url}us-east-2/api/v1/`);
  if (latencyMs) console.log(`  Every /api and /fcu answer is delayed by ${latencyMs} ms (--latency).`);
  console.log('  Demo accounts (sandbox credentials only, not valid on OUTSCALE):');
  for (const account of store.listAccounts()) {
    console.log(
      `    ${account.AccountAlias ?? account.AccountId}  ${account.AccountId}  ${account.Region}  ` +
        `access key ${account.AccessKey}`,
    );
  }
  const secrets = accessToken
    ? 'derived from the access token'
    : values.memory
      ? 'random for this run'
      : `random, kept in ${join(values.data, DEMO_KEY_FILE)} until --reset`;
  console.log(`  Secret keys (${secrets}; the published demo values are refused):`);
  console.log(
    accessToken
      ? `    curl -H 'Authorization: Bearer TOKEN' ${url}sandbox/accounts`
      : `    curl ${url}sandbox/accounts`,
  );
});

/** The OOS face's listener, beside the API's (the sandbox only); a busy port costs OOS, not the console. */
let oosServer: ReturnType<typeof createServer> | undefined;
function listenOos(apiUrl: string) {
  oosServer = createServer({ requireHostHeader: false }, app.oosListener);
  oosServer.on('clientError', answerOosClientError);
  oosServer.on('error', (error) => console.warn(`  OOS endpoint not served: cannot listen on ${values.host}:${oosPort} (${error.message}); use --oos-port N.`));
  oosServer.listen(oosPort, values.host, () => {
    const address = oosServer!.address();
    oosListeningPort = typeof address === 'object' && address ? address.port : oosPort;
    const oosUrl = apiUrl.replace(/:\d+\/$/, `:${oosListeningPort}`);
    console.log(`  OOS (S3) endpoint: ${oosUrl}  e.g. aws s3 ls --endpoint-url ${oosUrl}  (path-style; signature scope = the account's Region)`);
  });
}

function shutdown() {
  oosServer?.close();
  server.close();
  store.close();
  process.exit(0);
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
