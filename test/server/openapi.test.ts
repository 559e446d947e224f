import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiPath } from '../../src/server/api/openapi.ts';
import { type Harness, OPERATOR, startHarness } from './api-harness.ts';

describe('OpenAPI document', () => {
  let h: Harness;
  const served: { method: string; url: string }[] = [];
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('describes every /api route the server serves, and nothing else', async () => {
    const client = await h.login(OPERATOR);
    const document = (await client.get('/api/openapi.json')).body;
    expect(document.openapi).toMatch(/^3\./);
    const documented = Object.entries(document.paths as Record<string, Record<string, unknown>>).flatMap(
      ([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    // Fastify's own route table, read back from its printed tree.
    for (const route of servedRoutes(h.server.app.printRoutes({ commonPrefix: false })))
      if (route.url.startsWith('/api/') && route.method !== 'HEAD') served.push(route);
    for (const route of served) expect(h.server.app.hasRoute(route as never), route.url).toBe(true);
    const servedKeys = served.map((r) => `${r.method} ${openApiPath(r.url)}`).sort();
    expect(servedKeys.length).toBeGreaterThanOrEqual(18);
    expect(documented.sort()).toEqual(servedKeys);
  });

  it('gives each operation a summary, responses and the security it needs', async () => {
    const client = await h.login(OPERATOR);
    const document = (await client.get('/api/openapi.json')).body;
    for (const [path, ops] of Object.entries(document.paths as Record<string, Record<string, any>>)) {
      for (const [method, op] of Object.entries(ops)) {
        expect(op.summary, `${method} ${path}`).toBeTruthy();
        expect(op.responses['200'], `${method} ${path}`).toBeTruthy();
        if (path === '/api/login') expect(op.security).toEqual([]);
        else expect(op.responses['401'], `${method} ${path}`).toBeTruthy();
        if (method === 'post' && path !== '/api/login')
          expect(op.security).toEqual([{ sessionCookie: [], csrfHeader: [] }]);
      }
    }
    expect(document.paths['/api/dead-letters/{id}/retry'].post.parameters[0]).toMatchObject({
      name: 'id',
      in: 'path',
    });
  });
});

/** Every route in Fastify's printed route tree (children are indented under their parent), by method. */
function servedRoutes(tree: string): { method: string; url: string }[] {
  const stack: string[] = [];
  const routes: { method: string; url: string }[] = [];
  for (const line of tree.split('\n')) {
    const match = line.match(/^([│ ├└─]*)(\S+) \(([A-Z, ]+)\)$/);
    if (!match) continue;
    const depth = Math.round((match[1] ?? '').length / 4) - 1;
    stack.length = depth;
    const url = (stack[depth - 1] ?? '') + match[2];
    stack[depth] = url;
    for (const method of (match[3] ?? '').split(', ')) routes.push({ method, url });
  }
  return routes;
}
