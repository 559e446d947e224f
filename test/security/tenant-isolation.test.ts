// Tenant isolation: a user limited to one connection sees and changes only that connection through
// every admin API operation, with two connections holding the same kinds of data side by side.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Runtime } from '../../src/app/runtime.ts';
import { validateConfig } from '../../src/config/load.ts';
import { demoConnectionConfig, demoShopConfig, planShops } from '../../src/demo/environment.ts';
import { PermanentError } from '../../src/domain/errors.ts';
import { UserRepository } from '../../src/server/auth/users.ts';
import { type RunningServer, startServer } from '../../src/server/server.ts';
import { recordEvent } from '../../src/store/timeline.ts';
import { countUsage } from '../../src/store/usage.ts';
import { openTestStore, type TestStore } from '../helpers/store.ts';
import { ApiClient } from '../server/api-harness.ts';

const TENANTS = ['acme', 'bolaget'] as const;
const PASSWORD = 'tenant-password-1';

function connection(id: string) {
  const shops = planShops(1).map((plan) => demoShopConfig(plan, `http://127.0.0.1:9/${id}/magento`));
  const raw = demoConnectionConfig('erp-master', shops, `http://127.0.0.1:9/${id}/specter`, 10);
  return { ...raw, id, name: `${id} AB` };
}

/** One order of each tenant through to a dead letter, with events, a binding, a cursor, a report, usage. */
async function seed(runtime: Runtime, tenant: string, order: string): Promise<void> {
  const db = runtime.store.db;
  await runtime.queue.enqueue({
    connectionId: tenant,
    shopId: 'se',
    stream: 'orders',
    kind: 'order.push',
    entityKey: order,
    payload: { incrementId: order },
  });
  const job = await runtime.queue.claim('test-worker', 60_000);
  await runtime.queue.fail(
    job!,
    new PermanentError(`SKU ${tenant}-SKU does not exist in Specter`, { code: 'unknown-sku' }),
    [],
  );
  await recordEvent(db, {
    connectionId: tenant,
    shopId: 'se',
    entityType: 'order',
    entityKey: order,
    jobId: job!.id,
    kind: 'detected',
    message: `order ${order} of ${tenant}@example.se`,
  });
  await db
    .insertInto('bindings')
    .values({
      connection_id: tenant,
      entity_type: 'article',
      shop_id: '',
      magento_key: `SHARED-SKU`,
      specter_key: `${tenant}-1`,
      state: null,
    })
    .execute();
  await db
    .insertInto('cursors')
    .values({
      connection_id: tenant,
      shop_id: 'se',
      stream: 'orders',
      value: '2026-11-20 10:00:00',
      updated_at: new Date(),
    })
    .execute();
  await db
    .insertInto('reports')
    .values({
      connection_id: tenant,
      kind: 'initial-sync-dry-run',
      summary: JSON.stringify({ tenant }),
      body: JSON.stringify({ tenant }),
      created_at: new Date(),
    })
    .execute();
  await countUsage(db, tenant, 'orders', 3);
}

describe('tenant isolation', () => {
  let store: TestStore;
  let runtime: Runtime;
  let server: RunningServer;
  let staff: ApiClient;
  let anna: ApiClient; // operator of acme only
  let bo: ApiClient; // viewer of bolaget only
  let nobody: ApiClient; // limited, every grant revoked
  let reportIds: Record<string, string>;
  let letterIds: Record<string, string>;

  const login = async (username: string) => {
    const client = new ApiClient(server);
    const answer = await client.post('/api/login', { username, password: PASSWORD });
    expect(answer.status).toBe(200);
    client.csrfToken = answer.body.csrfToken;
    return client;
  };

  beforeAll(async () => {
    store = await openTestStore('pglite');
    const connections = validateConfig({ connections: TENANTS.map(connection) }).connections;
    runtime = new Runtime({
      store,
      connections,
      logger: pino({ level: 'silent' }),
      buildFlows: () => ({ handlers: {}, schedules: [] }),
      workers: 0,
      runSchedulers: false,
    });
    await runtime.start();
    await seed(runtime, 'acme', '100000001');
    await seed(runtime, 'bolaget', '200000001');
    const users = new UserRepository(store.db);
    await users.create('staff', PASSWORD, 'operator');
    await users.create('anna', PASSWORD, 'operator');
    await users.create('bo', PASSWORD, 'viewer');
    await users.create('nobody', PASSWORD, 'operator');
    await users.grant('anna', ['acme']);
    await users.grant('bo', ['bolaget']);
    await users.grant('nobody', ['acme']);
    await users.revoke('nobody', ['acme']);
    server = await startServer({ runtime, port: 0 });
    staff = await login('staff');
    anna = await login('anna');
    bo = await login('bo');
    nobody = await login('nobody');
    const reports = await store.db.selectFrom('reports').select(['id', 'connection_id']).execute();
    reportIds = Object.fromEntries(reports.map((r) => [r.connection_id, String(r.id)]));
    const letters = await store.db.selectFrom('dead_letters').select(['id', 'connection_id']).execute();
    letterIds = Object.fromEntries(letters.map((r) => [r.connection_id, String(r.id)]));
  });
  afterAll(async () => {
    await server.close();
    await runtime.stop(100);
    await store.dispose();
  });

  const connectionsIn = (items: { connectionId?: string; id?: string }[]) =>
    [...new Set(items.map((i) => i.connectionId ?? i.id))].sort();

  it('staff see both connections everywhere', async () => {
    expect((await staff.get('/api/session')).body.connections).toBeNull();
    expect(connectionsIn((await staff.get('/api/connections')).body.connections)).toEqual([
      'acme',
      'bolaget',
    ]);
    expect(connectionsIn((await staff.get('/api/overview')).body.connections)).toEqual(['acme', 'bolaget']);
    expect(connectionsIn((await staff.get('/api/dead-letters')).body.deadLetters)).toEqual([
      'acme',
      'bolaget',
    ]);
    expect(connectionsIn((await staff.get('/api/search?q=SHARED-SKU')).body.results)).toEqual([
      'acme',
      'bolaget',
    ]);
  });

  it('lists only the granted connection in every list', async () => {
    expect((await anna.get('/api/session')).body.connections).toEqual(['acme']);
    const lists = {
      connections: (await anna.get('/api/connections')).body.connections,
      overview: (await anna.get('/api/overview')).body.connections,
      deadLetters: (await anna.get('/api/dead-letters')).body.deadLetters,
      groups: (await anna.get('/api/dead-letters/groups')).body.groups,
      cursors: (await anna.get('/api/cursors')).body.cursors,
      reports: (await anna.get('/api/reports')).body.reports,
      usage: (await anna.get('/api/usage')).body.usage,
      searchShared: (await anna.get('/api/search?q=SHARED-SKU')).body.results,
      searchEmail: (await anna.get('/api/search?q=bolaget@example.se')).body.results,
      searchOther: (await anna.get('/api/search?q=200000001')).body.results,
    };
    for (const [name, items] of Object.entries(lists)) {
      const seen = connectionsIn(items);
      expect(seen, name).toEqual(name.startsWith('searchE') || name === 'searchOther' ? [] : ['acme']);
    }
    expect(lists.groups[0].examples.map((e: any) => e.connectionId)).toEqual(['acme']);
    expect(connectionsIn((await bo.get('/api/dead-letters')).body.deadLetters)).toEqual(['bolaget']);
  });

  it("refuses to read the other connection's record, config, report, or a filter naming it", async () => {
    const refused = [
      '/api/record?connection=bolaget&type=order&key=200000001',
      '/api/connections/bolaget/config',
      '/api/dead-letters?connection=bolaget',
      '/api/dead-letters/groups?connection=bolaget',
      '/api/cursors?connection=bolaget',
      '/api/reports?connection=bolaget',
      '/api/usage?connection=bolaget',
      // A connection that does not exist answers the same: ids cannot be probed.
      '/api/connections/nonexistent/config',
    ];
    for (const url of refused) {
      const answer = await anna.get(url);
      expect(answer.status, url).toBe(403);
      expect(JSON.stringify(answer.body), url).not.toContain('200000001');
    }
    expect((await anna.get(`/api/reports/${reportIds.bolaget}`)).status).toBe(404);
    expect((await anna.get(`/api/reports/${reportIds.acme}`)).status).toBe(200);
    expect((await anna.get('/api/record?connection=acme&type=order&key=100000001')).status).toBe(200);
    expect((await anna.get('/api/connections/acme/config')).status).toBe(200);
  });

  it("refuses to change the other connection's dead letters and cursors", async () => {
    expect((await anna.post(`/api/dead-letters/${letterIds.bolaget}/retry`)).status).toBe(404);
    expect((await anna.post(`/api/dead-letters/${letterIds.bolaget}/skip`)).status).toBe(404);
    expect(
      (
        await anna.post('/api/dead-letters/groups/retry', {
          connectionId: 'bolaget',
          causeCode: 'unknown-sku',
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await anna.post('/api/dead-letters/groups/skip', {
          connectionId: 'bolaget',
          causeCode: 'unknown-sku',
        })
      ).status,
    ).toBe(403);
    const rewind = { connectionId: 'bolaget', shopId: 'se', stream: 'orders', to: '2026-01-01T00:00:00Z' };
    expect((await anna.post('/api/cursors/rewind', rewind)).status).toBe(403);
    // Nothing of bolaget's moved.
    const letter = await store.db
      .selectFrom('dead_letters')
      .select('resolved_at')
      .where('id', '=', letterIds.bolaget!)
      .executeTakeFirstOrThrow();
    expect(letter.resolved_at).toBeNull();
    const cursor = await store.db
      .selectFrom('cursors')
      .select('value')
      .where('connection_id', '=', 'bolaget')
      .executeTakeFirstOrThrow();
    expect(cursor.value).toBe('2026-11-20 10:00:00');
    // Her own connection works.
    expect((await anna.post('/api/cursors/rewind', { ...rewind, connectionId: 'acme' })).status).toBe(200);
    expect((await anna.post(`/api/dead-letters/${letterIds.acme}/skip`)).body).toEqual({ skipped: 1 });
  });

  it('a limited viewer is read-only as well; a user with every grant revoked sees nothing', async () => {
    expect(
      (await bo.post('/api/dead-letters/groups/retry', { connectionId: 'bolaget', causeCode: 'unknown-sku' }))
        .status,
    ).toBe(403);
    expect((await nobody.get('/api/session')).body.connections).toEqual([]);
    expect((await nobody.get('/api/connections')).body.connections).toEqual([]);
    expect((await nobody.get('/api/overview')).body.connections).toEqual([]);
    expect((await nobody.get('/api/dead-letters')).body.deadLetters).toEqual([]);
    expect((await nobody.get('/api/dead-letters/groups')).body.groups).toEqual([]);
    expect((await nobody.get('/api/search?q=SHARED-SKU')).body.results).toEqual([]);
    expect((await nobody.get('/api/reports')).body.reports).toEqual([]);
    expect((await nobody.get('/api/usage')).body.usage).toEqual([]);
    expect((await nobody.get('/api/cursors')).body.cursors).toEqual([]);
  });

  it('a revoked grant takes effect on the next request of a live session', async () => {
    const users = new UserRepository(store.db);
    await users.grant('bo', ['acme']);
    expect(connectionsIn((await bo.get('/api/connections')).body.connections)).toEqual(['acme', 'bolaget']);
    await users.revoke('bo', ['acme']);
    expect(connectionsIn((await bo.get('/api/connections')).body.connections)).toEqual(['bolaget']);
  });
});
