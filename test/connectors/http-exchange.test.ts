// The connectors' HTTP exchange: what it answers, and how it fails (a timeout that also covers a
// slow body, a refused connection with its code kept, a connection that breaks mid-answer), which
// the transports' retry rules rely on; and a kept-alive connection that the server closed while it
// lay idle, which is sent again on a new connection.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerText, HttpNetworkError, httpExchange } from '../../src/connectors/http-exchange.ts';

/** A server of its own (so no kept-alive connection of another test is reused), with each body read. */
async function serve(
  handle: (req: IncomingMessage, res: ServerResponse, body: string) => void,
): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => handle(req, res, body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('httpExchange', () => {
  let server: Server;
  let base: string;
  const seen: { method?: string; url?: string; headers: Record<string, unknown>; body: string }[] = [];
  const encoded: Record<string, [string, Buffer]> = {
    '/gzip': ['gzip', gzipSync('gzip räksmörgås')],
    '/deflate': ['deflate', deflateSync('deflate räksmörgås')],
    '/raw-deflate': ['deflate', deflateRawSync('raw deflate räksmörgås')],
    '/br': ['br', brotliCompressSync('br räksmörgås')],
    '/twice': ['deflate, gzip', gzipSync(deflateSync('twice räksmörgås'))],
    '/zstd': ['zstd', Buffer.from('not really zstd')],
    '/corrupt-gzip': ['gzip', Buffer.from('not gzip at all')],
  };

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => {
        seen.push({ method: req.method, url: req.url, headers: req.headers, body });
        if (req.url === '/breaks-mid-body') {
          res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '100' });
          res.write('only the first part');
          setTimeout(() => req.socket.destroy(), 20).unref();
          return;
        }
        const coded = encoded[req.url ?? ''];
        if (coded) {
          res.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': coded[0] });
          res.end(coded[1]);
          return;
        }
        if (req.url === '/compressed') {
          const gzip = String(req.headers['accept-encoding'] ?? '').includes('gzip');
          res.writeHead(200, {
            'content-type': 'application/json',
            ...(gzip ? { 'content-encoding': 'gzip' } : {}),
          });
          res.end(gzip ? gzipSync('{"products":["räksmörgås"]}') : 'asked without gzip');
          return;
        }
        if (req.url === '/slow-body') {
          res.writeHead(200, { 'content-type': 'text/plain' });
          res.write('first half, ');
          setTimeout(() => res.end('second half'), 2_000).unref();
          return;
        }
        res.writeHead(201, [
          ['Content-Type', 'application/json; charset=utf-8'],
          ['Set-Cookie', 'a=1'],
          ['Set-Cookie', 'b=2'],
        ]);
        res.end(`\uFEFF{"answer":"räksmörgås"}`);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('sends method, headers and body, and answers status, headers and the whole body', async () => {
    const answer = await httpExchange(`${base}/thing`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: 'Bearer abc' },
      body: '{"x":1}',
      timeoutMs: 5_000,
    });
    expect(seen.at(-1)).toMatchObject({
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: 'Bearer abc' },
      body: '{"x":1}',
    });
    expect(answer.status).toBe(201);
    expect(answer.header('Content-Type')).toBe('application/json; charset=utf-8');
    expect(answer.header('set-cookie')).toBe('a=1');
    expect(answer.header('retry-after')).toBeNull();
    // UTF-8 decoded, the byte-order mark dropped.
    expect(answerText(answer)).toBe('{"answer":"räksmörgås"}');
  });

  it('asks for a compressed answer and unpacks it', async () => {
    const answer = await httpExchange(`${base}/compressed`, { method: 'GET', timeoutMs: 5_000 });
    expect(answerText(answer)).toBe('{"products":["räksmörgås"]}');
  });

  it('unpacks deflate (zlib or raw), br and stacked codings; names an encoding it cannot read', async () => {
    const text = async (path: string) =>
      answerText(await httpExchange(`${base}${path}`, { method: 'GET', timeoutMs: 5_000 }));
    expect(await text('/gzip')).toBe('gzip räksmörgås');
    expect(await text('/deflate')).toBe('deflate räksmörgås');
    expect(await text('/raw-deflate')).toBe('raw deflate räksmörgås');
    expect(await text('/br')).toBe('br räksmörgås');
    expect(await text('/twice')).toBe('twice räksmörgås');
    await expect(text('/zstd')).rejects.toThrow(
      `request to ${new URL(base).host} failed: the answer is encoded as "zstd", which Koppla does not read`,
    );
    await expect(text('/corrupt-gzip')).rejects.toThrow(/the gzip answer could not be unpacked/);
  });

  it('sends a request again on a new connection when the server closed the kept-alive one', async () => {
    // As a server whose keep-alive timeout ran out just as a request came: each connection
    // answers its first request and is reset, unanswered, at its second.
    const bodies: string[] = [];
    const carried = new WeakMap<object, number>();
    const closing = await serve((req, res, body) => {
      bodies.push(body);
      const count = (carried.get(req.socket) ?? 0) + 1;
      carried.set(req.socket, count);
      if (count > 1) req.socket.resetAndDestroy();
      else res.end('answered');
    });
    const post = (body: string) => httpExchange(closing.url, { method: 'POST', body, timeoutMs: 5_000 });
    expect(answerText(await post('a=1'))).toBe('answered');
    expect(answerText(await post('a=2'))).toBe('answered');
    expect(bodies).toEqual(['a=1', 'a=2', 'a=2']);
    await closing.close();
  });

  it('does not send again when a new connection is reset, nor when an answer breaks off', async () => {
    let resets = 0;
    const resetting = await serve((req) => {
      resets++;
      req.socket.resetAndDestroy();
    });
    const fresh = await httpExchange(resetting.url, { method: 'POST', body: 'b=1', timeoutMs: 5_000 }).catch(
      (error: unknown) => error,
    );
    expect(fresh).toBeInstanceOf(HttpNetworkError);
    expect((fresh as Error).message).toBe(`request to ${new URL(resetting.url).host} failed: ECONNRESET`);
    expect(resets).toBe(1);
    await resetting.close();

    const broken = await httpExchange(`${base}/breaks-mid-body`, { method: 'GET', timeoutMs: 5_000 }).catch(
      (error: unknown) => error,
    );
    expect(broken).toBeInstanceOf(HttpNetworkError);
    expect(seen.filter((r) => r.url === '/breaks-mid-body')).toHaveLength(1);
  });

  it('times out on a body that does not finish in time, with a TimeoutError', async () => {
    const failure = await httpExchange(`${base}/slow-body`, { method: 'GET', timeoutMs: 150 }).catch(
      (error: unknown) => error,
    );
    // The headers came at once: only the body outlasted the timeout.
    expect(failure).toMatchObject({ name: 'TimeoutError' });
  });

  it('throws an HttpNetworkError that keeps the socket error and its code when nothing listens', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));

    const failure = await httpExchange(`http://127.0.0.1:${port}/`, {
      method: 'GET',
      timeoutMs: 5_000,
    }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(HttpNetworkError);
    expect((failure as Error).message).toBe(`request to 127.0.0.1:${port} failed: ECONNREFUSED`);
    expect((failure as { cause?: { code?: string } }).cause?.code).toBe('ECONNREFUSED');
  });
});
