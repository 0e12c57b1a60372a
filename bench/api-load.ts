/**
 * The sandbox's API under load, from a client in this process over keep-alive HTTP/1.1 connections:
 * - big reads: one unpaged ReadSnapshots of the 50k seed (time and size), then the latency of small
 *   ReadSnapshots-by-ID calls from other connections while 4 unpaged reads run at once; then the same on the FCU
 *   face: small DescribeSnapshots-by-ID calls while 2 unpaged DescribeSnapshots run;
 * - throughput: ReadSnapshots by 5 IDs from 32 concurrent clients against a 10k seed, and the same clients
 *   against a bare node:http server answering the same bytes (bench/bare-server.ts), one after the other.
 * Every request is signed before the clock starts (a pool, reused: the signature window is 5 minutes), so the
 * figures compare servers, not the client's signing.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { demoAccountsResponseSchema, type DemoAccount } from '../src/api/sandbox';
import { signRequest } from '../server/osc/sigv4';
import { startSandbox, type RunningSandbox } from './sandbox';

export interface Prepared {
  path: string;
  headers: Record<string, string>;
  body: string;
}

export interface Answer {
  /** 0 when the connection failed (e.g. reset by a server that was blocked past its keep-alive timeout). */
  status: number;
  bytes: number;
  ms: number;
  body?: Buffer;
}

/** One request on a keep-alive agent; the body is kept only when asked (big answers are just counted). */
export function send(agent: Agent, port: number, prepared: Prepared, keep = false): Promise<Answer> {
  const started = performance.now();
  return new Promise((resolve) => {
    let bytes = 0;
    const failed = () => resolve({ status: 0, bytes, ms: performance.now() - started });
    const req = request(
      { host: '127.0.0.1', port, method: 'POST', path: prepared.path, headers: prepared.headers, agent },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          if (keep) chunks.push(chunk);
        });
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, bytes, ms: performance.now() - started, ...(keep ? { body: Buffer.concat(chunks) } : {}) }),
        );
        res.on('error', failed);
      },
    );
    req.on('error', failed);
    req.end(prepared.body);
  });
}

export function rssMiB(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

async function operatorOf(sandbox: RunningSandbox): Promise<DemoAccount> {
  const accounts = demoAccountsResponseSchema.parse(await (await fetch(`${sandbox.url}/sandbox/accounts`)).json()).Accounts;
  return accounts.find((a) => a.Role === 'operator') ?? accounts[0]!;
}

function signer(sandbox: RunningSandbox, account: DemoAccount) {
  return (action: string, input: object): Prepared => {
    const body = JSON.stringify(input);
    const path = `/api/v1/${action}`;
    const headers = signRequest({
      method: 'POST',
      url: `${sandbox.url}${path}`,
      headers: { 'content-type': 'application/json' },
      body,
      accessKey: account.AccessKey,
      secretKey: account.SecretKey,
      region: account.Region,
      service: 'api',
    });
    return { path, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, body };
  };
}

/** FCU DescribeSnapshots calls (EC2 Query, form-encoded POST to /fcu/), signed for service ec2 as the AWS CLI does. */
function fcuSigner(sandbox: RunningSandbox, account: DemoAccount) {
  return (params: Record<string, string>): Prepared => {
    const body = new URLSearchParams({ Action: 'DescribeSnapshots', Version: '2016-11-15', ...params }).toString();
    const path = '/fcu/';
    const headers = signRequest({
      method: 'POST',
      url: `${sandbox.url}${path}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body,
      accessKey: account.AccessKey,
      secretKey: account.SecretKey,
      region: account.Region,
      service: 'ec2',
    });
    return { path, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, body };
  };
}

/** A seeded choice of `count` distinct items, so every run asks for the same IDs. */
function sampler(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  return <T>(items: T[], count: number): T[] => {
    const picked = new Set<number>();
    while (picked.size < Math.min(count, items.length)) picked.add(Math.floor(next() * items.length));
    return [...picked].map((i) => items[i]!);
  };
}

function portOf(url: string): number {
  return Number(new URL(url).port);
}

async function allIds(port: number, sign: ReturnType<typeof signer>): Promise<string[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const ids: string[] = [];
    let token: string | undefined;
    do {
      const answer = await send(agent, port, sign('ReadSnapshots', { ResultsPerPage: 1000, ...(token ? { NextPageToken: token } : {}) }), true);
      if (answer.status !== 200) throw new Error(`ReadSnapshots answered ${answer.status}`);
      const page = JSON.parse(answer.body!.toString('utf8')) as { Snapshots: { SnapshotId: string }[]; NextPageToken?: string };
      ids.push(...page.Snapshots.map((s) => s.SnapshotId));
      token = page.NextPageToken;
    } while (token);
    return ids;
  } finally {
    agent.destroy();
  }
}

export interface BigReadFigures {
  snapshots: number;
  bytes: number;
  /** Sequential unpaged reads, each alone. */
  aloneMs: number[];
  /** The 4 concurrent unpaged reads, per round. */
  concurrentMs: number[];
  /** Small by-ID calls started while the 4 big reads ran. */
  smallMs: number[];
  errors: number;
  rssBefore: number;
  rssAfter: number;
  /** The FCU face, measured after the figures above, in the same sandbox. */
  fcu: FcuBigReadFigures;
}

export interface FcuBigReadFigures {
  /** Bytes of one unpaged DescribeSnapshots (EC2 XML). */
  bytes: number;
  /** One unpaged DescribeSnapshots, alone. */
  aloneMs: number;
  /** The FCU_BIG_READERS concurrent unpaged DescribeSnapshots, per round. */
  concurrentMs: number[];
  /** Small DescribeSnapshots-by-ID calls started while the big ones ran. */
  smallMs: number[];
  errors: number;
}

const SMALL_CLIENTS = 4;
const BIG_READERS = 4;
const FCU_BIG_READERS = 2;
const ROUNDS = 2;

/**
 * `readers` big calls at once, ROUNDS times, while SMALL_CLIENTS connections send small calls from `pool` back to
 * back (from the first big call sent to the last one answered).
 */
async function bigBesideSmall(port: number, big: Prepared, bytes: number, readers: number, pool: Prepared[]) {
  const agent = new Agent({ keepAlive: true, maxSockets: readers });
  const smallAgent = new Agent({ keepAlive: true, maxSockets: SMALL_CLIENTS });
  try {
    await Promise.all(Array.from({ length: SMALL_CLIENTS }, (_, i) => send(smallAgent, port, pool[i % pool.length]!)));
    const concurrentMs: number[] = [];
    const smallMs: number[] = [];
    let errors = 0;
    let next = 0;
    for (let round = 0; round < ROUNDS; round++) {
      let running = true;
      const smallClients = Array.from({ length: SMALL_CLIENTS }, async () => {
        while (running) {
          const answer = await send(smallAgent, port, pool[next++ % pool.length]!);
          if (answer.status !== 200) errors += 1;
          smallMs.push(answer.ms);
        }
      });
      const bigReads = await Promise.all(Array.from({ length: readers }, () => send(agent, port, big)));
      running = false;
      await Promise.all(smallClients);
      for (const answer of bigReads) {
        if (answer.status !== 200 || answer.bytes !== bytes) errors += 1;
        concurrentMs.push(answer.ms);
      }
    }
    return { concurrentMs, smallMs, errors };
  } finally {
    agent.destroy();
    smallAgent.destroy();
  }
}

async function measureFcuBigReads(sandbox: RunningSandbox, account: DemoAccount, ids: string[]): Promise<FcuBigReadFigures> {
  const port = portOf(sandbox.url);
  const sign = fcuSigner(sandbox, account);
  const big = sign({});
  const pick = sampler(17);
  const pool = Array.from({ length: 256 }, () => sign({ 'SnapshotId.1': pick(ids, 1)[0]! }));
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const first = await send(agent, port, big);
    if (first.status !== 200) throw new Error(`the unpaged FCU DescribeSnapshots answered ${first.status}`);
    const probe = await send(agent, port, pool[0]!, true);
    if (probe.status !== 200 || !probe.body!.toString('utf8').includes('<snapshotId>')) throw new Error(`FCU DescribeSnapshots by ID answered ${probe.status}`);
    const alone = await send(agent, port, big);
    return { bytes: first.bytes, aloneMs: alone.ms, ...(await bigBesideSmall(port, big, first.bytes, FCU_BIG_READERS, pool)) };
  } finally {
    agent.destroy();
  }
}

export async function measureBigReads(extraSnapshots: number): Promise<BigReadFigures> {
  const sandbox = await startSandbox(extraSnapshots);
  try {
    const port = portOf(sandbox.url);
    const account = await operatorOf(sandbox);
    const sign = signer(sandbox, account);
    const big = sign('ReadSnapshots', {});
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    let first: Answer;
    let ids: string[];
    let pool: Prepared[];
    const aloneMs: number[] = [];
    let rssBefore: number;
    try {
      first = await send(agent, port, big, true);
      if (first.status !== 200) throw new Error(`the unpaged ReadSnapshots answered ${first.status}`);
      ids = (JSON.parse(first.body!.toString('utf8')) as { Snapshots: { SnapshotId: string }[] }).Snapshots.map((s) => s.SnapshotId);
      const pick = sampler(15);
      pool = Array.from({ length: 256 }, () => sign('ReadSnapshots', { Filters: { SnapshotIds: pick(ids, 1) } }));
      rssBefore = rssMiB(sandbox.pid);
      for (let i = 0; i < 3; i++) aloneMs.push((await send(agent, port, big)).ms);
    } finally {
      agent.destroy();
    }
    const { concurrentMs, smallMs, errors } = await bigBesideSmall(port, big, first.bytes, BIG_READERS, pool);
    const rssAfter = rssMiB(sandbox.pid);
    const fcu = await measureFcuBigReads(sandbox, account, ids);
    return { snapshots: ids.length, bytes: first.bytes, aloneMs, concurrentMs, smallMs, errors, rssBefore, rssAfter, fcu };
  } finally {
    await sandbox.stop();
  }
}

export interface ServerRun {
  /** Answers per second over the measured windows (each after its warm-up). */
  rps: number;
  requests: number;
  errors: number;
  p50: number;
  p99: number;
  /** The server's own CPU time (user + system) per answer, from /proc: less sensitive to a busy machine. */
  cpuMsPerRequest: number;
}

export interface ThroughputFigures {
  snapshots: number;
  clients: number;
  seconds: number;
  rounds: number;
  sandbox: ServerRun;
  bare: ServerRun;
  answerBytes: number;
  rssBefore: number;
  rssAfter: number;
}

const CLIENTS = 32;
const TICK_MS = 10; // Linux reports CPU time in clock ticks of 1/100 s (USER_HZ).

/** User + system CPU time of a process so far, in ms (NaN where /proc is missing). */
export function cpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return NaN;
  }
}

interface Window {
  ok: number;
  errors: number;
  seconds: number;
  cpuMs: number;
  latencies: number[];
}

const WARM_UP_REQUESTS = 2000;
const WARM_UP_MAX_MS = 10_000;

/**
 * Closed-loop clients, each sending its next request as soon as the previous answer ends: a warm-up (at least 1 s
 * and WARM_UP_REQUESTS answers, at most 10 s, so the server's JIT has compiled its hot path even on a busy
 * machine), then `seconds` measured.
 */
async function load(port: number, pid: number, pool: Prepared[], seconds: number): Promise<Window> {
  const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });
  try {
    let next = 0;
    const window: Window = { ok: 0, errors: 0, seconds: 0, cpuMs: 0, latencies: [] };
    let warm = 0;
    const run = (until: number, record: boolean) =>
      Promise.all(
        Array.from({ length: CLIENTS }, async () => {
          while (record ? performance.now() < until : (performance.now() < until || warm < WARM_UP_REQUESTS) && performance.now() < until + WARM_UP_MAX_MS) {
            const answer = await send(agent, port, pool[next++ % pool.length]!);
            warm += 1;
            if (!record) continue;
            if (answer.status === 200) window.ok += 1;
            else window.errors += 1;
            window.latencies.push(answer.ms);
          }
        }),
      );
    await run(performance.now() + 1000, false);
    const cpuBefore = cpuMs(pid);
    const started = performance.now();
    await run(started + seconds * 1000, true);
    window.seconds = (performance.now() - started) / 1000;
    window.cpuMs = cpuMs(pid) - cpuBefore;
    return window;
  } finally {
    agent.destroy();
  }
}

function summary(windows: Window[]): ServerRun {
  const ok = windows.reduce((sum, w) => sum + w.ok, 0);
  const latencies = windows.flatMap((w) => w.latencies);
  return {
    rps: ok / windows.reduce((sum, w) => sum + w.seconds, 0),
    requests: ok,
    errors: windows.reduce((sum, w) => sum + w.errors, 0),
    p50: percentileOf(latencies, 50),
    p99: percentileOf(latencies, 99),
    cpuMsPerRequest: windows.reduce((sum, w) => sum + w.cpuMs, 0) / Math.max(1, ok),
  };
}

async function startBare(bodyFile: string): Promise<{ port: number; pid: number; stop: () => void }> {
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}/bare`] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', 'bench/bare-server.ts', bodyFile], { stdio: ['ignore', 'pipe', 'inherit'] });
  const stop = () => void child.kill(profile.length ? 'SIGTERM' : 'SIGKILL');
  process.once('exit', stop);
  const line = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the bare server exited with code ${code}`)));
    createInterface({ input: child.stdout! }).once('line', resolve);
  });
  return { port: Number(line), pid: child.pid!, stop };
}

/**
 * ReadSnapshots by 5 IDs (a pool of 1024 pre-signed requests over the seed's IDs) from 32 clients, against the
 * sandbox and the bare server in turn, `rounds` times (bare, sandbox, bare, sandbox…), so that a change in the
 * machine's load falls on both alike.
 */
export async function measureThroughput(extraSnapshots: number, seconds: number, rounds = 2): Promise<ThroughputFigures> {
  const sandbox = await startSandbox(extraSnapshots);
  const dir = mkdtempSync(join(tmpdir(), 'bench-api-'));
  let bare: Awaited<ReturnType<typeof startBare>> | undefined;
  try {
    const port = portOf(sandbox.url);
    const sign = signer(sandbox, await operatorOf(sandbox));
    const ids = await allIds(port, sign);
    const pick = sampler(16);
    const pool = Array.from({ length: 1024 }, () => sign('ReadSnapshots', { Filters: { SnapshotIds: pick(ids, 5) } }));
    const sample = await send(new Agent(), port, pool[0]!, true);
    if (sample.status !== 200) throw new Error(`ReadSnapshots by 5 IDs answered ${sample.status}`);
    writeFileSync(join(dir, 'answer.json'), sample.body!);
    bare = await startBare(join(dir, 'answer.json'));
    const rssBefore = rssMiB(sandbox.pid);
    const bareWindows: Window[] = [];
    const sandboxWindows: Window[] = [];
    for (let round = 0; round < rounds; round++) {
      bareWindows.push(await load(bare.port, bare.pid, pool, seconds));
      sandboxWindows.push(await load(port, sandbox.pid, pool, seconds));
    }
    return {
      snapshots: ids.length,
      clients: CLIENTS,
      seconds,
      rounds,
      sandbox: summary(sandboxWindows),
      bare: summary(bareWindows),
      answerBytes: sample.bytes,
      rssBefore,
      rssAfter: rssMiB(sandbox.pid),
    };
  } finally {
    bare?.stop();
    rmSync(dir, { recursive: true, force: true });
    await sandbox.stop();
  }
}

function percentileOf(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (!sorted.length) return NaN;
  const rank = (p / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.min(low + 1, sorted.length - 1);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (rank - low);
}

// `node --import tsx bench/api-load.ts [big|throughput]`: one part alone, printed raw (for profiling).
if (process.argv[1]?.endsWith('api-load.ts')) {
  const part = process.argv[2] ?? 'both';
  if (part !== 'throughput') {
    const f = await measureBigReads(Number(process.env.BENCH_SNAPSHOTS ?? 50_000));
    const small = (list: number[]) => ({ n: list.length, p50: percentileOf(list, 50), p99: percentileOf(list, 99), max: Math.max(...list) });
    console.log({ ...f, smallMs: undefined, small: small(f.smallMs), fcu: { ...f.fcu, smallMs: undefined, small: small(f.fcu.smallMs) } });
  }
  if (part !== 'big') {
    const f = await measureThroughput(Number(process.env.BENCH_API_SNAPSHOTS ?? 10_000), Number(process.env.BENCH_API_SECONDS ?? 4));
    console.log({ ...f, ratio: f.sandbox.rps / f.bare.rps });
  }
}
