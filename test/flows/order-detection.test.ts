// Order detection while a backlog waits: every poll sees the orders of its overlap window again.
// One that is queued with the same version must be left alone (rewriting its job and lines on
// every poll made the full orders benchmark fall behind for good after about 3,500 orders); a newer
// version of it must still replace the queued payload.
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { streamPlan } from '../../src/config/presets.ts';
import { type ConnectionConfig, connectionSchema } from '../../src/config/schema.ts';
import { demoConnectionConfig, demoShopConfig, planShops } from '../../src/demo/environment.ts';
import type { EnqueueInput } from '../../src/engine/job-types.ts';
import { JobQueue } from '../../src/engine/queue.ts';
import { createFlowContext, type FlowContext, type ShopRuntime } from '../../src/flows/context.ts';
import { detectOrders } from '../../src/flows/orders/detect.ts';
import type { MagentoPort, OrderHeader, SpecterPort } from '../../src/flows/ports.ts';
import { openTestStore, type TestStore } from '../helpers/store.ts';

let store: TestStore;
let context: FlowContext;
let inMagento: OrderHeader[];
let enqueued: string[];

class CountingQueue extends JobQueue {
  override async enqueue(input: EnqueueInput) {
    enqueued.push(input.entityKey ?? '');
    return super.enqueue(input);
  }
}

const header = (incrementId: string, updatedAt: string, qty = 1): OrderHeader => ({
  magentoOrderId: Number(incrementId),
  incrementId,
  status: 'processing',
  updatedAt,
  lines: [{ sku: 'ART-1', qty }],
});

beforeAll(async () => {
  store = await openTestStore('pglite');
});

afterAll(async () => {
  await store?.dispose();
});

beforeEach(async () => {
  for (const table of ['jobs', 'open_order_lines', 'cursors', 'events', 'connections'] as const)
    await store.db.deleteFrom(table).execute();
  const connection: ConnectionConfig = connectionSchema.parse(
    demoConnectionConfig(
      'ecom-master',
      planShops(1).map((plan) => demoShopConfig(plan, 'http://magento.test')),
      'http://specter.test',
      1,
    ),
  );
  await store.db
    .insertInto('connections')
    .values({
      id: connection.id,
      name: connection.id,
      flow_mode: connection.flowMode,
      config: '{}',
      max_concurrency: 4,
    })
    .execute();
  inMagento = [];
  enqueued = [];
  const magento = {
    async *searchOrders() {
      yield* inMagento;
    },
  } as Partial<MagentoPort> as MagentoPort;
  const shops = new Map<string, ShopRuntime>(
    connection.shops.map((config) => [config.id, { config, magento, specter: {} as SpecterPort }]),
  );
  context = createFlowContext({
    connection,
    plan: streamPlan(connection),
    shops,
    db: store.db,
    queue: new CountingQueue(store.db),
    logger: pino({ level: 'silent' }),
    poke: () => {},
  });
});

const shop = () => [...context.shops.values()][0] as ShopRuntime;

async function queuedPayloads() {
  const rows = await store.db
    .selectFrom('jobs')
    .select(['entity_key', 'payload', 'status'])
    .where('kind', '=', 'order.push')
    .orderBy('entity_key')
    .execute();
  return rows.map((row) => ({
    order: row.entity_key,
    status: row.status,
    updatedAt: (row.payload as OrderHeader).updatedAt,
    qty: (row.payload as OrderHeader).lines[0]?.qty,
  }));
}

describe('order detection with a backlog', () => {
  it('queues each unpushed order once while its version stays the same', async () => {
    inMagento = [header('1001', '2026-11-25 10:00:00'), header('1002', '2026-11-25 10:00:01')];
    expect(await detectOrders(context, shop())).toBe(2);
    expect(await detectOrders(context, shop())).toBe(0);
    expect(await detectOrders(context, shop())).toBe(0);
    expect(enqueued).toEqual(['1001', '1002']);
    expect(await queuedPayloads()).toEqual([
      { order: '1001', status: 'queued', updatedAt: '2026-11-25 10:00:00', qty: 1 },
      { order: '1002', status: 'queued', updatedAt: '2026-11-25 10:00:01', qty: 1 },
    ]);
  });

  it('replaces the queued payload when Magento has a newer version of the order', async () => {
    inMagento = [header('1001', '2026-11-25 10:00:00')];
    await detectOrders(context, shop());
    inMagento = [header('1001', '2026-11-25 10:05:00', 3)];
    expect(await detectOrders(context, shop())).toBe(0); // folded into the queued job
    expect(enqueued).toEqual(['1001', '1001']);
    expect(await queuedPayloads()).toEqual([
      { order: '1001', status: 'queued', updatedAt: '2026-11-25 10:05:00', qty: 3 },
    ]);
  });
});
