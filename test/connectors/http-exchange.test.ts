// The connectors' HTTP exchange: what it answers, and how it fails (a timeout that also covers a
// slow body, a refused connection with its code kept), which the transports' retry rules rely on.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerText, HttpNetworkError, httpExchange } from '../../src/connectors/http-exchange.ts';

describe('httpExchange', () => {
  let server: Server;
  let base: string;
  const seen: { method?: string; headers: Record<string, unknown>; body: string }[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => {
        seen.push({ method: req.method, headers: req.headers, body });
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
