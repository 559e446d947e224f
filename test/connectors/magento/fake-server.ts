// A tiny scripted HTTP server for the client tests: every request is recorded, and a test supplies
// the answer per request. Listens on port 0.

import Fastify, { type FastifyInstance } from 'fastify';

export interface RecordedRequest {
  method: string;
  url: string;
  /** Path without the query string. */
  path: string;
  /** Decoded query parameters in order (key, value). */
  query: [string, string][];
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

export interface FakeAnswer {
  status?: number;
  json?: unknown;
  text?: string;
  contentType?: string;
  headers?: Record<string, string>;
  /** Wait this long before answering (for timeouts). */
  delayMs?: number;
}

export type Handler = (request: RecordedRequest, index: number) => FakeAnswer | Promise<FakeAnswer>;

export interface FakeServer {
  baseUrl: string;
  requests: RecordedRequest[];
  setHandler(handler: Handler): void;
  close(): Promise<void>;
}

export async function startFakeServer(
  handler: Handler = () => ({ status: 404, json: { message: 'no route' } }),
) {
  let current = handler;
  const requests: RecordedRequest[] = [];
  const app: FastifyInstance = Fastify({ logger: false });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => {
    try {
      done(null, body === '' ? undefined : JSON.parse(body as string));
    } catch {
      done(null, body);
    }
  });
  app.all('/*', async (req, reply) => {
    const [path, rawQuery = ''] = req.url.split('?', 2) as [string, string?];
    const query = [...new URLSearchParams(rawQuery).entries()];
    const recorded: RecordedRequest = {
      method: req.method,
      url: req.url,
      path,
      query,
      headers: req.headers,
      body: req.body,
    };
    requests.push(recorded);
    const answer = await current(recorded, requests.length - 1);
    if (answer.delayMs) await new Promise((resolve) => setTimeout(resolve, answer.delayMs));
    reply.code(answer.status ?? 200);
    for (const [name, value] of Object.entries(answer.headers ?? {})) reply.header(name, value);
    if (answer.text !== undefined) {
      reply.header('content-type', answer.contentType ?? 'text/html; charset=UTF-8');
      return reply.send(answer.text);
    }
    reply.header('content-type', 'application/json; charset=utf-8');
    return reply.send(JSON.stringify(answer.json ?? null));
  });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  const server: FakeServer = {
    baseUrl: address,
    requests,
    setHandler(next) {
      current = next;
    },
    close: () => app.close(),
  };
  return server;
}

/** Query parameters as a plain object (last value wins), for compact assertions. */
export function queryObject(request: RecordedRequest): Record<string, string> {
  return Object.fromEntries(request.query);
}
