/** `npm start -- --latency MS`: every /api and /fcu answer comes MS later; the page and the sandbox controls do not wait. */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';

function start(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', '--memory', '--port', '0', '--quiet', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { child, exited, out: () => stdout, err: () => stderr };
}

describe('--latency MS', () => {
  it.each(['-5', 'abc', '1.5', '60001'])('refuses --latency %s with one line and exit code 2', async (value) => {
    const server = start([`--latency=${value}`]);
    expect(await server.exited).toBe(2);
    expect(server.err().trim().split('\n')).toEqual([expect.stringContaining('--latency must be a whole number of milliseconds')]);
  });

  it('answers /api and /fcu after the delay, in their own format, and the rest at once', async () => {
    const server = start(['--latency', '1500']);
    try {
      const base = await new Promise<string>((resolve, reject) => {
        server.child.stdout.on('data', () => {
          const match = /FCU \(AWS CLI\) endpoint: (http:\/\/127\.0\.0\.1:\d+)\//.exec(server.out());
          if (match && /delayed by 1500 ms/.test(server.out())) resolve(match[1]!);
        });
        void server.exited.then((code) => reject(new Error(`exited ${code}: ${server.err()}`)));
      });
      const order: string[] = [];
      const api = fetch(`${base}/api/v1/ReadSnapshots`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } }).then(async (r) => {
        order.push('api');
        return { status: r.status, body: (await r.json()) as { Errors?: { Code: string }[]; ResponseContext?: { RequestId: string } } };
      });
      const fcu = fetch(`${base}/fcu/?Action=DescribeSnapshots`).then(async (r) => {
        order.push('fcu');
        return { status: r.status, body: await r.text() };
      });
      const controls = fetch(`${base}/sandbox/accounts`).then((r) => {
        order.push('controls');
        return r.status;
      });
      expect(await controls).toBe(200);
      const [apiAnswer, fcuAnswer] = await Promise.all([api, fcu]);
      expect(order[0]).toBe('controls');
      expect(apiAnswer.status).toBe(401);
      expect(apiAnswer.body.Errors?.[0]?.Code).toBeTruthy();
      expect(apiAnswer.body.ResponseContext?.RequestId).toBeTruthy();
      expect(fcuAnswer.status).toBeGreaterThanOrEqual(400);
      expect(fcuAnswer.status).toBeLessThan(500);
      expect(fcuAnswer.body).toMatch(/^<\?xml[\s\S]*<Code>\w+<\/Code>/);
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  });
});
