// Specter -> Magento: creates or updates one article in one shop's Magento, only writing what
// changed, and keeps configurables and their variants linked (a variant whose link was lost is
// linked again and the repair is reported).
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Article } from '../../domain/types.ts';
import type { JobContext } from '../../engine/worker.ts';
import { pluginHooks } from '../../plugins/flow-hooks.ts';
import { countOne, type FlowContext, shopOf, timelineSteps, trace } from '../context.ts';
import { queuePriceFlush } from '../prices/desired.ts';
import { queueStockFlush } from '../stock/feed.ts';
import { articleForMagento } from './variant-attributes.ts';

function fingerprint(article: Article): string {
  return createHash('sha256').update(JSON.stringify(article)).digest('hex').slice(0, 16);
}

export async function importArticle(context: FlowContext, { job }: JobContext): Promise<void> {
  const connectionId = context.connection.id;
  const shop = shopOf(context, job.shopId);
  let article = articleForMagento(
    job.payload as Article,
    context.connection.streams.articles.variantAttributes,
  );
  const step = timelineSteps(context, {
    shopId: shop.config.id,
    entityType: 'article',
    entityKey: article.sku,
    jobId: job.id,
  });

  // plugins (issue 7): filter and beforeMap see Specter's article, afterMap and beforeWrite Magento's
  const hooks = pluginHooks(context, 'articles', {
    shopId: shop.config.id,
    entityType: 'article',
    entityKey: article.sku,
    jobId: job.id,
  });
  const facts = { direction: 'specter->magento' as const };
  if (await hooks.skipped('filter', job.payload as Article, facts)) return;
  if (hooks.active) {
    const source = await hooks.apply('beforeMap', job.payload as Article, facts);
    article = await hooks.apply(
      'afterMap',
      articleForMagento(source, context.connection.streams.articles.variantAttributes),
      facts,
    );
  }
  if (await hooks.skipped('beforeWrite', article, facts)) return;

  const print = fingerprint(article);
  const bound = await context.bindings.byMagentoKey(connectionId, 'article', shop.config.id, article.sku);
  const unchanged = (bound?.state as { fingerprint?: string } | null)?.fingerprint === print;

  if (!unchanged) {
    const outcome = await shop.magento.upsertProduct(article, {
      websiteId: shop.config.websiteId,
      storeCode: shop.config.storeCode,
    });
    await step(outcome === 'unchanged' ? 'skipped' : 'written', `Magento product ${outcome}`);
    if (outcome !== 'unchanged') await countOne(context, 'articles');
    await hooks.notify('afterWrite', { article, outcome }, facts); // plugins (issue 7)
  }

  if (article.kind === 'variant' && article.parentSku && article.variantValues) {
    const parent = await shop.magento.getProduct(article.parentSku);
    if (parent) {
      await shop.magento.linkVariant(article.parentSku, article.sku, article.variantValues);
    } else {
      await step(
        'waiting',
        `Main article ${article.parentSku} is not in Magento yet; linked when it arrives`,
      );
    }
  }
  if (article.kind === 'configurable') await linkKnownVariants(context, job.shopId, article.sku, job.id);

  await context.bindings.bind({
    connectionId,
    entityType: 'article',
    shopId: shop.config.id,
    magentoKey: article.sku,
    specterKey: article.sku,
    state: { fingerprint: print, parentSku: article.parentSku, variantValues: article.variantValues },
  });
  if (unchanged) {
    await step('skipped', 'Unchanged since the last write');
    return;
  }
  // Stock and prices that waited for this product can be written now.
  if (context.plan.stock.enabled) await queueStockFlush(context, shop.config.id);
  if (context.plan.prices.enabled || context.plan.priceLists.enabled)
    await queuePriceFlush(context, shop.config.id);
}

/** Links every variant already imported for this configurable (they may have arrived first). */
async function linkKnownVariants(
  context: FlowContext,
  shopId: string,
  parentSku: string,
  jobId: string,
): Promise<void> {
  const shop = shopOf(context, shopId);
  const rows = await context.db
    .selectFrom('bindings')
    .select(['magento_key', 'state'])
    .where('connection_id', '=', context.connection.id)
    .where('entity_type', '=', 'article')
    .where('shop_id', '=', shopId)
    .where(sql<string>`state->>'parentSku'`, '=', parentSku)
    .execute();
  for (const row of rows) {
    const state = row.state as { variantValues?: Record<string, string> } | null;
    if (!state?.variantValues) continue;
    await shop.magento.linkVariant(parentSku, row.magento_key, state.variantValues);
  }
  if (rows.length > 0) {
    await trace(context, {
      shopId,
      entityType: 'article',
      entityKey: parentSku,
      jobId,
      kind: 'written',
      message: `Variants linked: ${rows.map((r) => r.magento_key).join(', ')}`,
    });
  }
}
