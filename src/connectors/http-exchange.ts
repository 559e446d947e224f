// One HTTP request and its whole answer, for the Magento and Specter transports. Built on undici's
// `request` rather than `fetch`: fetch wraps every answer in WHATWG streams and promises, and an
// initial sync makes a thousand calls from a busy event loop. An initial sync needs about 10% less
// CPU this way (figures in docs/decisions.md).
import { type Dispatcher, getGlobalDispatcher, interceptors, request } from 'undici';
import { errorCode } from '../domain/errors.ts';

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
 * The remote could not be reached or the connection broke: `cause` is the socket's error with its
 * `code` (ECONNREFUSED, UND_ERR_SOCKET, ...). A timeout is thrown as the signal's own TimeoutError.
 */
export class HttpNetworkError extends Error {
  override readonly name = 'HttpNetworkError';
}

/**
 * Answers are asked for compressed and unpacked here, as fetch did: a shop's web server usually
 * compresses JSON, and a catalogue read is megabytes. Built on the global dispatcher, and built
 * again when that is replaced (the tests that watch the wire replace it).
 */
const ACCEPT_ENCODING = 'gzip, deflate, br';
let decompressingOver: Dispatcher | undefined;
let decompressing: Dispatcher | undefined;

function dispatcher(): Dispatcher {
  const global = getGlobalDispatcher();
  if (global !== decompressingOver || !decompressing) {
    decompressingOver = global;
    decompressing = global.compose(interceptors.decompress());
  }
  return decompressing;
}

export async function httpExchange(url: string, init: HttpExchangeRequest): Promise<ExchangeAnswer> {
  const signal = AbortSignal.timeout(init.timeoutMs);
  try {
    const answer = await request(url, {
      method: init.method,
      headers: { 'accept-encoding': ACCEPT_ENCODING, ...init.headers },
      body: init.body,
      signal,
      dispatcher: dispatcher(),
    });
    const body = new Uint8Array(await answer.body.arrayBuffer());
    const headers = answer.headers;
    return {
      status: answer.statusCode,
      header: (name) => {
        const value = headers[name.toLowerCase()];
        if (value === undefined) return null;
        return Array.isArray(value) ? (value[0] ?? null) : value;
      },
      body,
    };
  } catch (error) {
    if (signal.aborted) throw signal.reason;
    const reason = errorCode(error) ?? (error instanceof Error ? error.message : String(error));
    throw new HttpNetworkError(`request to ${new URL(url).host} failed: ${reason}`, { cause: error });
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
