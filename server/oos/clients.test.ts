/**
 * Debian's AWS CLI (`aws s3 …`, /usr/bin/aws) and s3cmd (/usr/bin/s3cmd) against the sandbox's OOS face over real
 * HTTP with real signatures: mb, ls, cp up and down, presign then a ranged fetch, an expired pre-signed URL, a
 * scope of the wrong Region; s3cmd's mb, ls, put, get, info, del, rb. The sandbox clock follows real time plus
 * an offset the expiry test moves (the CLI signs with the real time).
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app';
import { awsCli, LONG, type AwsCli, type Run } from '../fcu/aws-cli-kit';
import { DEMO_OPERATOR, seedDemo } from '../model/seed';
import { openStore, type Store } from '../model/store';
import type { Clock } from '../osc/clock';
import { listen as listenOn } from './test-kit';

const S3CMD = process.env.S3CMD_PATH ?? '/usr/bin/s3cmd';

let store: Store;
let servers: Server[] = [];
let endpoint = '';
let cli: AwsCli;
let dir = '';
let offsetMs = 0;
const clock: Clock = { now: () => new Date(Date.now() + offsetMs) };

const aws = (args: string[]) => cli.run([...args, '--endpoint-url', endpoint], DEMO_OPERATOR);
const ok = (run: Run) => {
  expect(run.stderr, run.stderr).toBe('');
  expect(run.code).toBe(0);
  return run.stdout;
};

const listen = (listener: Parameters<typeof createServer>[1]) => listenOn(servers, listener);

beforeAll(async () => {
  cli = awsCli();
  if (!existsSync(S3CMD)) throw new Error(`${S3CMD} is missing: install Debian's s3cmd (npm test does it via scripts/bootstrap.mjs)`);
  dir = mkdtempSync(join(tmpdir(), 'oos-clients-'));
  store = openStore(':memory:');
  seedDemo(store, clock.now());
  const app = createApp({ store, clock });
  await listen(app.listener);
  endpoint = `http://127.0.0.1:${await listen(app.oosListener)}`;
});
afterAll(async () => {
  await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
  servers = [];
  store.close();
  cli.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the AWS CLI against the OOS face', () => {
  it('makes a bucket, copies a file up and down, and lists both', async () => {
    expect(ok(await aws(['s3', 'mb', 's3://aws-cli-bucket']))).toContain('make_bucket: aws-cli-bucket');
    expect(ok(await aws(['s3', 'ls']))).toMatch(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d aws-cli-bucket/);
    const file = join(dir, 'disk.img');
    writeFileSync(file, Buffer.alloc(300_000, 7));
    expect(ok(await aws(['s3', 'cp', file, 's3://aws-cli-bucket/images/disk one.img', '--no-progress']))).toContain('upload:');
    expect(ok(await aws(['s3', 'ls', 's3://aws-cli-bucket/']))).toContain('PRE images/');
    expect(ok(await aws(['s3', 'ls', 's3://aws-cli-bucket/images/']))).toMatch(/ 300000 disk one\.img/);
    const back = join(dir, 'back.img');
    expect(ok(await aws(['s3', 'cp', 's3://aws-cli-bucket/images/disk one.img', back, '--no-progress']))).toContain('download:');
    const bytes = readFileSync(back);
    // The sandbox keeps the size and MD5 of an upload, not its bytes: the body it serves is generated.
    expect(bytes.length).toBe(300_000);
    expect(bytes.toString('latin1', 0, 80)).toContain('OUTSCALE OOS sandbox object aws-cli-bucket/images/disk one.img');
    const head = JSON.parse(ok(await aws(['s3api', 'head-object', '--bucket', 'aws-cli-bucket', '--key', 'images/disk one.img']))) as Record<string, unknown>;
    expect(head).toMatchObject({ ContentLength: 300000, ETag: `"${createHash('md5').update(Buffer.alloc(300_000, 7)).digest('hex')}"` });
    expect(ok(await aws(['s3', 'rm', 's3://aws-cli-bucket/images/disk one.img']))).toContain('delete:');
    expect(ok(await aws(['s3', 'rb', 's3://aws-cli-bucket']))).toContain('remove_bucket: aws-cli-bucket');
  }, LONG);

  it('presigns a URL a browser can read a range of, until it expires on the sandbox clock', async () => {
    ok(await aws(['s3', 'mb', 's3://presign-bucket']));
    const file = join(dir, 'small.bin');
    writeFileSync(file, Buffer.alloc(5000, 1));
    ok(await aws(['s3', 'cp', file, 's3://presign-bucket/export/snap.qcow2.gz', '--no-progress']));
    const url = ok(await aws(['s3', 'presign', 's3://presign-bucket/export/snap.qcow2.gz', '--expires-in', '300'])).trim();
    expect(url).toMatch(/X-Amz-Expires=300&.*X-Amz-Signature=[0-9a-f]{64}$/);
    const ranged = await fetch(url, { headers: { range: 'bytes=0-0', origin: 'https://console.example' } });
    expect([ranged.status, ranged.headers.get('content-range'), ranged.headers.get('access-control-allow-origin')]).toEqual([206, 'bytes 0-0/5000', 'https://console.example']);
    offsetMs = 301_000;
    try {
      const late = await fetch(url);
      const text = await late.text();
      expect([late.status, /<Code>(\w+)</.exec(text)?.[1], /<Message>([^<]+)</.exec(text)?.[1]]).toEqual([403, 'AccessDenied', 'Request has expired']);
    } finally {
      offsetMs = 0;
    }
  }, LONG);

  it('uploads a file of 8 MiB or more in parts (multipart), as the CLI does', async () => {
    ok(await aws(['s3', 'mb', 's3://multipart-bucket']));
    const file = join(dir, 'nine.img');
    writeFileSync(file, Buffer.alloc(9 * 1024 * 1024, 5));
    ok(await aws(['s3', 'cp', file, 's3://multipart-bucket/nine.img', '--no-progress']));
    const head = JSON.parse(ok(await aws(['s3api', 'head-object', '--bucket', 'multipart-bucket', '--key', 'nine.img']))) as { ContentLength: number; ETag: string };
    expect(head.ContentLength).toBe(9 * 1024 * 1024);
    expect(head.ETag).toMatch(/^"[0-9a-f]{32}-2"$/);
  }, LONG);

  it("refuses a signature scoped to another Region than the key's account", async () => {
    const run = await cli.run(['s3', 'ls', '--endpoint-url', endpoint, '--region', 'us-east-2'], DEMO_OPERATOR);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain("AuthorizationHeaderMalformed");
    expect(run.stderr).toContain("the region 'us-east-2' is wrong; expecting 'eu-west-2'");
  }, LONG);
});

const s3cmd = (args: string[]) => s3cmdAs(DEMO_OPERATOR, args);

function s3cmdAs(keys: { accessKey: string; secretKey: string }, args: string[]): Promise<Run> {
  const config = join(dir, 's3cfg');
  writeFileSync(
    config,
    [
      '[default]',
      `access_key = ${keys.accessKey}`,
      `secret_key = ${keys.secretKey}`,
      `host_base = ${endpoint.slice('http://'.length)}`,
      `host_bucket = ${endpoint.slice('http://'.length)}`,
      'use_https = False',
      'bucket_location = eu-west-2',
      'signature_v2 = False',
      '',
    ].join('\n'),
  );
  return new Promise((resolve) => {
    execFile(S3CMD, ['-c', config, '--no-progress', ...args], { env: { PATH: process.env.PATH, HOME: dir }, timeout: 90_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('s3cmd against the OOS face', () => {
  it('mb, ls, put, get, info, del and rb', async () => {
    const done = async (args: string[]) => {
      const run = await s3cmd(args);
      expect(run.code, `${args.join(' ')}: ${run.stderr}`).toBe(0);
      return run;
    };
    expect((await done(['mb', 's3://s3cmd-bucket'])).stdout).toContain("Bucket 's3://s3cmd-bucket/' created");
    expect((await done(['ls'])).stdout).toContain('s3://s3cmd-bucket');
    const file = join(dir, 'put.bin');
    writeFileSync(file, Buffer.alloc(20_000, 3));
    expect((await done(['put', file, 's3://s3cmd-bucket/dir/put.bin'])).stdout).toContain("-> 's3://s3cmd-bucket/dir/put.bin'");
    expect((await done(['ls', 's3://s3cmd-bucket/'])).stdout).toContain('DIR  s3://s3cmd-bucket/dir/');
    expect((await done(['ls', '-r', 's3://s3cmd-bucket'])).stdout).toMatch(/20000 +s3:\/\/s3cmd-bucket\/dir\/put\.bin/);
    const back = join(dir, 'got.bin');
    await done(['get', '--force', 's3://s3cmd-bucket/dir/put.bin', back]);
    expect(readFileSync(back).length).toBe(20_000);
    const info = (await done(['info', 's3://s3cmd-bucket/dir/put.bin'])).stdout;
    expect(info).toContain('File size: 20000');
    expect(info).toContain(`ACL:       ${DEMO_OPERATOR.accountId}: FULL_CONTROL`);
    expect((await done(['info', 's3://s3cmd-bucket'])).stdout).toContain('Location:  eu-west-2');
    const big = join(dir, 'big.bin');
    writeFileSync(big, Buffer.alloc(16 * 1024 * 1024, 4));
    await done(['put', big, 's3://s3cmd-bucket/big.bin']);
    expect((await done(['ls', 's3://s3cmd-bucket/big.bin'])).stdout).toMatch(/16777216 +s3:\/\/s3cmd-bucket\/big\.bin/);
    await done(['del', 's3://s3cmd-bucket/big.bin']);
    await done(['del', 's3://s3cmd-bucket/dir/put.bin']);
    expect((await done(['rb', 's3://s3cmd-bucket'])).stdout).toContain('removed');
    const missing = await s3cmd(['ls', 's3://s3cmd-bucket']);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('NoSuchBucket');
  }, LONG);
});

describe('a sandbox started as npm start starts it', () => {
  it('serves OOS on --oos-port with the keys /sandbox/accounts lists, to the AWS CLI and s3cmd', async () => {
    const { startServer, demoKeys } = await import('../fuzz/harness');
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const oosPort = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const child = await startServer(['--memory', '--quiet', '--port', '0', '--oos-port', String(oosPort)]);
    try {
      const { operator } = await demoKeys(child.base);
      const url = `http://127.0.0.1:${oosPort}`;
      expect(await cli.run(['s3', 'mb', 's3://process-bucket', '--endpoint-url', url], operator)).toMatchObject({ code: 0, stderr: '' });
      const listed = await cli.run(['s3', 'ls', '--endpoint-url', url], operator);
      expect(listed.stdout).toContain('process-bucket');
      // The published demo secret is not a credential against a server npm start runs.
      const published = await cli.run(['s3', 'ls', '--endpoint-url', url], DEMO_OPERATOR);
      expect(published.stderr).toContain('SignatureDoesNotMatch');
      const saved = endpoint;
      endpoint = url;
      try {
        const config = { ...DEMO_OPERATOR, secretKey: operator.secretKey };
        const run = await s3cmdAs(config, ['ls']);
        expect([run.code, run.stdout.includes('s3://process-bucket')]).toEqual([0, true]);
      } finally {
        endpoint = saved;
      }
    } finally {
      await child.stop();
    }
  }, LONG);
});
