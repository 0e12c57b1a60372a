#!/usr/bin/env node
// Runs before `npm start` and `npm test`, so a fresh clone works with one command: installs the npm
// dependencies when they are missing or older than the lockfile, and (with --browser) what the tests drive:
// a Chromium for the end-to-end tests and Debian's AWS CLI for the FCU tests. Plain Node, no dependencies: node_modules may not exist yet.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const wantBrowser = process.argv.includes('--browser');
const say = (line) => console.log(`[bootstrap] ${line}`);

function run(command, args, env = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status === 0;
}

function dependenciesReady() {
  const marker = join(root, 'node_modules', '.package-lock.json');
  const addon = join(root, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
  if (!existsSync(marker) || !existsSync(addon)) return false;
  return statSync(marker).mtimeMs >= statSync(join(root, 'package-lock.json')).mtimeMs;
}

if (!dependenciesReady()) {
  say('installing npm dependencies (npm ci; better-sqlite3 builds from source, about a minute)');
  // node-gyp must build against the local Node headers: this machine cannot download them.
  const env = existsSync('/usr/include/node/node.h') ? { npm_config_nodedir: '/usr' } : {};
  if (!run('npm', ['ci', '--no-audit', '--no-fund'], env)) {
    console.error('[bootstrap] npm ci failed: see the output above.');
    process.exit(1);
  }
}

if (wantBrowser && (!existsSync(process.env.AWS_CLI_PATH ?? '/usr/bin/aws') || !existsSync(process.env.S3CMD_PATH ?? '/usr/bin/s3cmd'))) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (existsSync('/usr/bin/apt-get') && isRoot) {
    say("installing Debian's awscli and s3cmd for the FCU and OOS tests");
    const env = { DEBIAN_FRONTEND: 'noninteractive' };
    if (!(run('apt-get', ['update', '-qq'], env) && run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'awscli', 's3cmd'], env))) {
      console.error('[bootstrap] apt-get could not install awscli and s3cmd.');
      process.exit(1);
    }
  } else {
    console.error('[bootstrap] The FCU and OOS tests drive the AWS CLI and s3cmd: install them (Debian: apt-get install awscli s3cmd) or set AWS_CLI_PATH and S3CMD_PATH.');
    process.exit(1);
  }
}

if (wantBrowser) {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium'].filter(Boolean);
  if (!candidates.some((path) => existsSync(path))) {
    const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
    const hasApt = existsSync('/usr/bin/apt-get');
    if (hasApt && isRoot) {
      say("installing Debian's chromium for the end-to-end tests");
      const env = { DEBIAN_FRONTEND: 'noninteractive' };
      const ok =
        run('apt-get', ['update', '-qq'], env) &&
        run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium', 'fonts-liberation'], env);
      if (!ok) {
        console.error('[bootstrap] apt-get could not install chromium.');
        process.exit(1);
      }
    } else {
      // Developer laptops without Debian's chromium: Playwright's own build (needs internet).
      say("no /usr/bin/chromium: installing Playwright's Chromium (npx playwright install chromium)");
      if (!run('npx', ['playwright', 'install', 'chromium'])) {
        console.error(
          '[bootstrap] No Chromium available. Install Debian\'s `chromium` package, or set CHROMIUM_PATH ' +
            'to a Chromium binary, or run `npx playwright install chromium` where downloads are allowed.',
        );
        process.exit(1);
      }
    }
  }
}
