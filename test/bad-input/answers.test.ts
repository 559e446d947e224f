// Malformed answers from either API, straight at the clients: each becomes a SyncError whose
// message names the system, the call and what was wrong (never a TypeError from deep inside a
// parser), and the next good answer is read normally. Flow-level versions (a dead letter per
// order) are in orders.test.ts.
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MagentoClient } from '../../src/connectors/magento/index.ts';
import { SpecterClient } from '../../src/connectors/specter/index.ts';
import { SyncError } from '../../src/domain/errors.ts';

interface Canned {
  status: number;
  type: string;
  body: string;
}

let app: FastifyInstance;
let base = '';
let next: Canned[] = [];

beforeAll(async () => {
  app = Fastify({ logger: false });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_r, body, done) => done(null, body));
  app.all('/*', async (_req, reply) => {
    const answer = next.shift() ?? { status: 404, type: 'application/json', body: '{"message":"no route"}' };
    return reply.status(answer.status).header('content-type', answer.type).send(answer.body);
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
afterAll(async () => {
  await app?.close();
});

const magento = () =>
  new MagentoClient({
    baseUrl: base,
    auth: { kind: 'token', token: 't' },
    timeoutMs: 2_000,
    retries: 0,
  } as never);
const specter = () =>
  new SpecterClient({
    baseUrl: base,
    sbmId: 1001,
    apiVersion: 'v2',
    apiUserId: 7,
    innerKey: 'a',
    outerKey: 'b',
    timeoutMs: 2_000,
    retries: 0,
  } as never);

async function failure(call: () => Promise<unknown>): Promise<SyncError> {
  try {
    await call();
  } catch (error) {
    expect(error).toBeInstanceOf(SyncError);
    return error as SyncError;
  }
  throw new Error('the call did not fail');
}

/** Enough copies of one bad answer for the client's quick in-call retries. */
const times = (n: number, answer: Canned) => Array.from({ length: n }, () => answer);
const goodProduct: Canned = {
  status: 200,
  type: 'application/json',
  body: JSON.stringify({
    id: 1,
    sku: 'ART-1',
    name: 'Tröja',
    price: 100,
    type_id: 'simple',
    attribute_set_id: 4,
  }),
};

describe('malformed answers from Magento', () => {
  it('a 200 whose JSON is cut off: names Magento, the call and JSON; the next call works', async () => {
    next = [...times(5, { status: 200, type: 'application/json', body: '{"id": 1, "sku": "ART' })];
    const error = await failure(() => magento().getProduct('ART-1'));
    expect(error.message).toMatch(/ART-1/);
    expect(error.message).toMatch(/JSON/);
    next = [goodProduct];
    expect((await magento().getProduct('ART-1'))?.name).toBe('Tröja');
  });

  it('an HTML error page with status 503: transient, names the status', async () => {
    next = times(5, {
      status: 503,
      type: 'text/html',
      body: '<html><body><h1>Service Unavailable</h1></body></html>',
    });
    const error = await failure(() => magento().getProduct('ART-1'));
    expect(error.kind).toBe('transient');
    expect(error.message).toContain('503');
  });

  it('an HTML page with status 200 (a login or maintenance page): names the call, not a parser crash', async () => {
    next = times(5, {
      status: 200,
      type: 'text/html',
      body: '<!DOCTYPE html><html><body>Maintenance</body></html>',
    });
    const error = await failure(() => magento().getProduct('ART-1'));
    expect(error.message).toMatch(/ART-1/);
  });
});

describe('malformed answers from Specter', () => {
  it('an HTML error page instead of an answer: names Specter', async () => {
    next = times(5, {
      status: 200,
      type: 'text/html',
      body: "<html><body>Server Error in '/' Application.</body></html>",
    });
    const error = await failure(() => specter().checkAccountSettings());
    expect(error.message).toMatch(/Specter/);
  });

  it('XML that is cut off: names Specter and the call', async () => {
    next = times(5, {
      status: 200,
      type: 'text/xml',
      body: '<?xml version="1.0"?><specter><APIresponse><result>1</result><id>1001',
    });
    const error = await failure(() => specter().checkAccountSettings());
    expect(error.message).toMatch(/Specter/);
  });

  it('an empty answer: names Specter', async () => {
    next = times(5, { status: 200, type: 'text/plain', body: '' });
    const error = await failure(() => specter().checkAccountSettings());
    expect(error.message).toMatch(/Specter/);
  });

  it('an HTTP 500 with a stack trace page: transient, names the status', async () => {
    next = times(5, { status: 500, type: 'text/html', body: '<html>Exception at line 12</html>' });
    const error = await failure(() => specter().checkAccountSettings());
    expect(error.kind).toBe('transient');
    expect(error.message).toContain('500');
  });
});
