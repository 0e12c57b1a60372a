/**
 * The aws-chunked body of STREAMING-AWS4-HMAC-SHA256-PAYLOAD (S3's "signature calculations for the
 * Authorization header: transferring payload in multiple chunks"): `hex-size;chunk-signature=SIG\r\n DATA \r\n`,
 * repeated, ending with a chunk of size 0. Each chunk's signature chains from the previous one (the seed is the
 * header's signature) over `AWS4-HMAC-SHA256-PAYLOAD\n{timestamp}\n{scope}\n{previous}\n{sha256("")}\n{sha256(DATA)}`.
 * A chunk whose signature does not match ends the upload with SignatureDoesNotMatch; bad framing with
 * IncompleteBody. Data is handed on only once its chunk has been verified.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { sha256Hex, signatureHex } from '../osc/sigv4';
import { s3Errors } from './errors';

const EMPTY_SHA256 = sha256Hex('');
/** A chunk header line is short; a longer one is not aws-chunked. */
const MAX_HEADER = 256;
/** The largest chunk accepted (clients send 64 KiB to 8 MiB). */
const MAX_CHUNK = 16 * 1024 * 1024;

export interface ChunkChain {
  key: Buffer;
  scope: string;
  timestamp: string;
  seed: string;
}

export class ChunkDecoder {
  private buffer: Buffer = Buffer.alloc(0);
  private previous: string;
  private finished = false;

  constructor(private readonly chain: ChunkChain) {
    this.previous = chain.seed;
  }

  /** Feeds raw body bytes; returns the data of every chunk completed and verified by them. */
  push(bytes: Buffer): Buffer[] {
    if (this.finished) {
      if (bytes.length) throw s3Errors.incompleteBody('The request body continues after its final chunk');
      return [];
    }
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, bytes]) : bytes;
    const out: Buffer[] = [];
    for (;;) {
      const eol = this.buffer.indexOf('\r\n');
      if (eol < 0) {
        if (this.buffer.length > MAX_HEADER) throw s3Errors.incompleteBody('The chunk header is malformed');
        return out;
      }
      const line = this.buffer.subarray(0, eol).toString('latin1');
      const m = /^([0-9a-fA-F]{1,8});chunk-signature=([0-9a-f]{64})$/.exec(line);
      if (!m) throw s3Errors.incompleteBody('The chunk header is malformed');
      const size = parseInt(m[1]!, 16);
      if (size > MAX_CHUNK) throw s3Errors.incompleteBody('The chunk is too large');
      const total = eol + 2 + size + 2;
      if (this.buffer.length < total) return out;
      const data = this.buffer.subarray(eol + 2, eol + 2 + size);
      if (this.buffer[total - 2] !== 0x0d || this.buffer[total - 1] !== 0x0a) throw s3Errors.incompleteBody('The chunk is not followed by CRLF');
      const toSign = ['AWS4-HMAC-SHA256-PAYLOAD', this.chain.timestamp, this.chain.scope, this.previous, EMPTY_SHA256, createHash('sha256').update(data).digest('hex')].join('\n');
      const expected = signatureHex(this.chain.key, toSign);
      if (!timingSafeEqual(Buffer.from(expected, 'hex'), Buffer.from(m[2]!, 'hex'))) {
        throw s3Errors.signatureDoesNotMatch('(chunk)', toSign, `chunk of ${size} bytes`);
      }
      this.previous = expected;
      this.buffer = this.buffer.subarray(total);
      if (size === 0) {
        this.finished = true;
        if (this.buffer.length) throw s3Errors.incompleteBody('The request body continues after its final chunk');
        return out;
      }
      out.push(Buffer.from(data));
    }
  }

  /** The body ended: it must have ended with the final (empty) chunk. */
  end(): void {
    if (!this.finished) throw s3Errors.incompleteBody('The request body terminated unexpectedly');
  }
}

/** Encodes data as signed aws-chunked (tests, and tools that want to upload this way). */
export function encodeChunks(chain: ChunkChain, chunks: Buffer[]): Buffer {
  let previous = chain.seed;
  const parts: Buffer[] = [];
  for (const data of [...chunks, Buffer.alloc(0)]) {
    const toSign = ['AWS4-HMAC-SHA256-PAYLOAD', chain.timestamp, chain.scope, previous, EMPTY_SHA256, createHash('sha256').update(data).digest('hex')].join('\n');
    previous = signatureHex(chain.key, toSign);
    parts.push(Buffer.from(`${data.length.toString(16)};chunk-signature=${previous}\r\n`), data, Buffer.from('\r\n'));
  }
  return Buffer.concat(parts);
}
