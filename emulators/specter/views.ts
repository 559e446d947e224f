import { DELIVERY_STATUS, type DeliveryStatus } from './assumptions.ts';
import { pricesOfArticle } from './price-index.ts';
import type { Account, Article, Customer, Invoice, Order } from './types.ts';

/**
 * Plain snapshots of entities. Feeds store these when a batch is opened (so a re-read gives the same
 * content), the renderers turn them into text or XML, the control surface returns them as JSON.
 */

export interface PriceView {
  priceListId: number;
  currency: string;
  fromQuantity: number;
  priceExclVat: number;
}

export interface ArticleView {
  specterId: number;
  articleNo: string;
  name: string;
  priceExclVat: number;
  vatPercent: number;
  barCode: string;
  buyPrice: number;
  stockPrice: number;
  productWeight: number;
  productVolume: number;
  stockKeeping: boolean;
  isMainArticle: boolean;
  mainArticleNo: string;
  variantValues: string;
  prices: PriceView[];
}

export interface StockSiteView {
  stockSiteId: number;
  name: string;
  isDefault: boolean;
  /** on hand minus reserved */
  available: number;
  onHand: number;
  reserved: number;
}

export interface StockView {
  specterId: number;
  articleNo: string;
  stockKeeping: boolean;
  sites: StockSiteView[];
}

export interface InvoiceView {
  invoiceNo: number;
  orderNo: number;
  invoiceDate: string;
  amountInclVat: number;
  isCredit: boolean;
  isPaid: boolean;
  paidDate: string;
  creditOf?: number;
  creditedBy?: number;
  rows: Invoice['rows'];
}

export interface OrderView {
  orderNo: number;
  externalOrderNo: string;
  webshopId: number;
  customerId: number;
  currency: string;
  language: string;
  stockSiteId: number;
  statusId: number;
  deliveryStatus: DeliveryStatus;
  createdAt: string;
  updatedAt: string;
  header: Record<string, string>;
  rows: Order['rows'];
  deliveriesUpdated: boolean;
  deliveries: Order['deliveries'];
  invoices: InvoiceView[];
}

export interface CustomerView {
  customerId: number;
  customerOrganizationalForm: 'C' | 'P';
  customerGroupId: number;
  fields: Record<string, string>;
  createdAt: string;
  updatedAt: string;
}

export function priceViews(account: Account, articleNo: string): PriceView[] {
  return pricesOfArticle(account.prices, articleNo)
    .map((p) => ({
      priceListId: p.priceListId,
      currency: account.priceLists.get(p.priceListId)?.currency ?? 'SEK',
      fromQuantity: p.fromQuantity,
      priceExclVat: p.priceExclVat,
    }))
    .sort((a, b) => a.priceListId - b.priceListId || a.fromQuantity - b.fromQuantity);
}

export function articleView(account: Account, a: Article): ArticleView {
  return {
    specterId: a.specterId,
    articleNo: a.articleNo,
    name: a.name,
    priceExclVat: a.priceExclVat,
    vatPercent: a.vatPercent,
    barCode: a.barCode,
    buyPrice: a.buyPrice,
    stockPrice: a.stockPrice,
    productWeight: a.productWeight,
    productVolume: a.productVolume,
    stockKeeping: a.stockKeeping,
    isMainArticle: a.isMainArticle,
    mainArticleNo: a.mainArticleNo,
    variantValues: a.variantValues,
    prices: priceViews(account, a.articleNo),
  };
}

export function stockView(account: Account, a: Article): StockView {
  const bySite = account.stock.get(a.articleNo);
  return {
    specterId: a.specterId,
    articleNo: a.articleNo,
    stockKeeping: a.stockKeeping,
    sites: [...account.stockSites.values()].map((s) => {
      const level = bySite?.get(s.stockSiteId) ?? { onHand: 0, reserved: 0 };
      return {
        stockSiteId: s.stockSiteId,
        name: s.name,
        isDefault: s.isDefault,
        available: level.onHand - level.reserved,
        onHand: level.onHand,
        reserved: level.reserved,
      };
    }),
  };
}

export function deliveryStatusOf(order: Order): DeliveryStatus {
  const delivered = order.rows.reduce((n, r) => n + r.deliveredItems, 0);
  if (delivered === 0) return DELIVERY_STATUS.none;
  return order.rows.every((r) => r.deliveredItems >= r.noOfItems)
    ? DELIVERY_STATUS.delivered
    : DELIVERY_STATUS.partly;
}

export function invoiceView(inv: Invoice): InvoiceView {
  return structuredClone({ ...inv });
}

export function orderView(account: Account, order: Order, deliveriesUpdated: boolean): OrderView {
  return structuredClone({
    orderNo: order.orderNo,
    externalOrderNo: order.externalOrderNo,
    webshopId: order.webshopId,
    customerId: order.customerId,
    currency: order.currency,
    language: order.language,
    stockSiteId: order.stockSiteId,
    statusId: order.statusId,
    deliveryStatus: deliveryStatusOf(order),
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
    header: order.header,
    rows: order.rows,
    deliveriesUpdated,
    deliveries: order.deliveries,
    invoices: order.invoiceNos.map((n) => invoiceView(account.invoices.get(n)!)),
  });
}

export function customerView(c: Customer): CustomerView {
  return structuredClone({ ...c });
}
