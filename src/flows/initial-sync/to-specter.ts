// Initial sync Magento -> Specter: every product of one Magento installation becomes a Specter
// article unless the article number exists (bound) or exists with another structure (conflict).
// Configurables go first, so each variant's main article exists when the variant arrives.
import {
  type MagentoClient,
  type MagentoProduct,
  mapConfigurableProduct,
  mapMagentoProduct,
  type ProductReadContext,
} from '../../connectors/magento/index.ts';
import { PermanentError } from '../../domain/errors.ts';
import type { Article } from '../../domain/types.ts';
import { defaultMagentoAdapterOptions } from '../adapters/magento-adapter.ts';
import { toSpecterVariantValues } from '../articles/variant-attributes.ts';
import type { ShopRuntime } from '../context.ts';
import type { SpecterPort } from '../ports.ts';
import { BindingWriter } from './bind-many.ts';
import { Pipe } from './limiter.ts';
import { childIds, eachWindow, maxEntityId, readAttributes, WINDOW } from './magento-read.ts';
import type { ReportRecorder } from './report.ts';
import type { SyncRun } from './run.ts';
import { judgeInIndex } from './shape.ts';
import { readSpecterShapes } from './specter-read.ts';

/** The parts of a configurable its variants need to be read: SKU and axes. */
type ParentStub = Pick<MagentoProduct, 'sku' | 'name' | 'type_id' | 'extension_attributes'>;

export async function syncShopToSpecter(
  run: SyncRun,
  shop: ShopRuntime,
  client: MagentoClient,
  specter: SpecterPort,
  recorder: ReportRecorder,
): Promise<void> {
  const { connection, dryRun } = run;
  const shopId = shop.config.id;
  // What every phase needs, read side by side: each is one round trip, and in a row they kept
  // Specter's lanes idle for the first few hundred milliseconds.
  const [target, attributes, maxId] = await Promise.all([
    readSpecterShapes(specter, run.specterLimiter),
    readAttributes(client, run.magentoLimiter, Object.values(connection.streams.articles.variantAttributes)),
    maxEntityId(client, run.magentoLimiter),
  ]);
  const readContext: ProductReadContext = {
    attributes: [...attributes.values()],
    pricesIncludeVat: shop.config.catalogPricesIncludeVat,
    vatByTaxClassId: Object.fromEntries(
      Object.entries(defaultMagentoAdapterOptions.taxClassIdByVat).map(([vat, id]) => [id, Number(vat)]),
    ),
  };
  const variantMap = connection.streams.articles.variantAttributes;
  const parentByChildId = new Map<number, ParentStub>();
  const pipe = new Pipe(run.specterLimiter.width);
  let batch: Article[] = [];
  // Matches are bound at once, new articles once Specter has taken their batch.
  const bindings = new BindingWriter(run.db, connection.id, '');
  const bindingOf = (article: Article) => ({
    sku: article.sku,
    state: article.parentSku ? { parentSku: article.parentSku } : {},
  });
  const failed = new Set<string>();
  const fail = (sku: string, message: string) => {
    failed.add(sku);
    recorder.failure({ sku, shop: shopId, message });
  };

  const send = async () => {
    if (batch.length === 0) return;
    const articles = batch;
    batch = [];
    await pipe.submit(async () => {
      try {
        await run.specterLimiter.run(() => specter.submitArticles(articles, { forceUpdate: false }));
        for (const article of articles) bindings.add(bindingOf(article));
      } catch (error) {
        if (!(error instanceof PermanentError)) throw error;
        // Specter takes a batch all or nothing: find the refused ones by sending one at a time.
        for (const article of articles) {
          try {
            await run.specterLimiter.run(() => specter.submitArticles([article], { forceUpdate: false }));
            bindings.add(bindingOf(article));
          } catch (single) {
            if (!(single instanceof PermanentError)) throw single;
            fail(article.sku, `Specter refused the article: ${single.message}`);
          }
        }
      }
    });
  };

  const consider = async (article: Article) => {
    recorder.report.summary.read++;
    const entry = { sku: article.sku, kind: article.kind, parentSku: article.parentSku, shop: shopId };
    const shape =
      article.kind === 'variant'
        ? { kind: article.kind, parentSku: article.parentSku }
        : { kind: article.kind };
    const verdict = judgeInIndex({ sku: article.sku, ...shape }, target);
    if (verdict.outcome === 'conflict') {
      recorder.conflict({ ...entry, reason: `${article.sku} ${verdict.reason}` });
      return;
    }
    if (verdict.outcome === 'match') {
      recorder.matched(entry);
      if (!dryRun) bindings.add(bindingOf(article));
      return;
    }
    recorder.created(entry);
    if (dryRun) return;
    batch.push({ ...article, variantValues: toSpecterVariantValues(article.variantValues, variantMap) });
    if (batch.length >= run.specterBatchSize) await send();
  };

  const mapped = (product: MagentoProduct, map: () => Article): Article | undefined => {
    try {
      return map();
    } catch (error) {
      if (!(error instanceof PermanentError)) throw error;
      recorder.report.summary.read++;
      fail(product.sku, error.message);
      return undefined;
    }
  };

  // Configurables first: their variants need them in Specter, and their links tell who is a variant.
  await eachWindow(
    client,
    run.magentoLimiter,
    'configurable',
    async (products) => {
      for (const product of products) {
        // One stub per configurable, shared by its children.
        const stub: ParentStub = {
          sku: product.sku,
          name: product.name,
          type_id: 'configurable',
          extension_attributes: {
            configurable_product_options: product.extension_attributes?.configurable_product_options ?? [],
          },
        };
        for (const id of childIds(product)) parentByChildId.set(id, stub);
        const article = mapped(product, () => mapMagentoProduct(product, readContext));
        if (article) await consider(article);
      }
    },
    { windowSize: WINDOW * 5, maxId },
  );
  await send();
  // Variants need their configurables in Specter, so nothing more is sent until Specter has taken
  // every configurable; the first windows of the rest are read meanwhile.
  const configurablesTaken = pipe.drain();
  configurablesTaken.catch(() => {}); // awaited by the first window's visit

  await eachWindow(
    client,
    run.magentoLimiter,
    'not-configurable',
    async (products) => {
      await configurablesTaken;
      for (const product of products) {
        const parent = product.id === undefined ? undefined : parentByChildId.get(product.id);
        const article = mapped(product, () =>
          parent
            ? (mapConfigurableProduct(parent as MagentoProduct, [product], readContext)[1] as Article)
            : mapMagentoProduct(product, readContext),
        );
        if (article) await consider(article);
      }
    },
    { maxId },
  );
  await send();
  await pipe.drain();
  if (dryRun) return;

  const { bound, refused } = await bindings.finish();
  for (const sku of refused) fail(sku, `${sku} is already bound to another Magento product`);
  recorder.report.summary.bound += bound;
}
