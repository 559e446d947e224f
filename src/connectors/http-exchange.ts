// One HTTP request and its whole answer, for the Magento and Specter transports. Built on Node's
// own http client with keep-alive agents: fetch wraps every answer in WHATWG streams and promises,
// and undici's request waits a turn of the event loop before it reuses an idle connection (a check
// for stray bytes that Node's agent makes as they arrive). An initial sync makes a thousand calls
// from an event loop that is busy most of the time (figures in docs/decisions.md).
import http from 'node:http';
import https from 'node:https';
import { errorCode } from '../domain/errors.ts';
import { ACCEPT_ENCODING, unpackAnswer } from './answer-encoding.ts';

export interface HttpExchangeRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  headers?: Record<string, string>;
  body?: string;
  /** For the whole exchange, reading the answer included. */
  timeoutMs: number;
}

export interface ExchangeAnswer {
  status: number;
  /** A header's value (the first of a repeated one), or null when absent. */
  header(name: string): string | null;
  /** The answer's bytes, read in full. */
  body: Uint8Array;
}

/**
 * The remote could not be reached, the connection broke, or the answer could not be unpacked:
 * `cause` is the underlying error with its `code` (ECONNREFUSED, ECONNRESET, ...). A timeout is
 * thrown as the signal's own TimeoutError.
 */
export class HttpNetworkError extends Error {
  override readonly name = 'HttpNetworkError';
}

// One pool of kept-alive connections per scheme for the whole process. Node's agent closes an idle
// connection before the server's announced keep-alive timeout and drops one that receives bytes
// while idle.
const agents = {
  'http:': new http.Agent({ keepAlive: true }),
  'https:': new https.Agent({ keepAlive: true }),
};

interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  bytes: Buffer;
}

/**
 * A kept-alive connection the server closed while it lay idle (reset, or closed before the request
 * was written), before any answer: the server never read the request, so sending it again on a new
 * connection is safe. Node's documentation advises this for `reusedSocket`.
 */
class ClosedWhileIdle extends Error {}

function send(target: URL, init: HttpExchangeRequest, body: Buffer | undefined, signal: AbortSignal) {
  return new Promise<RawAnswer>((resolve, reject) => {
    const secure = target.protocol === 'https:';
    let answered = false;
    const request = (secure ? https : http).request(
      target,
      {
        method: init.method,
        headers: {
          'accept-encoding': ACCEPT_ENCODING,
          ...init.headers,
          ...(body ? { 'content-length': String(body.length) } : {}),
        },
        agent: secure ? agents['https:'] : agents['http:'],
        signal,
      },
      (response) => {
        answered = true;
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            bytes: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks),
          }),
        );
        // A connection that closes before the whole body came (without an error) ends nothing.
        response.on('close', () => {
          if (!response.complete) reject(new Error('the connection closed before the answer was complete'));
        });
      },
    );
    request.on('error', (error) => {
      const code = errorCode(error);
      const closedWhileIdle =
        request.reusedSocket && !answered && (code === 'ECONNRESET' || code === 'EPIPE');
      reject(closedWhileIdle ? new ClosedWhileIdle(error.message, { cause: error }) : error);
    });
    request.end(body);
  });
}

export async function httpExchange(url: string, init: HttpExchangeRequest): Promise<ExchangeAnswer> {
  const signal = AbortSignal.timeout(init.timeoutMs);
  const target = new URL(url);
  const body = init.body === undefined ? undefined : Buffer.from(init.body, 'utf8');
  try {
    const raw = await send(target, init, body, signal).catch((error: unknown) => {
      if (error instanceof ClosedWhileIdle) return send(target, init, body, signal);
      throw error;
    });
    const bytes = await unpackAnswer(raw.bytes, raw.headers['content-encoding']);
    const headers = raw.headers;
    return {
      status: raw.status,
      header: (name) => {
        const value = headers[name.toLowerCase()];
        if (value === undefined) return null;
        return Array.isArray(value) ? (value[0] ?? null) : value;
      },
      body: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    };
  } catch (error) {
    if (signal.aborted) throw signal.reason;
    const cause = error instanceof ClosedWhileIdle ? error.cause : error;
    const reason = errorCode(cause) ?? (cause instanceof Error ? cause.message : String(cause));
    throw new HttpNetworkError(`request to ${target.host} failed: ${reason}`, { cause });
  }
}

const utf8 = new TextDecoder();

/** The answer as UTF-8 text (a byte-order mark dropped, as fetch's `text()` does). */
export function answerText(answer: ExchangeAnswer): string {
  return utf8.decode(answer.body);
}

/**
 * Where a redirect points, without its query string (a Specter request's query carries its key,
 * and a redirect usually repeats it). Undefined when the answer has no usable Location.
 */
export function redirectTarget(answer: ExchangeAnswer, requestUrl: string): string | undefined {
  const location = answer.header('location');
  if (!location) return undefined;
  try {
    const target = new URL(location, requestUrl);
    return `${target.origin}${target.pathname}`;
  } catch {
    return undefined;
  }
}
