/**
 * Requests that node:http refuses before any route sees them (broken framing, an HTTP version it does not
 * speak, a head over 16 KiB, no Host): answered in the face the request line points at, as the routes would,
 * instead of node's bare `400 Bad Request`.
 */
import { randomUUID } from 'node:crypto';
import type { Duplex } from 'node:stream';
import { errorXml } from './fcu/xml';

type ParserError = Error & { code?: string; rawPacket?: Buffer };

function statusOf(error: ParserError): number {
  if (error.code === 'HPE_HEADER_OVERFLOW') return 431;
  if (error.code === 'HPE_CHUNK_EXTENSIONS_OVERFLOW') return 413;
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') return 408;
  return 400;
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  408: 'Request Timeout',
  413: 'Payload Too Large',
  431: 'Request Header Fields Too Large',
};

/** For `server.on('clientError', …)`. */
export function answerClientError(error: ParserError, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const status = statusOf(error);
  const details =
    status === 431
      ? 'The request line and headers are over 16 KiB.'
      : status === 408
        ? 'The request took too long to arrive.'
        : status === 413
          ? 'The chunk extensions are too large.'
          : 'The request is not valid HTTP/1.1 (framing, version, Host or header syntax).';
  const path = /^[A-Z]+ (\/\S*)/.exec((error.rawPacket ?? Buffer.alloc(0)).subarray(0, 512).toString('latin1'))?.[1] ?? '';
  const requestId = randomUUID();
  let type = 'text/plain; charset=utf-8';
  let body = `${details}\n`;
  if (/^\/api(?:[/?#]|$)/.test(path)) {
    type = 'application/json';
    // [I] 400 DefaultError code 0 (OUTSCALE's generic code); 431/413 as a too-large request (4001)
    const [code, kind] = status === 431 || status === 413 ? ['4001', 'InvalidParameterValue'] : ['0', 'DefaultError'];
    body = JSON.stringify({ Errors: [{ Code: code, Type: kind, Details: details }], ResponseContext: { RequestId: requestId } });
  } else if (/^\/fcu(?:[/?#]|$)/.test(path)) {
    type = 'text/xml;charset=UTF-8';
    body = errorXml('InvalidRequest', details, requestId);
  }
  socket.end(
    `HTTP/1.1 ${status} ${REASONS[status]}\r\nContent-Type: ${type}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
      `Cache-Control: no-store\r\nConnection: close\r\n\r\n${body}`,
  );
}
