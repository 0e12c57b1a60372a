/**
 * The sandbox's own controls, for demos and tests (JSON, same-origin only):
 *   GET /sandbox/accounts   the demo accounts with their secret keys
 *   POST /sandbox/reset     wipe and seed again
 *   POST /sandbox/faults    {"throttleNext": N}: the next N signed API calls answer the face's throttling error
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DemoAccount } from '../src/api/sandbox';
import type { Store } from './model/store';

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  if (res.headersSent) return;
  const payload = JSON.stringify(body);
  res.writeHead(status, { ...headers, 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(payload);
}

/**
 * Same-origin only, GET /sandbox/accounts (the demo secret keys) included: no CORS headers, and a call a browser
 * sends for another site (its Origin, or Sec-Fetch-Site when it sends no Origin) is refused outright.
 */
function fromAnotherSite(req: IncomingMessage): boolean {
  const foreignOrigin =
    req.headers.origin !== undefined &&
    (() => {
      try {
        return new URL(req.headers.origin).host !== req.headers.host;
      } catch {
        return true;
      }
    })();
  const fetchSite = req.headers['sec-fetch-site'];
  return foreignOrigin || (fetchSite !== undefined && fetchSite !== 'same-origin' && fetchSite !== 'none');
}

export interface SandboxControlOptions {
  store: Store;
  faults: { throttleNext: number };
  /** The demo accounts as GET /sandbox/accounts lists them (with their derived secret keys). */
  listAccounts: () => DemoAccount[];
  /** Seeds the demo data again; without it POST /sandbox/reset answers 404. */
  reseed?: () => void;
}

export function createSandboxControls(options: SandboxControlOptions) {
  const { store, faults } = options;
  /** Runs a control unless the call comes from another site. */
  const sameSite = (control: (req: IncomingMessage, res: ServerResponse) => void) => (req: IncomingMessage, res: ServerResponse) => {
    if (!fromAnotherSite(req)) return control(req, res);
    req.resume();
    sendJson(res, 403, { error: 'The sandbox controls refuse calls from other sites.' });
  };

  return {
    demoAccounts: sameSite((req, res) => {
      req.resume();
      sendJson(res, 200, { Accounts: options.listAccounts() });
    }),

    reset: sameSite((req, res) => {
      req.resume();
      if (!options.reseed) {
        sendJson(res, 404, { error: 'This server was started without a way to seed the demo data again.' });
        return;
      }
      store.reset();
      options.reseed();
      faults.throttleNext = 0;
      sendJson(res, 200, { Accounts: store.listAccounts().length });
    }),

    faults: sameSite((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => {
        if (body.length < 1024) body += chunk.toString('utf8');
      });
      req.on('error', () => sendJson(res, 400, { error: 'The request body could not be read.' }));
      req.on('end', () => {
        let parsed: unknown;
        try {
          parsed = JSON.parse(body || '{}');
        } catch {
          parsed = null;
        }
        const n = (parsed as { throttleNext?: unknown } | null)?.throttleNext;
        if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 1000) {
          sendJson(res, 400, { error: 'Send {"throttleNext": N} with N a whole number from 0 to 1000.' });
          return;
        }
        faults.throttleNext = n;
        sendJson(res, 200, faults);
      });
    }),

    /** An unknown control, or a control called with the wrong method. */
    miss(req: IncomingMessage, res: ServerResponse, url: URL, allowed: readonly string[] | undefined) {
      req.resume();
      if (allowed) sendJson(res, 405, { error: `Use ${allowed.join(' or ')} on ${url.pathname}.` }, { allow: allowed.join(', ') });
      else sendJson(res, 404, { error: 'No such sandbox control: GET /sandbox/accounts, POST /sandbox/reset, POST /sandbox/faults.' });
    },
  };
}
