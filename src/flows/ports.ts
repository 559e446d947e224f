// The small interfaces the flows use to reach Magento and Specter. They speak domain types only;
// ./adapters turn them into client calls and mapper runs. Tests can put fakes behind them.
import type {
  Article,
  Customer,
  Order,
  OrderEvent,
  PriceList,
  PriceListEntry,
  StockLevel,
} from '../domain/types.ts';

// ---------------------------------------------------------------- Specter

export interface SpecterOrderOptions {
  externalOrderNo: string;
  webshopId?: number;
  stockSiteId?: string;
  asInvoice: boolean;
  pricesIncludeVat: boolean;
  shippingArticleNo: string;
  discountArticleNo?: string;
  paymentMap: Record<string, string>;
  shippingMap: Record<string, string>;
  language: string;
}

export interface SpecterCustomerOptions {
  matchBy: 'email' | 'orgNo' | 'email-then-orgNo' | 'always-new';
  forceUpdate: boolean;
  language: string;
  currency: string;
}

export interface FeedBatch<T> {
  batchNo: string;
  items: T[];
  /** The remote said more is waiting (page limit reached). */
  more: boolean;
}

export interface ArticleInfoItem {
  article: Article;
  prices: PriceListEntry[];
}

export interface SpecterPort {
  findOrder(externalOrderNo: string, webshopId?: number): Promise<{ orderNo: string } | null>;
  submitCustomer(customer: Customer, options: SpecterCustomerOptions): Promise<string>;
  /** Creates the order (or invoice); a duplicate external order number answers the existing one. */
  submitOrder(
    order: Order,
    customerId: string,
    options: SpecterOrderOptions,
  ): Promise<{ orderNo: string; duplicate: boolean }>;
  submitArticles(articles: Article[], options: { forceUpdate: boolean }): Promise<void>;
  readStockFeed(): Promise<FeedBatch<StockLevel>>;
  readArticleFeed(): Promise<FeedBatch<ArticleInfoItem>>;
  readOrderFeed(): Promise<FeedBatch<OrderEvent>>;
  ackFeed(feed: 'stock' | 'articleInfo' | 'orders', batchNo: string): Promise<void>;
  listArticles(page: number, pageSize: number): Promise<{ items: ArticleInfoItem[]; total: number }>;
  listPriceLists(): Promise<PriceList[]>;
  checkAccount(): Promise<{ ok: boolean; detail: string }>;
  /** Tells Specter where to ring when something changes (this port's web shop). */
  registerCallback(url: string): Promise<void>;
}

// ---------------------------------------------------------------- Magento

export interface OrderHeader {
  magentoOrderId: number;
  incrementId: string;
  status: string;
  updatedAt: string;
  lines: { sku: string; qty: number }[];
}

export interface MagentoOrderState {
  order: Order;
  state: string;
  /** Per order line id: quantities as Magento counts them. */
  items: {
    lineId: number;
    sku: string;
    parentLineId?: number;
    ordered: number;
    shipped: number;
    invoiced: number;
    canceled: number;
  }[];
  shipmentTracks: string[];
  statusComments: string[];
}

export interface ShipmentRequest {
  lines: { lineId: number; qty: number }[];
  tracks: { number: string; carrier: string; title: string }[];
  notify: boolean;
}

export interface MagentoProductState {
  article: Article;
  /** Children SKUs linked to a configurable. */
  childSkus: string[];
  websiteIds: number[];
  /** Set when the product could not be read as an article (the export job reports it). */
  mappingError?: string;
}

export interface TierPrice {
  sku: string;
  websiteId: number;
  customerGroupId: number;
  quantity: number;
  price: number;
}

export interface MagentoPort {
  searchOrders(updatedFrom: string, statuses: string[]): AsyncIterable<OrderHeader>;
  getOrder(magentoOrderId: number): Promise<MagentoOrderState | null>;
  addOrderComment(
    magentoOrderId: number,
    comment: { text: string; status?: string; notify: boolean },
  ): Promise<void>;
  ship(magentoOrderId: number, request: ShipmentRequest): Promise<string>;
  invoice(
    magentoOrderId: number,
    request: { lines: { lineId: number; qty: number }[]; capture: boolean; notify: boolean },
  ): Promise<string>;
  cancel(magentoOrderId: number): Promise<void>;

  getProduct(sku: string): Promise<MagentoProductState | null>;
  /** Creates or updates a product so it matches `article` (only changed fields are written). */
  upsertProduct(
    article: Article,
    context: { websiteId: number; storeCode: string; priceInclVat?: number },
  ): Promise<'created' | 'updated' | 'unchanged'>;
  linkVariant(parentSku: string, childSku: string, attributes: Record<string, string>): Promise<void>;
  /** Products updated since a Magento time ("YYYY-MM-DD HH:MM:SS"), oldest first. */
  searchProducts(
    updatedFrom: string | undefined,
  ): AsyncIterable<MagentoProductState & { updatedAt?: string }>;
  /** A product as articles: a configurable comes with its variants (values read from its axes). */
  getArticles(sku: string): Promise<Article[] | null>;

  setBasePrices(prices: { sku: string; price: number }[]): Promise<{ sku: string; message: string }[]>;
  getTierPrices(skus: string[]): Promise<TierPrice[]>;
  replaceTierPrices(skus: string[], prices: TierPrice[]): Promise<{ sku: string; message: string }[]>;
  /** Customer-group prices (shops with that API extension): the quantity-1 price per group. */
  setCustomerGroupPrices(prices: TierPrice[]): Promise<{ sku: string; message: string }[]>;

  setStock(
    levels: { sku: string; qty: number; inStock: boolean }[],
  ): Promise<{ sku: string; message: string }[]>;
}
