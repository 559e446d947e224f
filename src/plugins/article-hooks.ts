// Article export (Magento -> Specter) sends a configurable with its variants in one call; the
// article hooks still run per article, each on its own record's timeline.
import type { Article } from '../domain/types.ts';
import type { FlowHooks } from './flow-hooks.ts';

const facts = { direction: 'magento->specter' as const };

/** Each article through filter, beforeMap, `map`, afterMap and beforeWrite; skipped ones are left out. */
export async function articlesThroughPlugins(
  hooks: FlowHooks<'articles'>,
  found: readonly Article[],
  map: (article: Article) => Article,
): Promise<Article[]> {
  const out: Article[] = [];
  for (const article of found) {
    const own = hooks.forRecord(article.sku);
    if (await own.skipped('filter', article, facts)) continue;
    const source = await own.apply('beforeMap', article, facts);
    const mapped = await own.apply('afterMap', map(source), facts);
    if (await own.skipped('beforeWrite', mapped, facts)) continue;
    out.push(mapped);
  }
  return out;
}
