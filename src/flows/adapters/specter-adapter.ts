// SpecterPort on top of the Specter client and its mappers.
import {
  mapArticlesToSpecter,
  mapCustomerToSpecter,
  mapOrderEvents,
  mapOrderToSpecter,
  mapSpecterArticles,
  mapStockSites,
  type SpecterClient,
} from '../../connectors/specter/index.ts';
import type { ArticleInfoItem, FeedBatch, SpecterPort } from '../ports.ts';

/** Monotonic across reads in one process and across processes (time-based), for ordering tokens. */
function sequenceSource(): () => number {
  let last = 0;
  return () => {
    const candidate = Date.now() * 1000;
    last = candidate > last ? candidate : last + 1;
    return last;
  };
}

const nextSequence = sequenceSource();

export function createSpecterPort(client: SpecterClient): SpecterPort {
  return {
    async findOrder(externalOrderNo, webshopId) {
      const found = await client.getOrderInfo({ externalOrderNo, webshopId });
      return found ? { orderNo: found.orderNo } : null;
    },

    async submitCustomer(customer, options) {
      const mapped = mapCustomerToSpecter(customer, {
        defaultCurrency: options.currency,
        defaultLanguage: options.language,
      });
      const id = await client.submitCustomer(mapped.fields, {
        forceUpdate: options.forceUpdate,
        matchBy: options.matchBy,
      });
      return String(id);
    },

    async submitOrder(order, customerId, options) {
      const mapped = mapOrderToSpecter(order, customerId, {
        pricesIncludeVat: options.pricesIncludeVat,
        shippingArticleNo: options.shippingArticleNo,
        discountArticleNo: options.discountArticleNo,
        paymentMap: options.paymentMap,
        shippingMap: options.shippingMap,
        webshopId: options.webshopId,
        stockSiteId: options.stockSiteId,
        asInvoice: options.asInvoice,
      });
      const header = {
        ...mapped.header,
        externalOrderNo: options.externalOrderNo,
        language: options.language,
      };
      return client.submitOrder(header, mapped.rows);
    },

    async submitArticles(articles, options) {
      const { rows } = mapArticlesToSpecter(articles, {});
      if (rows.length > 0) await client.submitArticles(rows, { forceUpdate: options.forceUpdate });
    },

    async readStockFeed() {
      const batch = await client.readFeed('stock');
      return { batchNo: batch.batchNo, more: batch.more, items: mapStockSites(batch.items, nextSequence) };
    },

    async readArticleFeed(): Promise<FeedBatch<ArticleInfoItem>> {
      const batch = await client.readFeed('articleInfo');
      return { batchNo: batch.batchNo, more: batch.more, items: mapSpecterArticles(batch.items) };
    },

    async readOrderFeed() {
      const batch = await client.readFeed('orders');
      return { batchNo: batch.batchNo, more: batch.more, items: batch.items.flatMap(mapOrderEvents) };
    },

    ackFeed: (feed, batchNo) => client.ackFeed(feed, batchNo),

    async listArticles(page, pageSize) {
      const result = await client.getArticleList(page, pageSize);
      return { items: mapSpecterArticles(result.items), total: result.totalCount ?? result.items.length };
    },

    listPriceLists: () => client.getPriceLists(),

    registerCallback: (url) => client.registerCallbackUrl(url),

    async checkAccount() {
      const answer = await client.checkAccountSettings();
      return { ok: true, detail: `account ${answer.sbmId}: ${answer.message}` };
    },
  };
}
