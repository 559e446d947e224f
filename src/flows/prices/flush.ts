// Writes due base prices and tier prices of one shop to Magento, in batches.
import type { JobContext } from '../../engine/worker.ts';
import { pluginHooks } from '../../plugins/flow-hooks.ts';
import { basePriceSourcesThroughPlugins, tierSourcesThroughPlugins } from '../../plugins/flush-hooks.ts';
import { type FlowContext, shopOf } from '../context.ts';
import { reportItemFailure } from '../shared/item-failures.ts';
import { dueValues, markWritten } from '../shared/pending-writes.ts';
import { type PriceValue, queuePriceFlush, type TierValue } from './desired.ts';
import { catalogPrice, desiredTierPrices, mergeTierPrices, sameTierPrices } from './tiers.ts';

const BATCH = 200;
const MAX_BATCHES_PER_JOB = 20;

export async function flushPrices(context: FlowContext, jobContext: JobContext): Promise<void> {
  const { job } = jobContext;
  const shop = shopOf(context, job.shopId);
  const connectionId = context.connection.id;
  const includeVat = shop.config.catalogPricesIncludeVat;
  const hooks = pluginHooks(context, 'prices', {
    shopId: shop.config.id,
    entityType: 'article',
    entityKey: job.entityKey,
    jobId: job.id,
  }); // plugins (issue 7)
  for (let round = 0; round < MAX_BATCHES_PER_JOB; round++) {
    const prices = await dueValues<PriceValue>(
      context.db,
      connectionId,
      shop.config.id,
      'price',
      BATCH,
      context.plan.articles.enabled,
    );
    const tiers = await dueValues<TierValue>(
      context.db,
      connectionId,
      shop.config.id,
      'tier',
      BATCH,
      context.plan.articles.enabled,
    );
    if (prices.length === 0 && tiers.length === 0) return;
    await basePriceSourcesThroughPlugins(context, hooks, shop.config.id, prices); // plugins (issue 7): filter, beforeMap
    await tierSourcesThroughPlugins(context, hooks, shop.config.id, tiers); // plugins (issue 7): filter, beforeMap

    if (prices.length > 0) {
      const writes = prices
        .filter((p) => p.value.priceExclVat !== null)
        .map((p) => ({
          sku: p.key,
          price: catalogPrice(p.value.priceExclVat as number, p.value.vatPercent, includeVat),
        }));
      for (const [i, w] of writes.entries()) writes[i] = await hooks.forRecord(w.sku).apply('afterMap', w); // plugins (issue 7)
      // A price equal to the one last written is not sent again: Specter's feed echoes articles
      // Koppla itself sent (combo), and a rewrite would touch the product and echo back once more.
      const lastWritten = new Map(
        prices.map((p) => [p.key, (p.writtenValue as { written?: number } | null)?.written]),
      );
      const changed = writes.filter((w) => lastWritten.get(w.sku) !== w.price);
      const failures = changed.length ? await shop.magento.setBasePrices(changed) : [];
      const failed = new Set(failures.map((f) => f.sku));
      const sent = new Map(writes.map((w) => [w.sku, w.price]));
      // Failed rows are marked too (each waits as a dead letter instead of looping), without the
      // written price, so the same price is sent again once the cause is fixed.
      await markWritten(
        context.db,
        connectionId,
        shop.config.id,
        'price',
        prices.map((p) => ({
          key: p.key,
          seq: p.seq,
          value: failed.has(p.key) ? p.value : { ...p.value, written: sent.get(p.key) },
        })),
      );
      await hooks.notify(
        'afterWrite',
        changed.filter((w) => !failed.has(w.sku)),
      ); // plugins (issue 7)
      for (const failure of failures) {
        await reportItemFailure(context, shop.config.id, {
          kind: 'price',
          sku: failure.sku,
          message: `Price of ${failure.sku} not written to Magento: ${failure.message}`,
          flushKind: 'price.flush',
          stream: 'prices',
        });
      }
    }

    if (tiers.length > 0 && context.connection.streams.priceLists.mode === 'customer-group-prices') {
      // A customer-group price is one price per group: the list's plain price (from quantity 1).
      const prices = tiers.flatMap((tier) =>
        desiredTierPrices(
          tier.key,
          tier.value.entries,
          shop.config.priceLists,
          tier.value.vatPercent,
          includeVat,
        ).filter((p) => p.quantity <= 1),
      );
      const failures = prices.length ? await shop.magento.setCustomerGroupPrices(prices) : [];
      for (const failure of failures) {
        await reportItemFailure(context, shop.config.id, {
          kind: 'tier',
          sku: failure.sku,
          message: `Customer-group prices of ${failure.sku} not written to Magento: ${failure.message}`,
          flushKind: 'price.flush',
          stream: 'prices',
        });
      }
      await markWritten(
        context.db,
        connectionId,
        shop.config.id,
        'tier',
        tiers.map((t) => ({ key: t.key, seq: t.seq, value: t.value })),
      );
    } else if (tiers.length > 0) {
      const skus = tiers.map((t) => t.key);
      const current = await shop.magento.getTierPrices(skus);
      const changed: string[] = [];
      const full = [];
      for (const tier of tiers) {
        const mine = current.filter((c) => c.sku === tier.key);
        const desired = desiredTierPrices(
          tier.key,
          tier.value.entries,
          shop.config.priceLists,
          tier.value.vatPercent,
          includeVat,
        );
        const merged = mergeTierPrices(mine, desired, shop.config.priceLists);
        if (sameTierPrices(mine, merged)) continue;
        changed.push(tier.key);
        full.push(...merged);
      }
      if (changed.length > 0) {
        const failures = await shop.magento.replaceTierPrices(changed, full);
        for (const failure of failures) {
          await reportItemFailure(context, shop.config.id, {
            kind: 'tier',
            sku: failure.sku,
            message: `Tier prices of ${failure.sku} not written to Magento: ${failure.message}`,
            flushKind: 'price.flush',
            stream: 'prices',
          });
        }
      }
      await markWritten(
        context.db,
        connectionId,
        shop.config.id,
        'tier',
        tiers.map((t) => ({ key: t.key, seq: t.seq, value: t.value })),
      );
    }
  }
  await queuePriceFlush(context, shop.config.id);
}
