// Reads Specter's article-info feed for one web shop: each changed article becomes an import job
// per shop (when Specter owns articles), and its prices become desired values for the price flush
// (when Specter owns prices). Acked only after that is stored.
import type { Schedule } from '../../app/flow-set.ts';
import type { EnqueueInput } from '../../engine/job-types.ts';
import type { FlowContext, ShopRuntime, WebshopGroup } from '../context.ts';
import type { ArticleInfoItem } from '../ports.ts';
import { queuePriceFlush, recordPrices } from '../prices/desired.ts';

const MAX_BATCHES_PER_RUN = 20;

export function articleImportJob(
  context: FlowContext,
  shop: ShopRuntime,
  item: ArticleInfoItem,
  seq: number,
): EnqueueInput {
  return {
    connectionId: context.connection.id,
    shopId: shop.config.id,
    stream: 'articles',
    kind: 'article.import',
    entityKey: item.article.sku,
    dedupeKey: `${context.connection.id}:${shop.config.id}:article:${item.article.sku}`,
    // Shops of one Magento installation share the product: their imports of it take turns (each
    // reads the product's websites and writes them back with its own added).
    serialKey: `${context.connection.id}:${shop.config.magento.url}:product:${item.article.sku}`,
    seq,
    // Main articles first so their variants find them when they are linked.
    priority: item.article.kind === 'configurable' ? 2 : 1,
    payload: item.article,
  };
}

export async function handleArticleItems(
  context: FlowContext,
  group: WebshopGroup,
  items: ArticleInfoItem[],
): Promise<void> {
  if (items.length === 0) return;
  const plan = context.plan;
  const seq = Date.now();
  for (const shop of group.shops) {
    if (plan.articles.enabled && plan.articles.direction === 'specter->magento') {
      // One statement for the feed page, not one round trip per article.
      await context.queue.enqueueMany(items.map((item) => articleImportJob(context, shop, item, seq)));
    }
    if (plan.prices.enabled || plan.priceLists.enabled) {
      await recordPrices(context, shop, items, seq);
      await queuePriceFlush(context, shop.config.id);
    }
  }
}

export async function readArticleFeed(context: FlowContext, group: WebshopGroup): Promise<number> {
  let count = 0;
  for (let round = 0; round < MAX_BATCHES_PER_RUN; round++) {
    const batch = await group.specter.readArticleFeed();
    await handleArticleItems(context, group, batch.items);
    await group.specter.ackFeed('articleInfo', batch.batchNo);
    count += batch.items.length;
    if (!batch.more) break;
  }
  if (count > 0) context.poke();
  return count;
}

export function articleFeedSchedule(context: FlowContext, group: WebshopGroup, intervalMs: number): Schedule {
  return {
    name: `article-feed:${group.key}`,
    intervalMs,
    run: async () => {
      await readArticleFeed(context, group);
    },
  };
}
