// A tiny stand-in for Specter, written for the client tests only: it records each request with its
// form values decoded as Latin-1 (or UTF-8), and answers whatever the test's handler says.

import formbody from '@fastify/formbody';
import Fastify, { type FastifyInstance } from 'fastify';
import iconv from 'iconv-lite';

export interface RecordedRequest {
  method: string;
  script: string;
  query: Record<string, string>;
  body: Record<string, string>;
  rawQuery: string;
  rawBody: string;
  contentType?: string;
}

export interface FakeAnswer {
  status?: number;
  body: string | Buffer;
  contentType?: string;
}

export type FakeHandler = (
  request: RecordedRequest,
  index: number,
) => FakeAnswer | string | Promise<FakeAnswer | string>;

/** Decodes `a=%C5sa&b=1` treating the percent-escaped bytes as `encoding`. */
export function decodeForm(text: string, encoding: 'latin1' | 'utf8'): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    const [name = '', value = ''] = pair.split('=');
    const decode = (s: string) => {
      const bytes: number[] = [];
      const plain = s.replace(/\+/g, ' ');
      for (let i = 0; i < plain.length; i++) {
        if (plain[i] === '%') {
          bytes.push(Number.parseInt(plain.slice(i + 1, i + 3), 16));
          i += 2;
        } else bytes.push(plain.charCodeAt(i));
      }
      return iconv.decode(Buffer.from(bytes), encoding);
    };
    out[decode(name)] = decode(value);
  }
  return out;
}

export class FakeSpecterServer {
  readonly requests: RecordedRequest[] = [];
  handler: FakeHandler = () => '1;1;OK';
  private app?: FastifyInstance;
  baseUrl = '';

  constructor(private readonly encoding: 'latin1' | 'utf8' = 'latin1') {}

  async start(): Promise<void> {
    const decode = (text: string) => decodeForm(text, this.encoding);
    const app = Fastify({ routerOptions: { querystringParser: decode } });
    await app.register(formbody, { parser: decode });
    const handle = async (
      request: {
        method: string;
        url: string;
        query: unknown;
        body: unknown;
        headers: Record<string, unknown>;
      },
      reply: { code(n: number): unknown; header(n: string, v: string): unknown; send(b: unknown): unknown },
      script: string,
    ) => {
      const rawQuery = request.url.split('?')[1] ?? '';
      const recorded: RecordedRequest = {
        method: request.method,
        script,
        query: (request.query ?? {}) as Record<string, string>,
        body: (request.body ?? {}) as Record<string, string>,
        rawQuery,
        rawBody: (request as unknown as { rawBodyText?: string }).rawBodyText ?? '',
        contentType: request.headers['content-type'] as string | undefined,
      };
      this.requests.push(recorded);
      const answer = await this.handler(recorded, this.requests.length - 1);
      const normalized: FakeAnswer = typeof answer === 'string' ? { body: answer } : answer;
      reply.code(normalized.status ?? 200);
      reply.header('content-type', normalized.contentType ?? 'text/plain; charset=ISO-8859-1');
      const body =
        typeof normalized.body === 'string' ? iconv.encode(normalized.body, 'latin1') : normalized.body;
      return reply.send(body);
    };
    app.addHook('preParsing', async (request, _reply, payload) => {
      // Keep the raw body text so tests can assert the bytes on the wire.
      const chunks: Buffer[] = [];
      for await (const chunk of payload) chunks.push(Buffer.from(chunk as Buffer));
      const raw = Buffer.concat(chunks);
      (request as unknown as { rawBodyText: string }).rawBodyText = raw.toString('latin1');
      const { Readable } = await import('node:stream');
      return Readable.from([raw]);
    });
    for (const script of ['getInfo.asp', 'putInfo.asp']) {
      app.route({
        method: ['GET', 'POST'],
        url: `/${script}`,
        handler: (request, reply) => handle(request as never, reply as never, script),
      });
    }
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    if (!address || typeof address === 'string') throw new Error('no address');
    this.baseUrl = `http://127.0.0.1:${address.port}/`;
    this.app = app;
  }

  async stop(): Promise<void> {
    await this.app?.close();
  }
}
