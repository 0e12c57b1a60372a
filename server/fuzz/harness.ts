/**
 * Tools for the robustness suites: the real server started as a child process (`server/main.ts`, as
 * `npm start` runs it), a raw HTTP/1.1 client that sends exactly the bytes it is given (no client-side
 * validation of methods, paths or headers), and the checks every answer of each API face must pass.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import '../../src/api/export-schemas';
import { responseSchemas, isActionName, type AllResponseSchemas } from '../../src/api/schemas';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export interface ServerChild {
  child: ChildProcess;
  port: number;
  base: string;
  /** Every line the server wrote to stderr (a stack trace there is a defect). */
  stderr: string[];
  /** Null while the process runs; else how it ended. */
  exit(): string | null;
  /** SIGTERM, then wait for the exit. */
  stop(): Promise<void>;
  /** SIGKILL (kill -9), then wait for the exit. */
  kill9(): Promise<void>;
}

/** Starts `node --import tsx server/main.ts ARGS` and resolves once it printed the URL it listens on. */
export function startServer(args: string[], startupLimitMs = 90_000): Promise<ServerChild> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_ENV: 'test' },
  });
  const stderr: string[] = [];
  let ended: string | null = null;
  const exited = new Promise<void>((done) =>
    child.on('exit', (code, signal) => {
      ended = `exited with code ${code} signal ${signal}`;
      done();
    }),
  );
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => stderr.push(...chunk.split('\n').filter(Boolean)));
  return new Promise<ServerChild>((resolveStart, rejectStart) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      rejectStart(new Error(`the server printed no URL within ${startupLimitMs} ms; stdout: ${out}; stderr: ${stderr.join('\n')}`));
    }, startupLimitMs);
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const match = /: (http:\/\/[^\s/?]+:(\d+))\//.exec(out);
      if (!match) return;
      clearTimeout(timer);
      child.stdout!.removeAllListeners('data');
      child.stdout!.resume();
      const port = Number(match[2]);
      resolveStart({
        child,
        port,
        base: `http://127.0.0.1:${port}`,
        stderr,
        exit: () => ended,
        stop: async () => {
          if (ended === null) child.kill('SIGTERM');
          await exited;
        },
        kill9: async () => {
          if (ended === null) child.kill('SIGKILL');
          await exited;
        },
      });
    });
    void exited.then(() => {
      clearTimeout(timer);
      rejectStart(new Error(`the server ${ended} before listening; stderr: ${stderr.join('\n')}`));
    });
  });
}

export interface DemoKey {
  accountId: string;
  accessKey: string;
  secretKey: string;
  region: string;
}
export interface DemoKeys {
  operator: DemoKey;
  partner: DemoKey;
}

/**
 * The demo accounts' keys of a server started by main.ts, from GET /sandbox/accounts: that server never
 * accepts the published constants of seed.ts (its secret keys are derived from a secret of its own).
 */
export async function demoKeys(base: string): Promise<DemoKeys> {
  const response = await fetch(`${base}/sandbox/accounts`);
  if (!response.ok) throw new Error(`GET /sandbox/accounts answered ${response.status}`);
  const { Accounts } = (await response.json()) as { Accounts: { Role: string; AccountId: string; AccessKey: string; SecretKey: string; Region: string }[] };
  const of = (role: string): DemoKey => {
    const account = Accounts.find((a) => a.Role === role);
    if (!account) throw new Error(`no ${role} demo account in GET /sandbox/accounts`);
    return { accountId: account.AccountId, accessKey: account.AccessKey, secretKey: account.SecretKey, region: account.Region };
  };
  return { operator: of('operator'), partner: of('partner') };
}

export interface RawRequest {
  method: string;
  /** The request target exactly as sent (path and query). */
  target: string;
  /** Sent in this order, as latin1 bytes; no header is added. */
  headers: [string, string][];
  body: string | Uint8Array;
}

export interface RawAnswer {
  /** 0 when the server closed the connection without an answer. */
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export function serialize(request: RawRequest): Buffer {
  const head = `${request.method} ${request.target} HTTP/1.1\r\n${request.headers.map(([n, v]) => `${n}: ${v}\r\n`).join('')}\r\n`;
  const body = typeof request.body === 'string' ? Buffer.from(request.body, 'utf8') : Buffer.from(request.body);
  return Buffer.concat([Buffer.from(head, 'latin1'), body]);
}

function dechunk(body: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const eol = body.indexOf('\r\n', at);
    if (eol < 0) break;
    const size = parseInt(body.subarray(at, eol).toString('latin1'), 16);
    if (!(size > 0)) break;
    parts.push(body.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

export function parseAnswer(bytes: Buffer): RawAnswer {
  // Skip interim answers (100 Continue) to the final one.
  while (/^HTTP\/1\.[01] 1\d\d /.test(bytes.subarray(0, 16).toString('latin1')) && bytes.indexOf('\r\n\r\n') >= 0) {
    bytes = bytes.subarray(bytes.indexOf('\r\n\r\n') + 4);
  }
  const end = bytes.indexOf('\r\n\r\n');
  if (end < 0) return { status: 0, headers: {}, body: bytes };
  const [statusLine, ...lines] = bytes.subarray(0, end).toString('latin1').split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine ?? '')?.[1] ?? 0);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) {
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      headers[name] = name in headers ? `${headers[name]}, ${value}` : value;
    }
  }
  let body = bytes.subarray(end + 4);
  if (/chunked/i.test(headers['transfer-encoding'] ?? '')) body = dechunk(body);
  else if (headers['content-length'] !== undefined) body = body.subarray(0, Number(headers['content-length']));
  return { status, headers, body };
}

/**
 * Sends the bytes on a new connection and reads until the server closes it (requests carry
 * `Connection: close`). Rejects if no answer came within `limitMs`: a hang is a defect too.
 */
export function sendRaw(port: number, bytes: Buffer, limitMs = 20_000): Promise<RawAnswer> {
  return new Promise((resolveAnswer, rejectAnswer) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let settled = false;
    const finish = () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolveAnswer(parseAnswer(Buffer.concat(chunks)));
    };
    const timer = setTimeout(() => {
      settled = true;
      socket.destroy();
      rejectAnswer(new Error(`no answer within ${limitMs} ms (the server hangs on this request)`));
    }, limitMs);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('end', finish);
    socket.on('close', finish);
    // A server that answers and closes before reading the whole body resets the connection: keep what came.
    socket.on('error', finish);
    socket.write(bytes);
  });
}

// ---------- checks ----------

const utf8 = new TextDecoder('utf-8', { fatal: true });

function decodeUtf8(body: Buffer): string | null {
  try {
    return utf8.decode(body);
  } catch {
    return null;
  }
}

function isXmlChar(code: number): boolean {
  return code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
}

const NAME = /^[A-Za-z_:][A-Za-z0-9._:-]*/;
const ENTITY = /^&(?:lt|gt|amp|apos|quot|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});/;

/**
 * A strict XML 1.0 well-formedness check for one document: valid UTF-8, only XML Chars (no control
 * characters, no lone surrogates, no U+FFFE/U+FFFF, even as character references), an optional XML
 * declaration, exactly one root element, balanced and properly nested tags, quoted attributes, only the
 * predefined entities and character references, no `]]>` in text. Returns the first problem, or null.
 */
export function xmlProblem(body: Buffer): string | null {
  const text = decodeUtf8(body);
  if (text === null) return 'the body is not valid UTF-8';
  for (let i = 0; i < text.length; i++) {
    const code = text.codePointAt(i)!;
    if (code > 0xffff) i++;
    if (!isXmlChar(code)) return `character U+${code.toString(16).toUpperCase().padStart(4, '0')} at offset ${i} is not allowed in XML 1.0`;
  }
  let at = 0;
  const rest = () => text.slice(at);
  const checkText = (chunk: string): string | null => {
    if (chunk.includes('<')) return 'a stray < in text';
    if (chunk.includes(']]>')) return ']]> in text';
    for (let amp = chunk.indexOf('&'); amp >= 0; amp = chunk.indexOf('&', amp + 1)) {
      const entity = ENTITY.exec(chunk.slice(amp));
      if (!entity) return `a bare & or unknown entity near '${chunk.slice(amp, amp + 12)}'`;
      const ref = /^&#(x?)([0-9a-fA-F]+);/.exec(entity[0]);
      if (ref && !isXmlChar(parseInt(ref[2]!, ref[1] ? 16 : 10))) return `character reference ${entity[0]} names a character XML 1.0 forbids`;
    }
    return null;
  };
  const skipSpace = () => {
    while (at < text.length && /[ \t\r\n]/.test(text[at]!)) at++;
  };
  if (text.startsWith('<?xml')) {
    const close = text.indexOf('?>');
    if (close < 0 || !/^<\?xml\s+version="1\.[0-9]"(\s+encoding="[A-Za-z][A-Za-z0-9._-]*")?(\s+standalone="(yes|no)")?\s*\?>$/.test(text.slice(0, close + 2))) {
      return 'a malformed XML declaration';
    }
    at = close + 2;
  }
  const skipMisc = (): string | null => {
    for (;;) {
      skipSpace();
      if (rest().startsWith('<!--')) {
        const close = text.indexOf('-->', at + 4);
        if (close < 0 || text.slice(at + 4, close).includes('--')) return 'a malformed comment';
        at = close + 3;
      } else return null;
    }
  };
  const misc = skipMisc();
  if (misc) return misc;
  const stack: string[] = [];
  let roots = 0;
  while (at < text.length) {
    if (stack.length === 0) {
      const again = skipMisc();
      if (again) return again;
      if (at >= text.length) break;
      if (roots > 0) return `content after the root element: '${rest().slice(0, 20)}'`;
      if (text[at] !== '<') return `text outside the root element: '${rest().slice(0, 20)}'`;
    }
    if (text[at] !== '<') {
      const next = text.indexOf('<', at);
      const chunk = next < 0 ? rest() : text.slice(at, next);
      const problem = checkText(chunk);
      if (problem) return problem;
      at = next < 0 ? text.length : next;
      continue;
    }
    if (rest().startsWith('<!--')) {
      const close = text.indexOf('-->', at + 4);
      if (close < 0 || text.slice(at + 4, close).includes('--')) return 'a malformed comment';
      at = close + 3;
      continue;
    }
    if (rest().startsWith('<![CDATA[')) {
      if (!stack.length) return 'CDATA outside the root element';
      const close = text.indexOf(']]>', at);
      if (close < 0) return 'an unterminated CDATA section';
      at = close + 3;
      continue;
    }
    if (rest().startsWith('</')) {
      at += 2;
      const name = NAME.exec(rest())?.[0];
      if (!name) return 'a closing tag without a name';
      at += name.length;
      skipSpace();
      if (text[at] !== '>') return `closing tag </${name} not closed by >`;
      at++;
      const open = stack.pop();
      if (open !== name) return `</${name}> closes <${open ?? 'nothing'}>`;
      continue;
    }
    if (rest().startsWith('<?') || rest().startsWith('<!')) return `unexpected markup '${rest().slice(0, 12)}'`;
    at++;
    const name = NAME.exec(rest())?.[0];
    if (!name) return `a tag without a name near '${text.slice(at - 1, at + 12)}'`;
    at += name.length;
    const seen = new Set<string>();
    for (;;) {
      const before = at;
      skipSpace();
      if (rest().startsWith('/>')) {
        at += 2;
        if (!stack.length) roots++;
        break;
      }
      if (text[at] === '>') {
        at++;
        if (!stack.length) roots++;
        stack.push(name);
        break;
      }
      if (at === before) return `no space before an attribute in <${name}>`;
      const attribute = NAME.exec(rest())?.[0];
      if (!attribute) return `a malformed attribute in <${name}>`;
      if (seen.has(attribute)) return `attribute ${attribute} repeated in <${name}>`;
      seen.add(attribute);
      at += attribute.length;
      skipSpace();
      if (text[at] !== '=') return `attribute ${attribute} without a value`;
      at++;
      skipSpace();
      const quote = text[at];
      if (quote !== '"' && quote !== "'") return `attribute ${attribute} value not quoted`;
      const close = text.indexOf(quote, at + 1);
      if (close < 0) return `attribute ${attribute} value not closed`;
      const problem = checkText(text.slice(at + 1, close));
      if (problem) return `attribute ${attribute}: ${problem}`;
      at = close + 1;
    }
  }
  if (stack.length) return `unclosed element <${stack[stack.length - 1]}>`;
  if (roots !== 1) return 'no root element';
  return null;
}

function rootName(xml: string): string | undefined {
  return /^(?:<\?xml[^>]*\?>)?\s*<([A-Za-z_:][A-Za-z0-9._:-]*)/.exec(xml)?.[1];
}

/** An answer of the FCU face: EC2 XML, `<ActionResponse><requestId>` on success, `<Response><Errors>` otherwise. */
export function fcuAnswerProblem(method: string, answer: RawAnswer): string | null {
  if (answer.status === 0) return 'no HTTP answer (the connection closed)';
  if (answer.status >= 500) return `HTTP ${answer.status}`;
  if (method === 'HEAD') return null;
  if (!/^text\/xml\b|^application\/xml\b/.test(answer.headers['content-type'] ?? '')) {
    return `content-type '${answer.headers['content-type'] ?? ''}' is not XML`;
  }
  const problem = xmlProblem(answer.body);
  if (problem) return `not well-formed XML: ${problem}`;
  const xml = answer.body.toString('utf8');
  const root = rootName(xml);
  if (answer.status === 200) {
    if (!root?.endsWith('Response') || root === 'Response') return `a 200 whose root element is <${root}>, not <ActionResponse>`;
    if (!new RegExp(`^(?:<\\?xml[^>]*\\?>)?\\s*<${root}[^>]*><requestId>[^<]+</requestId>`).test(xml)) return 'a 200 without <requestId> first';
    return null;
  }
  if (root !== 'Response') return `an error whose root element is <${root}>, not <Response>`;
  if (!/^(?:<\?xml[^>]*\?>)?\s*<Response><Errors><Error><Code>[A-Za-z.]+<\/Code><Message>[^<]*<\/Message><\/Error><\/Errors><RequestID>[^<]+<\/RequestID><\/Response>$/.test(xml)) {
    return 'an error that is not <Response><Errors><Error><Code/><Message/></Error></Errors><RequestID/></Response>';
  }
  return null;
}

/**
 * An answer of the OUTSCALE API face: JSON in OUTSCALE's envelope. Errors:
 * `{Errors:[{Code,Type,Details}],ResponseContext:{RequestId}}` with a 4xx status; success: the action's
 * response schema with `ResponseContext.RequestId`. OPTIONS (CORS preflight) may answer 204 without a body,
 * HEAD without a body; a DryRun call that passes, the ResponseContext alone.
 */
export function apiAnswerProblem(method: string, action: string | undefined, answer: RawAnswer, dryRun = false): string | null {
  if (answer.status === 0) return 'no HTTP answer (the connection closed)';
  if (answer.status >= 500) return `HTTP ${answer.status}`;
  if (method === 'OPTIONS' && answer.status === 204) return answer.body.length ? 'a 204 with a body' : null;
  if (method === 'HEAD') return null;
  if (!/^application\/json\b/.test(answer.headers['content-type'] ?? '')) {
    return `content-type '${answer.headers['content-type'] ?? ''}' is not JSON`;
  }
  const text = decodeUtf8(answer.body);
  if (text === null) return 'the body is not valid UTF-8';
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return 'the body is not JSON';
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'the body is not a JSON object';
  const envelope = body as { Errors?: unknown; ResponseContext?: { RequestId?: unknown } };
  const requestId = envelope.ResponseContext?.RequestId;
  if (typeof requestId !== 'string' || !requestId) return 'no ResponseContext.RequestId';
  if (answer.status === 200) {
    if ('Errors' in envelope) return 'a 200 with Errors';
    // A DryRun that passes answers the ResponseContext alone.
    if (dryRun && Object.keys(envelope).length === 1) return null;
    if (action && isActionName(action)) {
      const parsed = (responseSchemas as AllResponseSchemas)[action].safeParse(body);
      if (!parsed.success) return `a 200 that does not match the ${action} response schema: ${parsed.error.message.slice(0, 300)}`;
    }
    return null;
  }
  if (answer.status < 400) return `status ${answer.status} for an API call`;
  const errors = envelope.Errors;
  if (!Array.isArray(errors) || errors.length === 0) return 'an error answer without Errors[]';
  for (const error of errors as { Code?: unknown; Type?: unknown; Details?: unknown }[]) {
    if (typeof error !== 'object' || error === null) return 'an Errors entry that is not an object';
    if (typeof error.Code !== 'string' || !/^\d+$/.test(error.Code)) return `Errors[].Code '${String(error.Code)}' is not OUTSCALE's numeric code`;
    if (typeof error.Type !== 'string' || !error.Type) return 'Errors[].Type missing';
    if (typeof error.Details !== 'string') return 'Errors[].Details missing';
  }
  return null;
}
