import { NO_STOCK_KEEPING, TEXT_FIELD_SEPARATOR, TEXT_LINE_SEPARATOR } from './assumptions.ts';
import type { Fmt } from './reply.ts';
import type { PriceList, StockSite } from './types.ts';
import type { ArticleView, CustomerView, OrderView, StockView } from './views.ts';

/**
 * XML and text shapes of entities. [K] names: `stockChanges/stock/articles/article/articleNo/noItemsAv`,
 * `articles/article` with `articleNo`, `name` children and `buyPrice`, `priceExclVat`, `barCode`,
 * `productWeight` attributes, `order@orderNo`, `orderstatus@deliveryStatus/@statusId`,
 * `deliveries@updated`, `delivery@trackingNo`. Everything else is a proposal (README section 4).
 */

const bit = (b: boolean) => (b ? '1' : '0');
const line = (fields: Array<string | number>) =>
  fields.map((v) => String(v).replace(/[;\r\n]/g, ' ')).join(TEXT_FIELD_SEPARATOR);
export const lines = (ls: string[]) => ls.join(TEXT_LINE_SEPARATOR);

export function stockQuantity(
  item: StockView,
  site: StockView['sites'][number] | undefined,
  f: Fmt,
  onHand = false,
): string {
  if (!item.stockKeeping) return NO_STOCK_KEEPING;
  return f.qty(site ? (onHand ? site.onHand : site.available) : 0);
}

/** `stockChanges` > one `stock` per site > `articles` > `article`. */
export function stockChangesXml(items: StockView[], sites: StockSite[], batchNo: string, f: Fmt) {
  return {
    '@_batchNo': batchNo,
    stock: sites.map((s) => ({
      '@_stockSiteId': s.stockSiteId,
      '@_name': s.name,
      '@_isDefault': bit(s.isDefault),
      articles: {
        article: items.map((it) => {
          const site = it.sites.find((x) => x.stockSiteId === s.stockSiteId);
          return {
            articleNo: it.articleNo,
            noItemsAv: stockQuantity(it, site, f),
            noItemsInStock: stockQuantity(it, site, f, true),
          };
        }),
      },
    })),
  };
}

/** [K] `specterId;articleNo;quantity;batchId`, default site only. */
export function stockLines(items: StockView[], site: StockSite, batchNo: string, f: Fmt): string {
  return lines(
    items.map((it) =>
      line([
        it.specterId,
        it.articleNo,
        stockQuantity(
          it,
          it.sites.find((s) => s.stockSiteId === site.stockSiteId),
          f,
        ),
        batchNo,
      ]),
    ),
  );
}

export function articleXml(a: ArticleView, f: Fmt, stock?: StockView) {
  return {
    '@_specterId': a.specterId,
    '@_buyPrice': f.money(a.buyPrice),
    '@_priceExclVat': f.money(a.priceExclVat),
    '@_vatPercent': a.vatPercent,
    '@_barCode': a.barCode,
    '@_productWeight': f.weight(a.productWeight),
    '@_isMainArticle': bit(a.isMainArticle),
    '@_mainArticleNo': a.mainArticleNo,
    '@_variantValues': a.variantValues,
    articleNo: a.articleNo,
    name: a.name,
    prices: {
      price: a.prices.map((p) => ({
        priceListId: p.priceListId,
        currency: p.currency,
        fromQuantity: f.qty(p.fromQuantity),
        priceExclVat: f.money(p.priceExclVat),
      })),
    },
    ...(stock
      ? {
          stocks: {
            stock: stock.sites.map((s) => ({
              '@_stockSiteId': s.stockSiteId,
              '@_isDefault': bit(s.isDefault),
              noItemsAv: stockQuantity(stock, s, f),
              noItemsInStock: stockQuantity(stock, s, f, true),
            })),
          },
        }
      : {}),
  };
}

export function articleLines(items: ArticleView[], batchNo: string, f: Fmt): string {
  return lines(
    items.map((a) =>
      line([a.specterId, a.articleNo, a.name, f.money(a.priceExclVat), a.vatPercent, a.barCode, batchNo]),
    ),
  );
}

export function orderXml(o: OrderView, f: Fmt) {
  return {
    '@_orderNo': o.orderNo,
    '@_externalOrderNo': o.externalOrderNo,
    '@_webshopId': o.webshopId,
    '@_customerId': o.customerId,
    '@_currency': o.currency,
    orderstatus: { '@_deliveryStatus': o.deliveryStatus, '@_statusId': o.statusId },
    rows: {
      row: o.rows.map((r) => ({
        '@_rowNo': r.rowNo,
        articleNo: r.articleNo,
        articleName: r.articleName,
        noOfItems: f.qty(r.noOfItems),
        deliveredItems: f.qty(r.deliveredItems),
        priceExclVat: f.money(r.priceExclVat),
        vatPercent: r.vatPercent,
      })),
    },
    deliveries: {
      '@_updated': bit(o.deliveriesUpdated),
      delivery: o.deliveries.map((d) => ({
        '@_deliveryNo': d.deliveryNo,
        '@_deliveryDate': d.deliveryDate,
        '@_trackingNo': d.trackingNo,
        '@_carrier': d.carrier,
        '@_stockSiteId': d.stockSiteId,
        rows: { row: d.rows.map((r) => ({ articleNo: r.articleNo, noOfItems: f.qty(r.noOfItems) })) },
      })),
    },
    invoices: {
      invoice: o.invoices.map((i) => ({
        '@_invoiceNo': i.invoiceNo,
        '@_invoiceDate': i.invoiceDate,
        '@_amountInclVat': f.money(i.amountInclVat),
        '@_isCredit': bit(i.isCredit),
        '@_isPaid': bit(i.isPaid),
        '@_paidDate': i.paidDate,
      })),
    },
  };
}

/** The last non-empty tracking number, as P1 reads it. */
const lastTracking = (o: OrderView) =>
  [...o.deliveries].reverse().find((d) => d.trackingNo !== '')?.trackingNo ?? '';

export function orderLines(items: OrderView[], batchNo: string): string {
  return lines(
    items.map((o) =>
      line([o.orderNo, o.externalOrderNo, o.statusId, o.deliveryStatus, lastTracking(o), batchNo]),
    ),
  );
}

export function customerXml(c: CustomerView) {
  return {
    '@_customerId': c.customerId,
    customerId: c.customerId,
    customerOrganizationalForm: c.customerOrganizationalForm,
    customerGroupId: c.customerGroupId,
    ...Object.fromEntries(
      Object.entries(c.fields).filter(
        ([k]) => !['customerOrganizationalForm', 'customerGroupId', 'customerId'].includes(k),
      ),
    ),
  };
}

export function priceListXml(p: PriceList) {
  return {
    priceListId: p.priceListId,
    name: p.name,
    currency: p.currency,
    customerGroupId: p.customerGroupId,
  };
}
