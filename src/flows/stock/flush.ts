// Writes due stock values for one shop to Magento in batches.
import type { JobContext } from '../../engine/worker.ts';
import { pluginHooks } from '../../plugins/flow-hooks.ts';
import { stockSourcesThroughPlugins } from '../../plugins/flush-hooks.ts';
import { type FlowContext, shopOf, trace } from '../context.ts';
import { openQuantities } from '../orders/open-lines.ts';
import { reportItemFailure } from '../shared/item-failures.ts';
import { dueValues, markWritten } from '../shared/pending-writes.ts';
import type { StockValue } from './feed.ts';
import { queueStockFlush } from './feed.ts';
import { publishedQuantity } from './publish.ts';
import { shopsSharingStock } from './sharing.ts';

const BATCH = 200;
const MAX_BATCHES_PER_JOB = 25;

export async function flushStock(context: FlowContext, { job }: JobContext): Promise<void> {
  const connectionId = context.connection.id;
  const shop = shopOf(context, job.shopId);
  const options = context.connection.streams.stock;
  const target = shop.config.stock.msiSource ? 'msi' : 'legacy';
  const hooks = pluginHooks(context, 'stock', {
    shopId: shop.config.id,
    entityType: 'article',
    entityKey: job.entityKey,
    jobId: job.id,
  }); // plugins (issue 7)
  for (let round = 0; round < MAX_BATCHES_PER_JOB; round++) {
    const due = await dueValues<StockValue>(
      context.db,
      connectionId,
      shop.config.id,
      'stock',
      BATCH,
      context.plan.articles.enabled,
    );
    if (due.length === 0) return;
    await stockSourcesThroughPlugins(context, hooks, shop.config.id, due); // plugins (issue 7): filter, beforeMap
    const open = await openQuantities(
      context.db,
      connectionId,
      shopsSharingStock(context, shop.config.id),
      due.map((d) => d.key),
    );
    const writes: { sku: string; qty: number; inStock: boolean }[] = [];
    const written: { key: string; seq: number; value: unknown; writtenSeq: number }[] = [];
    for (const item of due) {
      const qty = publishedQuantity({
        sites: item.value.sites,
        warehouses: shop.config.stock.warehouses,
        open: open.get(item.key) ?? { booked: 0, unbooked: 0 },
        target,
        subtractPendingOrders: options.subtractPendingOrders,
      });
      written.push({ key: item.key, seq: item.seq, value: { qty }, writtenSeq: item.writtenSeq });
      if (qty !== null)
        writes.push(
          await hooks.forRecord(item.key).apply('afterMap', { sku: item.key, qty, inStock: qty > 0 }),
        ); // plugins (issue 7)
    }
    // A value equal to the one last written is not sent again: Specter echoes changes (an order
    // it books, an article Koppla sent), and rewriting an unchanged value would only cost calls.
    // The comparison holds only while Magento still has that value: a row whose open lines
    // changed has none (makeDue), since a shipment deducts the source in Magento itself and
    // another shop on the installation may have written the item since.
    const lastWritten = new Map(
      due.map((d) => [d.key, (d.writtenValue as { qty?: number | null } | null)?.qty]),
    );
    const changed = writes.filter((w) => lastWritten.get(w.sku) !== w.qty);
    const failures = changed.length ? await shop.magento.setStock(changed) : [];
    const failed = new Set(failures.map((f) => f.sku));
    // Failed rows are marked too (each waits as a dead letter instead of looping), but without a
    // written value, so the same value is sent again once the cause is fixed.
    await markWritten(
      context.db,
      connectionId,
      shop.config.id,
      'stock',
      written.map((w) => (failed.has(w.key) ? { ...w, value: null } : w)),
    );
    await hooks.notify(
      'afterWrite',
      changed.filter((w) => !failed.has(w.sku)),
    ); // plugins (issue 7)
    for (const failure of failures) {
      await reportItemFailure(context, shop.config.id, {
        kind: 'stock',
        sku: failure.sku,
        message: `Stock of ${failure.sku} not written to Magento: ${failure.message}`,
        flushKind: 'stock.flush',
        stream: 'stock',
      });
    }
    for (const write of changed) {
      if (failed.has(write.sku)) continue;
      await trace(context, {
        shopId: shop.config.id,
        entityType: 'article',
        entityKey: write.sku,
        jobId: job.id,
        kind: 'written',
        message: `Stock ${write.qty} written to Magento (${target})`,
      });
    }
  }
  // More is due than one job should carry: hand the rest to a fresh job so others get a turn.
  await queueStockFlush(context, shop.config.id);
}
