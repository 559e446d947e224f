// Stores many article bindings in a few statements. A pair that is already bound stays as it is
// (its state too); a key already bound to another partner is kept and reported back, never
// overwritten (the same rule as BindingRepository.bind).
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../store/schema.ts';

export interface ArticleBinding {
  sku: string;
  state: unknown;
}

const CHUNK = 2_000;

/** Answers the SKUs that were already bound to a different Specter article number. */
export async function bindArticles(
  db: Kysely<Database>,
  connectionId: string,
  shopId: string,
  bindings: ArticleBinding[],
): Promise<string[]> {
  const refused: string[] = [];
  const now = new Date();
  for (let i = 0; i < bindings.length; i += CHUNK) {
    const chunk = bindings.slice(i, i + CHUNK);
    const skus = chunk.map((b) => b.sku);
    const states = chunk.map((b) => JSON.stringify(b.state ?? null));
    // Two arrays as parameters instead of seven parameters a row: statements with thousands of
    // parameters are slow to prepare, above all on the embedded PGlite. Magento SKU = article no.
    await sql`
      insert into bindings (connection_id, entity_type, shop_id, magento_key, specter_key, state, updated_at)
      select ${connectionId}, 'article', ${shopId}, b.sku, b.sku, b.state::jsonb, ${now}
      from unnest(${skus}::text[], ${states}::text[]) as b(sku, state)
      on conflict do nothing`.execute(db);
    const stored = await sql<{ magento_key: string; specter_key: string }>`
      select magento_key, specter_key from bindings
      where connection_id = ${connectionId} and entity_type = 'article' and shop_id = ${shopId}
        and magento_key = any(${skus}::text[])`.execute(db);
    for (const row of stored.rows) if (row.specter_key !== row.magento_key) refused.push(row.magento_key);
  }
  return refused;
}
