// Recorded payloads for the harness: a JSON file holding a domain object (Order, Article,
// OrderEvent, stock source, price source) or a raw Magento order / product or a Specter article,
// which the connectors' own mappers turn into the domain object the flows would have.
import { readFileSync } from 'node:fs';
import { mapMagentoOrder, mapMagentoProduct } from '../connectors/magento/index.ts';
import type { MagentoOrder, MagentoProduct } from '../connectors/magento/magento-types.ts';
import { mapSpecterArticle } from '../connectors/specter/index.ts';
import type { SpecterArticleInfo } from '../connectors/specter/specter-types.ts';
import type { ArticleDirection, PluginStream } from './types.ts';

export interface Fixture {
  stream: PluginStream;
  /** Articles: which way the record is going. */
  direction?: ArticleDirection;
  /** The domain value the stream's hooks receive. */
  value: unknown;
  /** Order status: the configured actions of the event. */
  actions?: unknown[];
  /** What the file held, in words (`raw Magento order`). */
  source: string;
}

const has = (value: object, ...keys: string[]) => keys.every((k) => k in value);

/** Recognises what a parsed fixture holds; `stream` settles ambiguous cases. */
export function readFixture(
  data: unknown,
  options: { stream?: PluginStream; shopId?: string } = {},
): Fixture {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new Error('The fixture must be a JSON object');
  }
  const shopId = options.shopId ?? 'fixture';
  const want = (stream: PluginStream) => options.stream === undefined || options.stream === stream;
  const d = data as Record<string, unknown>;
  if (want('orders') && has(d, 'increment_id', 'items')) {
    return {
      stream: 'orders',
      value: mapMagentoOrder(d as unknown as MagentoOrder, {
        shopId,
        storeCode: String(d.store_code ?? 'default'),
      }),
      source: 'raw Magento order',
    };
  }
  if (want('orders') && has(d, 'incrementId', 'lines'))
    return { stream: 'orders', value: d, source: 'domain Order' };
  if (want('orderStatus') && has(d, 'event')) {
    return {
      stream: 'orderStatus',
      value: d.event,
      actions: (d.actions as unknown[]) ?? [],
      source: 'order event with actions',
    };
  }
  if (want('orderStatus') && has(d, 'eventKey', 'kind'))
    return { stream: 'orderStatus', value: d, actions: [], source: 'domain OrderEvent' };
  if (want('articles') && has(d, 'articleNo')) {
    return {
      stream: 'articles',
      direction: 'specter->magento',
      value: mapSpecterArticle({
        priceExclVat: null,
        vatPercent: null,
        buyPrice: null,
        productWeight: null,
        isMainArticle: false,
        deleted: false,
        prices: [],
        ...d,
      } as unknown as SpecterArticleInfo).article,
      source: 'raw Specter article',
    };
  }
  if (want('articles') && has(d, 'sku', 'type_id')) {
    return {
      stream: 'articles',
      direction: 'magento->specter',
      value: mapMagentoProduct(d as unknown as MagentoProduct),
      source: 'raw Magento product',
    };
  }
  if (want('articles') && has(d, 'sku', 'kind', 'name')) {
    const direction = (d.direction as ArticleDirection | undefined) ?? 'magento->specter';
    const { direction: _ignored, ...article } = d;
    return { stream: 'articles', direction, value: article, source: 'domain Article' };
  }
  if (want('stock') && has(d, 'sku', 'sites')) return { stream: 'stock', value: d, source: 'stock source' };
  if (want('prices') && has(d, 'sku', 'kind')) return { stream: 'prices', value: d, source: 'price source' };
  throw new Error(
    `Cannot tell what the fixture holds${options.stream ? ` for stream ${options.stream}` : ''}: expected a Magento order or product, a Specter article, or a domain Order / Article / OrderEvent / stock or price source`,
  );
}

export function loadFixtureFile(
  path: string,
  options: { stream?: PluginStream; shopId?: string } = {},
): Fixture {
  return readFixture(JSON.parse(readFileSync(path, 'utf8')), options);
}
