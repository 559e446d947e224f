// Stock and price flushes write batches of due values. Their filter/beforeMap hooks run per SKU on
// the batch before the handler maps it; the batch array is changed in place so the handler's own
// loop stays as it is. A skipped SKU is marked written (as the value it would have had), so it
// waits for its next change in Specter instead of coming back in every round.
import type { FlowContext } from '../flows/context.ts';
import type { PriceValue, TierValue } from '../flows/prices/desired.ts';
import { markWritten } from '../flows/shared/pending-writes.ts';
import type { StockValue } from '../flows/stock/feed.ts';
import type { FlowHooks } from './flow-hooks.ts';
import type { BasePriceSource, PriceSource, StockSource, TierPriceSource } from './types.ts';

interface DueItem<V> {
  key: string;
  seq: number;
  value: V;
}

/** Each item's value after the hooks, or null when a plugin skipped it. */
async function throughPlugins<V>(
  context: FlowContext,
  shopId: string,
  kind: string,
  due: DueItem<V>[],
  run: (item: DueItem<V>) => Promise<V | null>,
): Promise<void> {
  const skipped: DueItem<V>[] = [];
  const kept: DueItem<V>[] = [];
  for (const item of due) {
    const value = await run(item);
    if (value === null) skipped.push(item);
    else kept.push({ ...item, value });
  }
  if (skipped.length > 0) await markWritten(context.db, context.connection.id, shopId, kind, skipped);
  due.splice(0, due.length, ...kept);
}

export async function stockSourcesThroughPlugins(
  context: FlowContext,
  hooks: FlowHooks<'stock'>,
  shopId: string,
  due: DueItem<StockValue>[],
): Promise<void> {
  if (!hooks.active) return;
  await throughPlugins(context, shopId, 'stock', due, async (item) => {
    const own = hooks.forRecord(item.key);
    const source: StockSource = { sku: item.key, sites: item.value.sites };
    if (await own.skipped('filter', source)) return null;
    const changed = await own.apply('beforeMap', source);
    return { ...item.value, sites: changed.sites };
  });
}

export async function basePriceSourcesThroughPlugins(
  context: FlowContext,
  hooks: FlowHooks<'prices'>,
  shopId: string,
  due: DueItem<PriceValue>[],
): Promise<void> {
  if (!hooks.active) return;
  await throughPlugins(context, shopId, 'price', due, async (item) => {
    // No price in Specter: nothing is written, so there is nothing for a plugin to see.
    if (item.value.priceExclVat === null) return item.value;
    const own = hooks.forRecord(item.key);
    const source: PriceSource = {
      kind: 'base',
      sku: item.key,
      priceExclVat: item.value.priceExclVat,
      vatPercent: item.value.vatPercent,
    };
    if (await own.skipped('filter', source)) return null;
    const changed = (await own.apply('beforeMap', source)) as BasePriceSource;
    return { priceExclVat: changed.priceExclVat, vatPercent: changed.vatPercent };
  });
}

export async function tierSourcesThroughPlugins(
  context: FlowContext,
  hooks: FlowHooks<'prices'>,
  shopId: string,
  due: DueItem<TierValue>[],
): Promise<void> {
  if (!hooks.active) return;
  await throughPlugins(context, shopId, 'tier', due, async (item) => {
    const own = hooks.forRecord(item.key);
    const source: PriceSource = {
      kind: 'tiers',
      sku: item.key,
      vatPercent: item.value.vatPercent,
      entries: item.value.entries,
    };
    if (await own.skipped('filter', source)) return null;
    const changed = (await own.apply('beforeMap', source)) as TierPriceSource;
    return { vatPercent: changed.vatPercent, entries: changed.entries };
  });
}
