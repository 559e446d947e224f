// A redirect is a wrong address, not an answer: the connectors do not follow it (a POST sent on
// would arrive as a GET), and say where it points so the connection's url can be set, without the
// query string, which carries a Specter request's key.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MagentoClient } from '../../src/connectors/magento/client.ts';
import { SpecterClient } from '../../src/connectors/specter/client.ts';
import type { SpecterRequestLogEntry } from '../../src/connectors/specter/transport.ts';
import { PermanentError } from '../../src/domain/errors.ts';

describe('redirects', () => {
  let server: Server;
  let base: string;
  const requests: string[] = [];

  beforeAll(async () => {
    // Answers everything with a redirect to the same path and query on an https address, as a web
    // server in front of a shop does for plain http.
    server = createServer((req, res) => {
      requests.push(`${req.method} ${req.url}`);
      req.resume();
      res.writeHead(301, { location: `https://shop.example${req.url}`, 'content-type': 'text/html' });
      res.end(`<html><title>301 Moved Permanently</title>Moved to https://shop.example${req.url}</html>`);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('Magento: a permanent error naming the address, after one request', async () => {
    requests.length = 0;
    const client = new MagentoClient({ baseUrl: base, auth: { kind: 'token', token: 'tok' } });
    const failure = await client.deleteProduct('ART-1').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PermanentError);
    expect((failure as PermanentError).code).toBe('magento-301');
    expect((failure as Error).message).toBe(
      'Magento DELETE /rest/all/V1/products/ART-1 was redirected (HTTP 301) to https://shop.example/rest/all/V1/products/ART-1. ' +
        "Koppla does not follow redirects: set the Magento installation's url to the address its REST API answers on",
    );
    expect(requests).toEqual(['DELETE /rest/all/V1/products/ART-1']);
  });

  it('Specter: a permanent error without the request key, which the attempt log leaves out too', async () => {
    requests.length = 0;
    const log: SpecterRequestLogEntry[] = [];
    const client = new SpecterClient({
      baseUrl: base,
      sbmId: 4711,
      apiVersion: 'v2',
      apiUserId: 3,
      innerKey: 'K1',
      outerKey: 'K2',
      onRequest: (entry) => log.push(entry),
      sleep: async () => {},
    });
    const failure = await client.getArticleList(1, 10).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PermanentError);
    expect((failure as PermanentError).code).toBe('specter-redirect');
    const message = (failure as Error).message;
    expect(message).toMatch(
      /^Specter answered getArticleList with a redirect \(HTTP 301\) to https:\/\/shop\.example\/[^?\s]*\. Koppla does not follow redirects/,
    );
    // One request, not retried; its key was in the query the redirect repeated.
    expect(requests).toHaveLength(1);
    const key = new URL(requests[0]!.split(' ')[1]!, base).searchParams.get('key');
    expect(key).toBeTruthy();
    expect(message).not.toContain(key);
    expect(log).toHaveLength(1);
    expect(JSON.stringify(log)).not.toContain(key);
  });
});
