/**
 * DNS rebinding protection: every request must name this server in its Host header. A page on
 * `evil.example` whose DNS name is rebound to 127.0.0.1 reaches the server with `Host: evil.example`, so a
 * Host that is not one of the server's own addresses (with the listening port) or a name the operator
 * allowed (`--allowed-host`, as Vite's `server.allowedHosts`) is refused before any route runs.
 *
 * - Listening on loopback: `localhost`, `127.x.x.x` and `[::1]`, with the listening port.
 * - Listening on a wildcard (0.0.0.0, ::): those and the wildcard itself, plus every address of the machine's interfaces (read
 *   again when an unknown address shows up, at most every few seconds, so a new DHCP lease works).
 * - Listening on one address: that address, with the listening port.
 * - `--allowed-host NAME`: that name on any port (a reverse proxy may use its own); `.example.com` allows
 *   example.com and every subdomain.
 */
import { networkInterfaces } from 'node:os';
import { printable } from './osc/printable';

export interface HostCheckOptions {
  /** The address the server listens on; undefined: loopback (tests that never listen on anything else). */
  listenHost?: string;
  /** The listening port; undefined accepts any port (createApp in tests, listening on port 0). */
  port?: () => number | undefined;
  /** Extra names, from --allowed-host. */
  allowedHosts?: string[];
  /** The machine's addresses (injectable for tests). */
  interfaces?: () => string[];
}

export type HostVerdict = { ok: true } | { ok: false; reason: string };

const LOOPBACK_NAMES = ['localhost', '::1'];
const REREAD_INTERFACES_MS = 5_000;

function isLoopbackName(name: string): boolean {
  return LOOPBACK_NAMES.includes(name) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name);
}

export function isWildcard(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '[::]';
}

export function isLoopbackHost(host: string): boolean {
  return isLoopbackName(host.replace(/^\[|\]$/g, '').toLowerCase());
}

function machineAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flatMap((list) => list ?? [])
    .map((entry) => entry.address.toLowerCase().replace(/%.*$/, ''));
}

/** `name[:port]` or `[v6][:port]`, lowercased, without a trailing dot; null when it is not a Host value. */
export function parseHostHeader(value: string): { name: string; port: number | undefined } | null {
  const match = /^(?:\[([0-9a-f:.]+)\]|([a-z0-9._-]+))(?::(\d{1,5}))?$/i.exec(value.trim());
  if (!match) return null;
  const name = (match[1] ?? match[2]!).toLowerCase().replace(/\.$/, '');
  const port = match[3] === undefined ? undefined : Number(match[3]);
  if (!name || (port !== undefined && port > 65535)) return null;
  return { name, port };
}

function allowedByName(name: string, allowed: string[]): boolean {
  return allowed.some((entry) => {
    const rule = entry.toLowerCase().replace(/\.$/, '');
    if (rule.startsWith('.')) return name === rule.slice(1) || name.endsWith(rule);
    return name === rule;
  });
}

export function createHostCheck(options: HostCheckOptions = {}) {
  const listen = (options.listenHost ?? '127.0.0.1').replace(/^\[|\]$/g, '').toLowerCase();
  const allowedHosts = options.allowedHosts ?? [];
  const readInterfaces = options.interfaces ?? machineAddresses;
  let known = new Set<string>();
  let readAt = -Infinity;

  function ownAddress(name: string): boolean {
    if (name === listen) return true;
    if (isWildcard(listen)) {
      if (isLoopbackName(name)) return true;
      if (known.has(name)) return true;
      const now = Date.now();
      if (now - readAt > REREAD_INTERFACES_MS) {
        readAt = now;
        known = new Set(readInterfaces());
      }
      return known.has(name);
    }
    if (isLoopbackName(listen)) return isLoopbackName(name);
    return name === listen;
  }

  return function checkHost(value: string | undefined): HostVerdict {
    if (!value) return { ok: false, reason: 'The request has no Host header.' };
    const parsed = parseHostHeader(value);
    const refused = (why: string): HostVerdict => ({
      ok: false,
      reason:
        `The Host '${printable(value)}' ${why} (DNS rebinding protection). ` +
        (parsed ? `To allow it, start the server with --allowed-host ${printable(parsed.name)}.` : ''),
    });
    if (!parsed) return refused('is not a host name');
    if (allowedByName(parsed.name, allowedHosts)) return { ok: true };
    if (!ownAddress(parsed.name)) return refused('is not an address of this server');
    const port = options.port?.();
    if (port !== undefined && (parsed.port ?? 80) !== port) return refused(`does not name this server's port ${port}`);
    return { ok: true };
  };
}
