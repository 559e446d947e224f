// Stores many article bindings in a few statements. A pair that is already bound stays as it is
// (its state too); a key already bound to another partner is kept and reported back, never
// overwritten (the same rule as BindingRepository.bind).
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.ts';

export interface ArticleBinding {
  sku: string;
  state: unknown;
}

const CHUNK = 500;

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
    await db
      .insertInto('bindings')
      .values(
        chunk.map((b) => ({
          connection_id: connectionId,
          entity_type: 'article',
          shop_id: shopId,
          magento_key: b.sku,
          specter_key: b.sku,
          state: JSON.stringify(b.state ?? null),
          updated_at: now,
        })),
      )
      .onConflict((oc) => oc.doNothing())
      .execute();
    const stored = await db
      .selectFrom('bindings')
      .select(['magento_key', 'specter_key'])
      .where('connection_id', '=', connectionId)
      .where('entity_type', '=', 'article')
      .where('shop_id', '=', shopId)
      .where(
        'magento_key',
        'in',
        chunk.map((b) => b.sku),
      )
      .execute();
    for (const row of stored) if (row.specter_key !== row.magento_key) refused.push(row.magento_key);
  }
  return refused;
}
