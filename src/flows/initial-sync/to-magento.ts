// Initial sync Specter -> one shop's Magento: every Specter article is created in Magento unless a
// product with its SKU exists (then it is bound) or exists with a different structure (a conflict,
// left alone). Products are created through the bulk API; each new configurable's axes and child
// links follow as soon as what they need exists (configurable-assembly.ts), while the reading goes on.
import {
  articleToProductPayload,
  type MagentoClient,
  type ProductWriteContext,
} from '../../connectors/magento/index.ts';
import type { Article } from '../../domain/types.ts';
import { defaultMagentoAdapterOptions } from '../adapters/magento-adapter.ts';
import { articleForMagento } from '../articles/variant-attributes.ts';
import type { ShopRuntime } from '../context.ts';
import type { SpecterPort } from '../ports.ts';
import { BindingWriter } from './bind-many.ts';
import { type AssemblyOperation, ConfigurableAssembly } from './configurable-assembly.ts';
import type { Limiter } from './limiter.ts';
import { MagentoBulkWriter, type SettledOperation } from './magento-bulk.ts';
import { readAttributes, readMagentoShapes } from './magento-read.ts';
import type { ReportRecorder } from './report.ts';
import type { SyncRun } from './run.ts';
import { judgeInIndex, type Shape } from './shape.ts';
import { eachSpecterPage } from './specter-read.ts';

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
  // The shop's products and the axes' attributes, read side by side (a dry run writes no axes).
  const [target, attributes] = await Promise.all([
    readMagentoShapes(client, run.magentoLimiter),
    readAttributes(client, run.magentoLimiter, dryRun ? [] : Object.values(variantMap)),
  ]);
  const optionId = optionResolver(client, run.magentoLimiter);
  const attributeIds: Record<string, number> = {};
  for (const [code, attribute] of attributes) attributeIds[code] = attribute.attribute_id;
  const baseContext: ProductWriteContext = {
    attributeSetId: defaultMagentoAdapterOptions.attributeSetId,
    websiteIds: [shop.config.websiteId],
    taxClassIdByVat: defaultMagentoAdapterOptions.taxClassIdByVat,
    attributeIds,
    pricesIncludeVat: shop.config.catalogPricesIncludeVat,
  };
  const failed = new Set<string>();
  const fail = (sku: string, message: string) => {
    failed.add(sku);
    recorder.failure({ sku, shop: shopId, message });
  };
  const assembly = new ConfigurableAssembly(attributeIds, fail);
  const writer = new MagentoBulkWriter(
    client,
    run.magentoLimiter,
    (operations) => settle(assembly, operations),
    run.bulkSize,
  );
  const sendReady = async () => {
    for (const operation of assembly.takeReady()) await send(writer, operation);
  };
  // A product is bound as soon as it is sent (taken back below if Magento does not create it).
  const bindings = new BindingWriter(run.db, connection.id, shopId);

  let sinceYield = 0;
  await eachSpecterPage(specter, run.specterLimiter, async (articles) => {
    for (const raw of articles) {
      // A page is mapped without waiting on anything; letting the event loop in now and then keeps
      // bulk answers and status polls flowing meanwhile, so axes and links go out while reading.
      if (++sinceYield === 100) {
        sinceYield = 0;
        await new Promise((resolve) => setImmediate(resolve));
      }
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
        if (dryRun) continue;
        bindings.add(binding);
        if (article.kind === 'configurable') assembly.parentExists(article.sku);
        continue;
      }
      recorder.created(entry);
      if (dryRun) continue;
      const optionIds: Record<string, Record<string, number>> = {};
      const valueIds: Record<string, number> = {};
      if (article.kind === 'variant' && article.parentSku) {
        for (const [code, label] of Object.entries(article.variantValues ?? {})) {
          const id = await optionId(code, label);
          optionIds[code] = { [label]: id };
          valueIds[code] = id;
        }
      }
      if (article.kind === 'configurable') assembly.parentSent(article.sku);
      else if (article.kind === 'variant' && article.parentSku)
        assembly.variantSent(article.sku, article.parentSku, valueIds);
      const product = articleToProductPayload(article, { ...baseContext, optionIds });
      await writer.add(ROUTES.product, 'POST', { product }, article.sku);
      bindings.add(binding);
      await sendReady();
    }
  });
  if (dryRun) return;

  // The last pages' operations: whatever is buffered goes, and each round of finished bulks may
  // make more ready (axes after the last configurables, links after those axes).
  assembly.readingDone();
  for (;;) {
    await sendReady();
    await writer.flush();
    if (!writer.busy && !assembly.hasReady) break;
    await writer.settle();
  }
  assembly.reportUnlinked();

  await bindings.unbind([...failed]);
  const { bound, refused } = await bindings.finish();
  for (const sku of refused) fail(sku, `${sku} is already bound to another Specter article`);
  recorder.report.summary.bound += bound;
}

const ROUTES = {
  product: '/V1/products',
  axis: '/V1/configurable-products/bySku/options',
  link: '/V1/configurable-products/bySku/child',
} as const;

function send(writer: MagentoBulkWriter, operation: AssemblyOperation): Promise<void> {
  return operation.kind === 'axis'
    ? writer.add(
        ROUTES.axis,
        'POST',
        { sku: operation.parentSku, option: operation.option },
        operation.parentSku,
      )
    : writer.add(
        ROUTES.link,
        'POST',
        { sku: operation.parentSku, childSku: operation.childSku },
        operation.childSku,
      );
}

/** Hands what Magento did with each operation of a finished bulk to the assembly. */
function settle(assembly: ConfigurableAssembly, operations: SettledOperation[]): void {
  for (const { route, sku, failure } of operations) {
    if (route === ROUTES.product) assembly.productSettled(sku, failure);
    else if (route === ROUTES.axis) assembly.axisSettled(sku, failure);
    else assembly.linkSettled(sku, failure);
  }
}
