// Magento -> Specter (ecom-master, combo): detects changed products and sends them to Specter as
// articles, a configurable together with its variants (variant link and values included).
import { createHash } from 'node:crypto';
import type { Schedule } from '../../app/flow-set.ts';
import type { Article } from '../../domain/types.ts';
import type { JobContext } from '../../engine/worker.ts';
import { articlesThroughPlugins } from '../../plugins/article-hooks.ts';
import { pluginHooks } from '../../plugins/flow-hooks.ts';
import { countOne, type FlowContext, type ShopRuntime, shopOf, timelineSteps } from '../context.ts';
import { shiftMagentoTime } from '../orders/detect.ts';
import { toSpecterVariantValues } from './variant-attributes.ts';

/** Articles go to Specter once per Magento installation: its first shop speaks for it. */
export function exportingShops(context: FlowContext): ShopRuntime[] {
  const seen = new Set<string>();
  return [...context.shops.values()].filter((shop) => {
    if (seen.has(shop.config.magento.url)) return false;
    seen.add(shop.config.magento.url);
    return true;
  });
}

export async function detectProducts(context: FlowContext, shop: ShopRuntime): Promise<number> {
  const connectionId = context.connection.id;
  const cursor = await context.cursors.get(connectionId, shop.config.id, 'articles');
  let newest = cursor ?? '1970-01-01 00:00:00';
  let queued = 0;
  for await (const product of shop.magento.searchProducts(
    cursor ? shiftMagentoTime(cursor, 60) : undefined,
  )) {
    if (product.updatedAt && product.updatedAt > newest) newest = product.updatedAt;
    // The overlap window re-reads recent products: one already sent at this version is skipped.
    const bound = await context.bindings.byMagentoKey(connectionId, 'article', '', product.article.sku);
    if (product.updatedAt && exportState(bound?.state).seen?.[shop.config.id] === product.updatedAt) continue;
    const result = await queueArticleExport(context, shop.config.id, product.article.sku, product.updatedAt);
    if (!result.coalesced) queued++;
  }
  await context.cursors.set(connectionId, shop.config.id, 'articles', newest);
  if (queued > 0) context.poke();
  return queued;
}

export function queueArticleExport(context: FlowContext, shopId: string, sku: string, updatedAt?: string) {
  return context.queue.enqueue({
    connectionId: context.connection.id,
    shopId,
    stream: 'articles',
    kind: 'article.export',
    entityKey: sku,
    dedupeKey: `${context.connection.id}:${shopId}:article-export:${sku}`,
    payload: { sku, updatedAt },
  });
}

export function productPollSchedule(context: FlowContext, shop: ShopRuntime): Schedule {
  return {
    name: `products-poll:${shop.config.id}`,
    intervalMs: context.connection.streams.articles.pollSeconds * 1000,
    run: async () => {
      await detectProducts(context, shop);
    },
  };
}

/** What an article export binding remembers. */
interface ExportState {
  /** What was last sent (for a configurable: with its variants). */
  fingerprint?: string;
  /** For a variant: its configurable. */
  parentSku?: string;
  /** The product version last handled, per exporting shop (installations have their own clocks). */
  seen?: Record<string, string>;
}

function exportState(state: unknown): ExportState {
  return (state as ExportState | null) ?? {};
}

function withSeen(state: ExportState, shopId: string, updatedAt: string | undefined): ExportState {
  return updatedAt ? { ...state, seen: { ...state.seen, [shopId]: updatedAt } } : state;
}

/** Initial stock only seeds a new article: a stock change alone is not a reason to send again. */
function fingerprint(articles: Article[]): string {
  const sent = articles.map(({ initialStock: _, ...rest }) => rest);
  return createHash('sha256').update(JSON.stringify(sent)).digest('hex').slice(0, 16);
}

export async function exportArticle(context: FlowContext, { job }: JobContext): Promise<void> {
  const connectionId = context.connection.id;
  const shop = shopOf(context, job.shopId);
  const { sku, updatedAt } = job.payload as { sku: string; updatedAt?: string };
  const step = timelineSteps(context, {
    shopId: shop.config.id,
    entityType: 'article',
    entityKey: sku,
    jobId: job.id,
  });
  const found = await shop.magento.getArticles(sku);
  if (!found) {
    await step('skipped', 'No longer in Magento');
    return;
  }
  const bound = await context.bindings.byMagentoKey(connectionId, 'article', '', sku);
  const state = exportState(bound?.state);
  const parentSku = state.parentSku;
  if (found.length === 1 && parentSku) {
    // A variant changed on its own: send it with its configurable, which knows its variant values.
    await queueArticleExport(context, job.shopId, parentSku);
    await context.bindings.setState(connectionId, 'article', '', sku, withSeen(state, job.shopId, updatedAt));
    await step('skipped', `Variant of ${parentSku}: sent with it`);
    return;
  }
  const map = context.connection.streams.articles.variantAttributes;
  let articles: Article[] = found.map((a) => ({
    ...a,
    variantValues: toSpecterVariantValues(a.variantValues, map),
  }));
  // plugins (issue 7): per article; a skipped variant is left out, the job's own article skipped ends the job
  const hooks = pluginHooks(context, 'articles', {
    shopId: shop.config.id,
    entityType: 'article',
    entityKey: sku,
    jobId: job.id,
  });
  if (hooks.active) {
    articles = await articlesThroughPlugins(hooks, found, (a) => ({
      ...a,
      variantValues: toSpecterVariantValues(a.variantValues, map),
    }));
    if (!articles.some((a) => a.sku === sku)) return;
  }
  const print = fingerprint(articles);
  if (state.fingerprint === print) {
    await context.bindings.setState(connectionId, 'article', '', sku, withSeen(state, job.shopId, updatedAt));
    await step('skipped', 'Unchanged since the last export');
    return;
  }
  await shop.specter.submitArticles(articles, { forceUpdate: true });
  await step(
    'written',
    `Sent to Specter${articles.length > 1 ? ` with ${articles.length - 1} variant(s)` : ''}`,
  );
  for (const a of articles)
    await hooks
      .forRecord(a.sku)
      .notify('afterWrite', { article: a, outcome: 'sent' }, { direction: 'magento->specter' }); // plugins (issue 7)
  for (const article of articles) {
    const previous =
      article.sku === sku
        ? state
        : exportState((await context.bindings.byMagentoKey(connectionId, 'article', '', article.sku))?.state);
    await context.bindings.bind({
      connectionId,
      entityType: 'article',
      shopId: '',
      magentoKey: article.sku,
      specterKey: article.sku,
      state:
        article.sku === sku
          ? withSeen({ ...previous, fingerprint: print }, job.shopId, updatedAt)
          : { ...previous, parentSku: article.parentSku },
    });
  }
  await countOne(context, 'articles', articles.length);
}
