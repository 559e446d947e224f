// Reads Specter's stock feed for one web shop and records, per shop and SKU, the available
// quantity of each warehouse; then queues one flush per shop. Acked after it is stored.
import type { Schedule } from '../../app/flow-set.ts';
import type { StockLevel } from '../../domain/types.ts';
import type { FlowContext, WebshopGroup } from '../context.ts';
import { type DesiredValue, putValues, readValues } from '../shared/pending-writes.ts';

export interface StockValue {
  /** Available quantity per Specter warehouse; null = the article is not stock-kept. */
  sites: Record<string, number | null>;
}

const MAX_BATCHES_PER_RUN = 50;

export function stockFlushKey(connectionId: string, shopId: string): string {
  return `${connectionId}:${shopId}:stock-flush`;
}

export async function queueStockFlush(context: FlowContext, shopId: string): Promise<void> {
  await context.queue.enqueue({
    connectionId: context.connection.id,
    shopId,
    stream: 'stock',
    kind: 'stock.flush',
    entityKey: 'stock',
    dedupeKey: stockFlushKey(context.connection.id, shopId),
    // Ahead of article imports (priority 1-2): during a flood of article changes the shop must
    // still learn what it can sell. One flush per shop coalesces, so it cannot starve the imports.
    priority: 3,
    payload: {},
  });
}

export async function recordStockLevels(
  context: FlowContext,
  group: WebshopGroup,
  levels: StockLevel[],
): Promise<void> {
  const connectionId = context.connection.id;
  const bySku = new Map<string, StockLevel[]>();
  for (const level of levels) bySku.set(level.sku, [...(bySku.get(level.sku) ?? []), level]);
  for (const shop of group.shops) {
    const watched = new Set(shop.config.stock.warehouses);
    const relevant = [...bySku].filter(([, ls]) => ls.some((l) => watched.has(l.warehouseId)));
    if (relevant.length === 0) continue;
    const current = await readValues<StockValue>(
      context.db,
      connectionId,
      shop.config.id,
      'stock',
      relevant.map(([sku]) => sku),
    );
    const updates: DesiredValue<StockValue>[] = relevant.map(([sku, ls]) => {
      const sites = { ...(current.get(sku)?.value.sites ?? {}) };
      let seq = current.get(sku)?.seq ?? 0;
      for (const level of ls) {
        if (!watched.has(level.warehouseId)) continue;
        sites[level.warehouseId] = level.available;
        seq = Math.max(seq, level.sequence);
      }
      return { key: sku, value: { sites }, seq };
    });
    await putValues(context.db, connectionId, shop.config.id, 'stock', updates);
    await queueStockFlush(context, shop.config.id);
  }
}

export async function readStockFeed(context: FlowContext, group: WebshopGroup): Promise<number> {
  let changes = 0;
  for (let round = 0; round < MAX_BATCHES_PER_RUN; round++) {
    const batch = await group.specter.readStockFeed();
    await recordStockLevels(context, group, batch.items);
    await group.specter.ackFeed('stock', batch.batchNo);
    changes += batch.items.length;
    if (!batch.more) break;
  }
  if (changes > 0) context.poke();
  return changes;
}

export function stockFeedSchedule(context: FlowContext, group: WebshopGroup): Schedule {
  return {
    name: `stock-feed:${group.key}`,
    intervalMs: context.connection.streams.stock.pollSeconds * 1000,
    run: async () => {
      await readStockFeed(context, group);
    },
  };
}
