/**
 * Starts the real sandbox (server/main.ts) as a child process on a free port, seeded for the bench.
 * The child is killed however the bench ends: normal stop, thrown error, Ctrl-C or process exit.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';

const START_TIMEOUT_MS = 120_000;

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port'))));
    });
  });
}

export interface RunningSandbox {
  url: string;
  /** The server's process ID (for its RSS). */
  pid: number;
  stop(): Promise<void>;
}

/**
 * `flags` are passed on to server/main.ts after the bench's own (e.g. ['--speed', '0.2']). `cwd`: another copy
 * of the project (its server and its dist/), e.g. an older commit for a paired comparison. `dist`: another build
 * to serve as the dashboard.
 */
export async function startSandbox(extraSnapshots: number, flags: string[] = [], cwd?: string, dist?: string): Promise<RunningSandbox> {
  const port = await freePort();
  // BENCH_CPU_PROF=DIR writes a V8 CPU profile of the sandbox there when it stops (node --cpu-prof).
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const args = [...profile, '--import', 'tsx', 'server/main.ts', '--memory', '--quiet', '--port', String(port), ...(cwd ? [] : ['--oos-port', '0'])];
  const child = spawn(process.execPath, [...args, '--seed-extra', String(extraSnapshots), ...flags], {
    stdio: ['ignore', 'ignore', 'inherit'],
    cwd,
    // `dist`: another build served as the dashboard (server/main.ts reads SANDBOX_DIST), e.g. the bare React page.
    ...(dist ? { env: { ...process.env, SANDBOX_DIST: dist } } : {}),
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const killNow = () => void child.kill('SIGKILL');
  const onSignal = (signal: NodeJS.Signals) => {
    killNow();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('exit', killNow);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const stop = async () => {
    process.off('exit', killNow);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(killNow, 5_000);
    await exited;
    clearTimeout(timer);
  };

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + START_TIMEOUT_MS;
  try {
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`the sandbox exited with code ${child.exitCode} before listening`);
      try {
        if ((await fetch(`${url}/sandbox/accounts`)).status === 200) return { url, pid: child.pid!, stop };
      } catch {
        // Not listening yet: seeding 50,000 snapshots takes a few seconds.
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`the sandbox did not answer GET /sandbox/accounts within ${START_TIMEOUT_MS / 1000} s`);
  } catch (error) {
    await stop();
    throw error;
  }
}
