// Initial sync Specter -> one shop's Magento: every Specter article is created in Magento unless a
// product with its SKU exists (then it is bound) or exists with a different structure (a conflict,
// left alone). Products are created through the bulk API; then configurable axes and child links.
import {
  articleToProductPayload,
  type MagentoClient,
  type MagentoConfigurableOption,
  type ProductWriteContext,
} from '../../connectors/magento/index.ts';
import type { Article } from '../../domain/types.ts';
import { defaultMagentoAdapterOptions } from '../adapters/magento-adapter.ts';
import { articleForMagento } from '../articles/variant-attributes.ts';
import type { ShopRuntime } from '../context.ts';
import type { SpecterPort } from '../ports.ts';
import { BindingWriter } from './bind-many.ts';
import type { Limiter } from './limiter.ts';
import { MagentoBulkWriter } from './magento-bulk.ts';
import { readMagentoShapes } from './magento-read.ts';
import type { ReportRecorder } from './report.ts';
import type { SyncRun } from './run.ts';
import { judgeInIndex, type Shape } from './shape.ts';
import { eachSpecterPage } from './specter-read.ts';

interface ParentPlan {
  /** Created by this run: its axes are declared once every variant's values are known. */
  created: boolean;
  axes: Map<string, Set<number>>;
}

function shapeOf(article: Article): Shape {
  return article.kind === 'variant'
    ? { kind: 'variant', parentSku: article.parentSku }
    : { kind: article.kind };
}

/** Option ids by (attribute, label), each looked up or added in Magento once. */
function optionResolver(client: MagentoClient, limiter: Limiter) {
  const cache = new Map<string, Promise<number>>();
  return (code: string, label: string): Promise<number> => {
    const key = `${code}\u0000${label.trim().toLowerCase()}`;
    let id = cache.get(key);
    if (!id) {
      id = limiter.run(() => client.ensureAttributeOption(code, label));
      cache.set(key, id);
    }
    return id;
  };
}

export async function syncSpecterToShop(
  run: SyncRun,
  shop: ShopRuntime,
  client: MagentoClient,
  specter: SpecterPort,
  recorder: ReportRecorder,
): Promise<void> {
  const { connection, dryRun } = run;
  const shopId = shop.config.id;
  const variantMap = connection.streams.articles.variantAttributes;
  const target = await readMagentoShapes(client, run.magentoLimiter);
  const optionId = optionResolver(client, run.magentoLimiter);
  const writer = new MagentoBulkWriter(client, run.magentoLimiter, run.bulkSize);
  const attributeIds: Record<string, number> = {};
  if (!dryRun) {
    for (const code of new Set(Object.values(variantMap))) {
      const attribute = await run.magentoLimiter.run(() => client.getAttribute(code));
      if (attribute) attributeIds[code] = attribute.attribute_id;
    }
  }
  const baseContext: ProductWriteContext = {
    attributeSetId: defaultMagentoAdapterOptions.attributeSetId,
    websiteIds: [shop.config.websiteId],
    taxClassIdByVat: defaultMagentoAdapterOptions.taxClassIdByVat,
    attributeIds,
    pricesIncludeVat: shop.config.catalogPricesIncludeVat,
  };
  const parents = new Map<string, ParentPlan>();
  const links: { parentSku: string; childSku: string }[] = [];
  // A product is bound as soon as it is sent (taken back below if Magento does not create it).
  const bindings = new BindingWriter(run.db, connection.id, shopId);

  await eachSpecterPage(specter, run.specterLimiter, async (articles) => {
    for (const raw of articles) {
      const article = articleForMagento(raw, variantMap);
      recorder.report.summary.read++;
      const entry = { sku: article.sku, kind: article.kind, parentSku: article.parentSku, shop: shopId };
      const verdict = judgeInIndex({ sku: article.sku, ...shapeOf(article) }, target);
      if (verdict.outcome === 'conflict') {
        recorder.conflict({ ...entry, reason: `${article.sku} ${verdict.reason}` });
        continue;
      }
      const binding = {
        sku: article.sku,
        state: { parentSku: article.parentSku, variantValues: article.variantValues },
      };
      if (verdict.outcome === 'match') {
        recorder.matched(entry);
        if (!dryRun) bindings.add(binding);
        continue;
      }
      recorder.created(entry);
      if (dryRun) continue;
      if (article.kind === 'configurable') {
        const plan = parents.get(article.sku) ?? { created: true, axes: new Map() };
        plan.created = true;
        parents.set(article.sku, plan);
      }
      const optionIds: Record<string, Record<string, number>> = {};
      if (article.kind === 'variant' && article.parentSku) {
        const plan = parents.get(article.parentSku) ?? {
          created: false,
          axes: new Map<string, Set<number>>(),
        };
        parents.set(article.parentSku, plan);
        for (const [code, label] of Object.entries(article.variantValues ?? {})) {
          const id = await optionId(code, label);
          optionIds[code] = { [label]: id };
          const values = plan.axes.get(code) ?? new Set<number>();
          values.add(id);
          plan.axes.set(code, values);
        }
        links.push({ parentSku: article.parentSku, childSku: article.sku });
      }
      const product = articleToProductPayload(article, { ...baseContext, optionIds });
      await writer.add('/V1/products', 'POST', { product }, article.sku);
      bindings.add(binding);
    }
  });
  if (dryRun) return;

  const failed = new Set<string>();
  const fail = (sku: string, message: string) => {
    failed.add(sku);
    recorder.failure({ sku, shop: shopId, message });
  };
  for (const f of await writer.finish()) fail(f.sku, `Magento did not create the product: ${f.message}`);

  // Axes of new configurables, then the child links, once every product exists.
  for (const [parentSku, plan] of parents) {
    if (!plan.created || failed.has(parentSku)) continue;
    let position = 0;
    for (const [code, values] of plan.axes) {
      const attributeId = attributeIds[code];
      if (attributeId === undefined) {
        fail(parentSku, `Magento has no product attribute "${code}" (needed for variants)`);
        break;
      }
      const option: MagentoConfigurableOption = {
        attribute_id: String(attributeId),
        label: code,
        position: position++,
        is_use_default: true,
        values: [...values].map((value_index) => ({ value_index })),
      };
      await writer.add(
        '/V1/configurable-products/bySku/options',
        'POST',
        { sku: parentSku, option },
        parentSku,
      );
    }
  }
  for (const f of await writer.finish()) fail(f.sku, `Magento refused the variant axes: ${f.message}`);
  for (const link of links) {
    if (failed.has(link.parentSku) || failed.has(link.childSku)) continue;
    await writer.add(
      '/V1/configurable-products/bySku/child',
      'POST',
      { sku: link.parentSku, childSku: link.childSku },
      link.childSku,
    );
  }
  for (const f of await writer.finish())
    fail(f.sku, `Magento did not link the variant to its configurable: ${f.message}`);

  await bindings.unbind([...failed]);
  const { bound, refused } = await bindings.finish();
  for (const sku of refused) fail(sku, `${sku} is already bound to another Specter article`);
  recorder.report.summary.bound += bound;
}
