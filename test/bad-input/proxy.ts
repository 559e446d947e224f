// A small HTTP proxy in front of an emulator that answers chosen requests itself (malformed JSON,
// an HTML error page, a rewritten record) and forwards everything else untouched. Lets a
// flow-level test make one record's answer bad while the others stay good. Listens on port 0.
import Fastify from 'fastify';

export interface ProxiedRequest {
  method: string;
  url: string;
  body: string;
}

export interface Rule {
  /** Which requests the rule takes. */
  match: (request: ProxiedRequest) => boolean;
  /** Answer outright... */
  answer?: { status: number; body: string; contentType?: string };
  /** ...or forward and change the JSON answer. */
  rewriteJson?: (json: unknown) => unknown;
}

export interface SpoilingProxy {
  url: string;
  target: string;
  rules: Rule[];
  close(): Promise<void>;
}

export async function startProxy(): Promise<SpoilingProxy> {
  const app = Fastify({ logger: false, bodyLimit: 50 * 1024 * 1024 });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  const proxy: SpoilingProxy = {
    url: '',
    target: '',
    rules: [],
    close: () => app.close(),
  };
  app.all('/*', async (req, reply) => {
    const body = req.body instanceof Buffer ? req.body : undefined;
    const seen: ProxiedRequest = { method: req.method, url: req.url, body: body?.toString('latin1') ?? '' };
    const rule = proxy.rules.find((r) => r.match(seen));
    if (rule?.answer) {
      return reply
        .status(rule.answer.status)
        .header('content-type', rule.answer.contentType ?? 'application/json')
        .send(rule.answer.body);
    }
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) {
      if (typeof v === 'string' && !['host', 'content-length', 'connection'].includes(k)) headers[k] = v;
    }
    const answer = await fetch(`${proxy.target}${req.url}`, {
      method: req.method,
      headers,
      body: body && req.method !== 'GET' && req.method !== 'HEAD' ? body : undefined,
    });
    let out = Buffer.from(await answer.arrayBuffer());
    if (rule?.rewriteJson && answer.ok)
      out = Buffer.from(JSON.stringify(rule.rewriteJson(JSON.parse(out.toString()))));
    reply.status(answer.status);
    const type = answer.headers.get('content-type');
    if (type) reply.header('content-type', type);
    const retryAfter = answer.headers.get('retry-after');
    if (retryAfter) reply.header('retry-after', retryAfter);
    return reply.send(out);
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  proxy.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return proxy;
}
