/** Running Debian's AWS CLI (/usr/bin/aws, or AWS_CLI_PATH) against a sandbox in tests: a clean HOME, no config. */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const AWS = process.env.AWS_CLI_PATH ?? '/usr/bin/aws';
/** The CLI takes 2 to 15 s a call on a loaded 2-core machine: its tests wait this long for it, they do not time it. */
export const LONG = 300_000;

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

export interface AwsCli {
  home: string;
  run(args: string[], keys: { accessKey: string; secretKey: string }): Promise<Run>;
  close(): void;
}

/** An AWS CLI with its own empty HOME, config and credentials files, keys given per run. */
export function awsCli(): AwsCli {
  if (!existsSync(AWS)) throw new Error(`${AWS} is missing: install Debian's awscli (npm test does it via scripts/bootstrap.mjs)`);
  const home = mkdtempSync(join(tmpdir(), 'aws-home-'));
  writeFileSync(join(home, 'config'), '');
  writeFileSync(join(home, 'credentials'), '');
  return {
    home,
    run: (args, keys) =>
      new Promise((resolve) => {
        execFile(
          AWS,
          args,
          {
            env: {
              PATH: process.env.PATH,
              HOME: home,
              AWS_ACCESS_KEY_ID: keys.accessKey,
              AWS_SECRET_ACCESS_KEY: keys.secretKey,
              AWS_DEFAULT_REGION: 'eu-west-2',
              AWS_CONFIG_FILE: join(home, 'config'),
              AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
              AWS_EC2_METADATA_DISABLED: 'true',
              AWS_PAGER: '',
              AWS_MAX_ATTEMPTS: '2',
            },
            timeout: 90_000,
          },
          (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
        );
      }),
    close: () => rmSync(home, { recursive: true, force: true }),
  };
}
