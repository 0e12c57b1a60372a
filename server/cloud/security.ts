/**
 * Headers for the page, and the access token that guards a server listening beyond loopback.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export function securityHeaders(connectSrc: string[]): Record<string, string> {
  const csp = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src 'self' ${connectSrc.join(' ')}`.trim(),
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "object-src 'none'",
  ].join('; ');
  return {
    'content-security-policy': csp,
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
  };
}

const COOKIE = 'snapshot_console_access';

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export type AccessVerdict = { ok: true } | { ok: false; redirect?: { location: string; cookie: string } };

/**
 * Checks the token: `Authorization: Bearer …`, or the cookie set when the printed URL (`?access=…`) is
 * opened (that visit gets a redirect which sets the cookie). The caller answers a refusal in the format of
 * the route's face; the OUTSCALE API and FCU faces are not guarded by it (their signature is the credential).
 */
export function createAccessGuard(token: string | undefined) {
  return function checkAccess(req: IncomingMessage, url: URL): AccessVerdict {
    if (!token) return { ok: true };
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const cookie = (req.headers.cookie ?? '').split(/;\s*/).find((c) => c.startsWith(`${COOKIE}=`))?.slice(COOKIE.length + 1);
    const given = url.searchParams.get('access');
    if (given && same(given, token)) {
      url.searchParams.delete('access');
      return {
        ok: false,
        // a path such as /.//evil.example would be read by the browser as another site's address
        redirect: { location: `/${url.pathname.replace(/^\/+/, '')}${url.search}`, cookie: `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/` },
      };
    }
    if ((bearer && same(bearer, token)) || (cookie && same(cookie, token))) return { ok: true };
    return { ok: false };
  };
}

export function sendRedirect(res: ServerResponse, redirect: { location: string; cookie: string }) {
  res.writeHead(303, { 'set-cookie': redirect.cookie, location: redirect.location, 'referrer-policy': 'no-referrer' });
  res.end();
}

const LOOPBACK_HOST = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?$/;

/**
 * Why a state-changing request from a browser must be refused, or null. The profile routes sign with real
 * keys, so another site must not be able to make the browser call them: the request must be JSON (a
 * cross-site form or no-cors fetch cannot send that without a preflight, which is not answered), its Origin
 * must be this server, and on loopback the Host must be a loopback name (DNS rebinding).
 */
export function refuseCrossSite(req: IncomingMessage, loopbackOnly: boolean): string | null {
  const host = req.headers.host ?? '';
  if (loopbackOnly && !LOOPBACK_HOST.test(host)) return `Host '${host}' is not this server's loopback address.`;
  const origin = req.headers.origin;
  if (origin) {
    let originHost = '';
    try {
      originHost = new URL(origin).host;
    } catch {
      originHost = '';
    }
    if (originHost !== host) return 'Calls from another site are refused.';
  }
  if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) return 'Send the call as application/json.';
  return null;
}
