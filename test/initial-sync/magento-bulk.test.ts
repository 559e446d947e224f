import { afterEach, describe, expect, it } from 'vitest';
import { startMagentoEmulator } from '../../emulators/magento/index.ts';
import { MagentoClient } from '../../src/connectors/magento/index.ts';
import { Limiter } from '../../src/flows/initial-sync/limiter.ts';
import { MagentoBulkWriter, type SettledOperation } from '../../src/flows/initial-sync/magento-bulk.ts';

describe('MagentoBulkWriter', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  it('reports every operation of each bulk once Magento has run it, failures traced back to their SKU', async () => {
    const magento = await startMagentoEmulator({ sizes: {} });
    close = () => magento.close();
    const client = new MagentoClient({
      baseUrl: magento.url,
      auth: { kind: 'admin', username: 'admin', password: 'admin123' },
    });
    const settled: SettledOperation[] = [];
    const writer = new MagentoBulkWriter(client, new Limiter(2), (ops) => settled.push(...ops), 3, 10);
    const product = (sku: string) => ({ product: { sku, name: sku, price: 10, attribute_set_id: 4 } });
    for (const sku of ['A', 'B', 'C', 'D']) await writer.add('/V1/products', 'POST', product(sku), sku);
    // A child link to a configurable that does not exist fails in Magento's consumer.
    await writer.add('/V1/configurable-products/bySku/child', 'POST', { sku: 'NONE', childSku: 'A' }, 'A');
    // The first bulk (3 products) went when it was full; the rest waits for a flush.
    await writer.flush();
    await writer.settle();
    expect(writer.busy).toBe(false);

    const bySku = settled.map(
      (op) => `${op.route.split('/').pop()} ${op.sku} ${op.failure ? 'failed' : 'ok'}`,
    );
    expect(bySku.sort()).toEqual([
      'child A failed',
      'products A ok',
      'products B ok',
      'products C ok',
      'products D ok',
    ]);
    const link = settled.find((op) => op.route.endsWith('/child'));
    expect(link?.failure).toMatch(/product that was requested doesn't exist/i);
    // Four products, one link: 3 bulks sent, and each polled at least once.
    expect(writer.calls).toBeGreaterThanOrEqual(6);
    expect((await client.getProduct('D'))?.sku).toBe('D');
  });
});

describe('MagentoBulkWriter while Magento has not run a bulk yet', () => {
  it('asks only about the oldest bulk, less and less often, and all lanes again once bulks finish', async () => {
    let polls = 0;
    const doneAt = performance.now() + 600;
    const asked: string[] = [];
    // A shop whose consumer runs late (from cron): every bulk stays open for 600 ms.
    const client = {
      bulk: async (_route: string, items: unknown[]) =>
        `bulk-${items.length}-${asked.length}-${Math.random()}`,
      bulkStatus: async (uuid: string) => {
        polls++;
        asked.push(uuid);
        const open = performance.now() < doneAt;
        return {
          bulk_id: uuid,
          operation_count: 2,
          operations_list: [0, 1].map((id) => ({ id, status: open ? 4 : 1, result_message: null })),
        };
      },
    } as unknown as MagentoClient;
    const settled: SettledOperation[] = [];
    const writer = new MagentoBulkWriter(client, new Limiter(4), (ops) => settled.push(...ops), 2, 10, 80);
    for (const sku of ['A', 'B', 'C', 'D', 'E', 'F']) await writer.add('/V1/products', 'POST', {}, sku);
    await writer.settle();
    expect(settled.map((op) => op.sku)).toEqual(['A', 'B', 'C', 'D', 'E', 'F']);
    // Polling every lane every 10 ms would have asked about 4 x 60 = 240 times in 600 ms; waiting
    // 10, 20, 40, then 80 ms for the oldest alone asks about a dozen times, then once per bulk.
    expect(polls).toBeLessThan(30);
    expect(polls).toBeGreaterThanOrEqual(3);
  });
});
