import { NO_STOCK_KEEPING, TEXT_FIELD_SEPARATOR, TEXT_LINE_SEPARATOR, XML } from './assumptions.ts';
import type { Fmt } from './reply.ts';
import type { PriceList, StockSite } from './types.ts';
import type { ArticleView, CustomerView, OrderView, StockView } from './views.ts';
import type { XmlWriter } from './xml-writer.ts';

/**
 * XML and text shapes of entities. [K] names: `stockChanges/stock/articles/article/articleNo/noItemsAv`,
 * `articles/article` with `articleNo`, `name` children and `buyPrice`, `priceExclVat`, `barCode`,
 * `productWeight` attributes, `order@orderNo`, `orderstatus@deliveryStatus/@statusId`,
 * `deliveries@updated`, `delivery@trackingNo`. Everything else is a proposal (README section 4).
 * The XML shapes write one element each, attributes first, children in the order given here.
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
export function writeStockChanges(
  w: XmlWriter,
  items: StockView[],
  sites: StockSite[],
  batchNo: string,
  f: Fmt,
): void {
  w.start(XML.stockChanges).attr('batchNo', batchNo);
  for (const s of sites) {
    w.start('stock')
      .attr('stockSiteId', s.stockSiteId)
      .attr('name', s.name)
      .attr('isDefault', bit(s.isDefault));
    w.start('articles');
    for (const it of items) {
      const site = it.sites.find((x) => x.stockSiteId === s.stockSiteId);
      w.start('article')
        .leaf('articleNo', it.articleNo)
        .leaf('noItemsAv', stockQuantity(it, site, f))
        .leaf('noItemsInStock', stockQuantity(it, site, f, true))
        .end();
    }
    w.end().end(); // articles, stock
  }
  w.end();
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

export function writeArticle(w: XmlWriter, a: ArticleView, f: Fmt, stock?: StockView): void {
  w.start('article')
    .attr('specterId', a.specterId)
    .attr('buyPrice', f.money(a.buyPrice))
    .attr('priceExclVat', f.money(a.priceExclVat))
    .attr('vatPercent', a.vatPercent)
    .attr('barCode', a.barCode)
    .attr('productWeight', f.weight(a.productWeight))
    .attr('isMainArticle', bit(a.isMainArticle))
    .attr('mainArticleNo', a.mainArticleNo)
    .attr('variantValues', a.variantValues)
    .leaf('articleNo', a.articleNo)
    .leaf('name', a.name);
  w.start('prices');
  for (const p of a.prices) {
    w.start('price')
      .leaf('priceListId', p.priceListId)
      .leaf('currency', p.currency)
      .leaf('fromQuantity', f.qty(p.fromQuantity))
      .leaf('priceExclVat', f.money(p.priceExclVat))
      .end();
  }
  w.end();
  if (stock) {
    w.start('stocks');
    for (const s of stock.sites) {
      w.start('stock')
        .attr('stockSiteId', s.stockSiteId)
        .attr('isDefault', bit(s.isDefault))
        .leaf('noItemsAv', stockQuantity(stock, s, f))
        .leaf('noItemsInStock', stockQuantity(stock, s, f, true))
        .end();
    }
    w.end();
  }
  w.end();
}

export function articleLines(items: ArticleView[], batchNo: string, f: Fmt): string {
  return lines(
    items.map((a) =>
      line([a.specterId, a.articleNo, a.name, f.money(a.priceExclVat), a.vatPercent, a.barCode, batchNo]),
    ),
  );
}

export function writeOrder(w: XmlWriter, o: OrderView, f: Fmt): void {
  w.start('order')
    .attr('orderNo', o.orderNo)
    .attr('externalOrderNo', o.externalOrderNo)
    .attr('webshopId', o.webshopId)
    .attr('customerId', o.customerId)
    .attr('currency', o.currency);
  w.start('orderstatus').attr('deliveryStatus', o.deliveryStatus).attr('statusId', o.statusId).end();
  w.start('rows');
  for (const r of o.rows) {
    w.start('row')
      .attr('rowNo', r.rowNo)
      .leaf('articleNo', r.articleNo)
      .leaf('articleName', r.articleName)
      .leaf('noOfItems', f.qty(r.noOfItems))
      .leaf('deliveredItems', f.qty(r.deliveredItems))
      .leaf('priceExclVat', f.money(r.priceExclVat))
      .leaf('vatPercent', r.vatPercent)
      .end();
  }
  w.end();
  w.start('deliveries').attr('updated', bit(o.deliveriesUpdated));
  for (const d of o.deliveries) {
    w.start('delivery')
      .attr('deliveryNo', d.deliveryNo)
      .attr('deliveryDate', d.deliveryDate)
      .attr('trackingNo', d.trackingNo)
      .attr('carrier', d.carrier)
      .attr('stockSiteId', d.stockSiteId);
    w.start('rows');
    for (const r of d.rows)
      w.start('row').leaf('articleNo', r.articleNo).leaf('noOfItems', f.qty(r.noOfItems)).end();
    w.end().end(); // rows, delivery
  }
  w.end();
  w.start('invoices');
  for (const i of o.invoices) {
    w.start('invoice')
      .attr('invoiceNo', i.invoiceNo)
      .attr('invoiceDate', i.invoiceDate)
      .attr('amountInclVat', f.money(i.amountInclVat))
      .attr('isCredit', bit(i.isCredit))
      .attr('isPaid', bit(i.isPaid))
      .attr('paidDate', i.paidDate)
      .end();
  }
  w.end().end(); // invoices, order
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

/** Fields that have their own place in the shape and are not repeated from `fields`. */
const CUSTOMER_OWN_FIELDS = new Set(['customerOrganizationalForm', 'customerGroupId', 'customerId']);

export function writeCustomer(w: XmlWriter, c: CustomerView): void {
  w.start(XML.customer)
    .attr('customerId', c.customerId)
    .leaf('customerId', c.customerId)
    .leaf('customerOrganizationalForm', c.customerOrganizationalForm)
    .leaf('customerGroupId', c.customerGroupId);
  for (const [name, value] of Object.entries(c.fields))
    if (!CUSTOMER_OWN_FIELDS.has(name)) w.leaf(name, value);
  w.end();
}

export function writePriceList(w: XmlWriter, p: PriceList): void {
  w.start(XML.priceList)
    .leaf('priceListId', p.priceListId)
    .leaf('name', p.name)
    .leaf('currency', p.currency)
    .leaf('customerGroupId', p.customerGroupId)
    .end();
}
