// The order lines Magento has taken, kept until Specter books them (so published stock can
// subtract what Specter does not know about yet) and until they ship (MSI reservations).
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../store/schema.ts';

export function orderDedupeKey(connectionId: string, shopId: string, incrementId: string): string {
  return `${connectionId}:${shopId}:order:${incrementId}`;
}

export async function recordOpenLines(
  db: Kysely<Database>,
  connectionId: string,
  shopId: string,
  incrementId: string,
  lines: { sku: string; qty: number }[],
): Promise<void> {
  const bySku = new Map<string, number>();
  for (const line of lines) bySku.set(line.sku, (bySku.get(line.sku) ?? 0) + line.qty);
  if (bySku.size === 0) return;
  await db
    .insertInto('open_order_lines')
    .values(
      [...bySku].map(([sku, qty]) => ({
        connection_id: connectionId,
        shop_id: shopId,
        increment_id: incrementId,
        sku,
        qty,
      })),
    )
    .onConflict((oc) => oc.columns(['connection_id', 'shop_id', 'increment_id', 'sku']).doNothing())
    .execute();
}

export async function markBooked(
  db: Kysely<Database>,
  connectionId: string,
  shopId: string,
  incrementId: string,
): Promise<void> {
  await db
    .updateTable('open_order_lines')
    .set({ booked: true })
    .where('connection_id', '=', connectionId)
    .where('shop_id', '=', shopId)
    .where('increment_id', '=', incrementId)
    .execute();
}

/** Shipped or cancelled lines no longer hold stock in Magento. */
export async function closeLines(
  db: Kysely<Database>,
  connectionId: string,
  shopId: string,
  incrementId: string,
  shipped?: { sku: string; qty: number }[],
): Promise<void> {
  let query = db
    .deleteFrom('open_order_lines')
    .where('connection_id', '=', connectionId)
    .where('shop_id', '=', shopId)
    .where('increment_id', '=', incrementId);
  if (!shipped) {
    await query.execute();
    return;
  }
  for (const line of shipped) {
    await db
      .updateTable('open_order_lines')
      .set({ qty: sql`greatest(qty - ${line.qty}, 0)` })
      .where('connection_id', '=', connectionId)
      .where('shop_id', '=', shopId)
      .where('increment_id', '=', incrementId)
      .where('sku', '=', line.sku)
      .execute();
  }
  query = query.where('qty', '<=', '0');
  await query.execute();
}

/** Quantity per SKU in open orders, split by whether Specter has booked them. */
export async function openQuantities(
  db: Kysely<Database>,
  connectionId: string,
  shopIds: string[],
  skus: string[],
): Promise<Map<string, { booked: number; unbooked: number }>> {
  const result = new Map<string, { booked: number; unbooked: number }>();
  if (skus.length === 0 || shopIds.length === 0) return result;
  const rows = await db
    .selectFrom('open_order_lines')
    .select(['sku', 'booked', (eb) => eb.fn.sum<string>('qty').as('qty')])
    .where('connection_id', '=', connectionId)
    .where('shop_id', 'in', shopIds)
    .where('sku', 'in', skus)
    .groupBy(['sku', 'booked'])
    .execute();
  for (const row of rows) {
    const entry = result.get(row.sku) ?? { booked: 0, unbooked: 0 };
    if (row.booked) entry.booked += Number(row.qty);
    else entry.unbooked += Number(row.qty);
    result.set(row.sku, entry);
  }
  return result;
}
