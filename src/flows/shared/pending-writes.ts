// Desired values waiting to be written to Magento in batches (stock, prices). A newer value (higher
// seq) replaces an older one; a flush writes what is due and records the seq it wrote, so a stale
// value can never overwrite a newer one, however jobs interleave.
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../store/schema.ts';

export interface DesiredValue<T> {
  key: string;
  value: T;
  seq: number;
}

export async function readValues<T>(
  db: Kysely<Database>,
  connectionId: string,
  shopId: string,
  kind: string,
  keys: string[],
): Promise<Map<string, DesiredValue<T>>> {
  const found = new Map<string, DesiredValue<T>>();
  for (let i = 0; i < keys.length; i += 500) {
    const rows = await db
      .selectFrom('pending_writes')
      .select(['key', 'value', 'seq'])
      .where('connection_id', '=', connectionId)
      .where('shop_id', '=', shopId)
      .where('kind', '=', kind)
      .where('key', 'in', keys.slice(i, i + 500))
      .execute();
    for (const row of rows) found.set(row.key, { key: row.key, value: row.value as T, seq: Number(row.seq) });
  }
  return found;
}

export async function putValues<T>(
  db: Kysely<Database>,
  connectionId: string,
  shopId: string,
  kind: string,
  values: DesiredValue<T>[],
): Promise<void> {
  const now = new Date();
  for (let i = 0; i < values.length; i += 500) {
    await db
      .insertInto('pending_writes')
      .values(
        values.slice(i, i + 500).map((v) => ({
          connection_id: connectionId,
          shop_id: shopId,
          kind,
          key: v.key,
          value: JSON.stringify(v.value),
          seq: v.seq,
          updated_at: now,
        })),
      )
      .onConflict((oc) =>
        oc
          .columns(['connection_id', 'shop_id', 'kind', 'key'])
          .doUpdateSet((eb) => ({
            value: eb.ref('excluded.value'),
            seq: eb.ref('excluded.seq'),
            updated_at: now,
          }))
          .where('pending_writes.seq', '<', (eb) => eb.ref('excluded.seq')),
      )
      .execute();
  }
}

/**
 * Values due for writing. With `onlyBoundArticles`, only SKUs known to be in this shop's Magento
 * (bound by an article import to this shop, or by an export from Magento): the others wait, still
 * due, until their article is bound. A Specter-only article never reaches a shop that lacks it.
 */
export async function dueValues<T>(
  db: Kysely<Database>,
  connectionId: string,
  shopId: string,
  kind: string,
  limit: number,
  onlyBoundArticles = false,
): Promise<(DesiredValue<T> & { writtenValue: T | null; writtenSeq: number })[]> {
  let query = db
    .selectFrom('pending_writes as p')
    .select(['p.key', 'p.value', 'p.seq', 'p.written_value', 'p.written_seq'])
    .where('p.connection_id', '=', connectionId)
    .where('p.shop_id', '=', shopId)
    .where('p.kind', '=', kind)
    .whereRef('p.seq', '>', 'p.written_seq');
  if (onlyBoundArticles) {
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('bindings as b')
          .select('b.id')
          .whereRef('b.connection_id', '=', 'p.connection_id')
          .where((w) => w.or([w('b.shop_id', '=', shopId), w('b.shop_id', '=', '')]))
          .where('b.entity_type', '=', 'article')
          .whereRef('b.magento_key', '=', 'p.key'),
      ),
    );
  }
  const rows = await query.orderBy('p.seq').limit(limit).execute();
  return rows.map((r) => ({
    key: r.key,
    value: r.value as T,
    seq: Number(r.seq),
    writtenValue: (r.written_value as T | null) ?? null,
    writtenSeq: Number(r.written_seq),
  }));
}

/**
 * Records what was written; a row that got a newer value meanwhile stays due. With `writtenSeq`
 * (as read by dueValues) a row that makeDue made due again while the write ran stays due too, and
 * keeps no written value (see makeDue). A row that only got a newer value still records the value
 * sent: that is what the target holds now, and what the next write of the row compares against.
 */
export async function markWritten(
  db: Kysely<Database>,
  connectionId: string,
  shopId: string,
  kind: string,
  written: { key: string; seq: number; value: unknown; writtenSeq?: number }[],
): Promise<void> {
  // One statement per 500 rows instead of one per row (a stock flush writes hundreds at a time).
  // Keys are unique within a flush; should one repeat, its last entry is the one applied.
  const byKey = new Map(written.map((w) => [w.key, w]));
  const checked = [...byKey.values()].filter((w) => w.writtenSeq !== undefined);
  const plain = [...byKey.values()].filter((w) => w.writtenSeq === undefined);
  for (let i = 0; i < checked.length; i += 500) {
    const chunk = checked.slice(i, i + 500);
    await sql`
      update pending_writes as p
      set written_seq = case when p.seq <= v.seq then v.seq else p.written_seq end,
          written_value = v.value::jsonb
      from unnest(${chunk.map((w) => w.key)}::text[], ${chunk.map((w) => String(w.seq))}::bigint[],
                  ${chunk.map((w) => JSON.stringify(w.value))}::text[],
                  ${chunk.map((w) => String(w.writtenSeq))}::bigint[]) as v(key, seq, value, written_seq)
      where p.connection_id = ${connectionId} and p.shop_id = ${shopId} and p.kind = ${kind}
        and p.key = v.key and p.written_seq = v.written_seq`.execute(db);
  }
  for (let i = 0; i < plain.length; i += 500) {
    const chunk = plain.slice(i, i + 500);
    await sql`
      update pending_writes as p
      set written_seq = v.seq, written_value = v.value::jsonb
      from unnest(${chunk.map((w) => w.key)}::text[], ${chunk.map((w) => String(w.seq))}::bigint[],
                  ${chunk.map((w) => JSON.stringify(w.value))}::text[]) as v(key, seq, value)
      where p.connection_id = ${connectionId} and p.shop_id = ${shopId} and p.kind = ${kind}
        and p.key = v.key and p.seq <= v.seq`.execute(db);
  }
}

/**
 * Makes rows due again (their inputs changed elsewhere, e.g. an order shipped), and forgets what
 * was last written: the change that calls for this may have moved the target's own value (Magento
 * deducts a shipment from the source itself; another shop on the installation writes the same
 * item), so the next write must go out even if it equals the last one Koppla sent.
 */
export async function makeDue(
  db: Kysely<Database>,
  connectionId: string,
  shopId: string,
  kind: string,
  keys: string[],
): Promise<void> {
  if (keys.length === 0) return;
  await db
    .updateTable('pending_writes')
    // Lower than before, every time: a flush running meanwhile sees the change (markWritten's check).
    .set({ written_seq: sql`least(written_seq, -1) - 1`, written_value: null })
    .where('connection_id', '=', connectionId)
    .where('shop_id', '=', shopId)
    .where('kind', '=', kind)
    .where('key', 'in', keys)
    .execute();
}
