// Unpacking a compressed answer. The connectors ask for `gzip, deflate, br` (a shop's web server
// usually compresses JSON, and a catalogue read is megabytes); zlib's callback forms unpack on
// libuv's thread pool, off the busy event loop.
import { promisify } from 'node:util';
import zlib from 'node:zlib';

export const ACCEPT_ENCODING = 'gzip, deflate, br';

const gunzip = promisify(zlib.gunzip);
const inflate = promisify(zlib.inflate);
const inflateRaw = promisify(zlib.inflateRaw);
const brotli = promisify(zlib.brotliDecompress);

/** An answer whose `Content-Encoding` Koppla does not read (it never asks for one), or that is corrupt. */
export class UnreadableEncodingError extends Error {
  override readonly name = 'UnreadableEncodingError';
}

function unpackOne(bytes: Buffer, coding: string): Promise<Buffer> {
  return unpackWith(bytes, coding).catch((error: unknown) => {
    if (error instanceof UnreadableEncodingError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new UnreadableEncodingError(`the ${coding} answer could not be unpacked: ${reason}`, {
      cause: error,
    });
  });
}

async function unpackWith(bytes: Buffer, coding: string): Promise<Buffer> {
  switch (coding) {
    case 'gzip':
    case 'x-gzip':
      return gunzip(bytes);
    case 'deflate':
      // HTTP's deflate is a zlib stream, but some servers send raw deflate data under that name.
      return inflate(bytes).catch(() => inflateRaw(bytes));
    case 'br':
      return brotli(bytes);
    case 'identity':
    case '':
      return bytes;
    default:
      throw new UnreadableEncodingError(`the answer is encoded as "${coding}", which Koppla does not read`);
  }
}

/** The body as sent before the codings named in `contentEncoding` were applied (last one first). */
export async function unpackAnswer(bytes: Buffer, contentEncoding: string | undefined): Promise<Buffer> {
  if (!contentEncoding) return bytes;
  const codings = contentEncoding
    .split(',')
    .map((coding) => coding.trim().toLowerCase())
    .reverse();
  let out = bytes;
  for (const coding of codings) out = await unpackOne(out, coding);
  return out;
}
