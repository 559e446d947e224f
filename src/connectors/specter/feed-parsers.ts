// Parses the XML payloads of the feeds and x-emulator reads into Specter-side types.
// Known shapes [K: P1]: stockChanges > stock > articles > article (articleNo, noItemsAv);
// articles > article (articleNo, name; @buyPrice @priceExclVat @barCode @productWeight);
// orders > order @orderNo > orderstatus @deliveryStatus @statusId, deliveries @updated > delivery
// @trackingNo. Everything else is [P], named in assumptions.ts.

import type { PriceList } from '../../domain/types.ts';
import { DEFAULT_STOCK_SITE_ID, FEED_ELEMENTS as E } from './assumptions.ts';
import type {
  SpecterArticleInfo,
  SpecterDelivery,
  SpecterInvoice,
  SpecterOrderStatus,
  SpecterPrice,
  SpecterStockArticle,
  SpecterStockSite,
} from './specter-types.ts';
import { parseDecimal } from './wire-format.ts';
import {
  childElements,
  type Detach,
  field,
  findElements,
  findShallowest,
  textOf,
  type XmlElement,
} from './xml.ts';

function optional(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function flag(value: string | undefined): boolean {
  const trimmed = value?.trim().toLowerCase();
  return trimmed === '1' || trimmed === 'true';
}

function quantity(value: string | undefined): number | null {
  if (value === undefined || value.trim().toLowerCase() === E.noItemsAvailableLiteral.toLowerCase())
    return null;
  return parseDecimal(value);
}

/** `responseMaxLimit` anywhere in the document, as a number. */
export function responseMaxLimit(doc: XmlElement): number | undefined {
  const element = findShallowest(doc, E.responseMaxLimit);
  return parseDecimal(textOf(element)) ?? undefined;
}

function stockArticle(element: XmlElement): SpecterStockArticle | undefined {
  const articleNo = optional(field(element, 'articleNo'));
  if (!articleNo) return undefined;
  return {
    articleNo,
    available: quantity(field(element, E.noItemsAv)),
    inStock: quantity(field(element, E.noItemsInStock)),
  };
}

export function parseStockSites(doc: XmlElement): SpecterStockSite[] {
  const sites = findElements(doc, E.stockSite);
  const list = sites.length > 0 ? sites : [doc];
  return list.map((site) => ({
    stockSiteId: optional(field(site, E.stockSiteId)) ?? DEFAULT_STOCK_SITE_ID,
    name: optional(field(site, E.stockSiteName)),
    isDefault: sites.length === 0 || flag(field(site, E.stockSiteIsDefault)),
    articles: findElements(site, E.article)
      .map(stockArticle)
      .filter((a): a is SpecterStockArticle => a !== undefined),
  }));
}

function price(element: XmlElement): SpecterPrice | undefined {
  const priceListId = optional(field(element, 'priceListId'));
  const value = parseDecimal(field(element, 'priceExclVat'));
  if (!priceListId || value === null) return undefined;
  return {
    priceListId,
    currency: optional(field(element, 'currency')) ?? '',
    fromQuantity: parseDecimal(field(element, 'fromQuantity')) ?? 1,
    priceExclVat: value,
  };
}

export function parseArticleInfo(element: XmlElement): SpecterArticleInfo | undefined {
  const articleNo = optional(field(element, 'articleNo'));
  if (!articleNo) return undefined;
  const priceElements = childElements(element, E.prices).flatMap((p) => childElements(p, E.price));
  return {
    articleNo,
    name: field(element, 'name')?.trim() ?? '',
    priceExclVat: parseDecimal(field(element, 'priceExclVat')),
    vatPercent: parseDecimal(field(element, E.vatPercent)),
    buyPrice: parseDecimal(field(element, 'buyPrice')),
    barCode: optional(field(element, 'barCode')),
    productWeight: parseDecimal(field(element, 'productWeight')),
    mainArticleNo: optional(field(element, E.mainArticleNo)),
    variantValues: optional(field(element, E.variantValues)),
    isMainArticle: flag(field(element, E.isMainArticle)),
    deleted: flag(field(element, E.deleted)),
    prices: priceElements.map(price).filter((p): p is SpecterPrice => p !== undefined),
  };
}

/** Reads articles as the parser hands them over (xml.ts Detach): the same as parseArticleInfos. */
export function articleInfoCollector(): Detach & { items: SpecterArticleInfo[] } {
  return {
    name: E.article,
    items: [],
    start() {
      this.items = [];
    },
    take(element) {
      const article = parseArticleInfo(element);
      if (article) this.items.push(article);
    },
  };
}

export function parseArticleInfos(doc: XmlElement): SpecterArticleInfo[] {
  return findElements(doc, E.article)
    .map(parseArticleInfo)
    .filter((a): a is SpecterArticleInfo => a !== undefined);
}

function delivery(element: XmlElement): SpecterDelivery {
  const rows = findElements(element, E.row).flatMap((row) => {
    const articleNo = optional(field(row, 'articleNo'));
    const noOfItems = parseDecimal(field(row, 'noOfItems'));
    return articleNo && noOfItems !== null ? [{ articleNo, noOfItems }] : [];
  });
  return {
    deliveryNo: optional(field(element, 'deliveryNo')),
    deliveryDate: optional(field(element, 'deliveryDate')),
    trackingNo: optional(field(element, 'trackingNo')),
    carrier: optional(field(element, 'carrier')),
    stockSiteId: optional(field(element, 'stockSiteId')),
    rows,
  };
}

function invoice(element: XmlElement): SpecterInvoice | undefined {
  const invoiceNo = optional(field(element, 'invoiceNo'));
  if (!invoiceNo) return undefined;
  return {
    invoiceNo,
    invoiceDate: optional(field(element, 'invoiceDate')),
    amountInclVat: parseDecimal(field(element, 'amountInclVat')),
    isCredit: flag(field(element, 'isCredit')),
    isPaid: flag(field(element, 'isPaid')),
    paidDate: optional(field(element, 'paidDate')),
  };
}

export function parseOrderStatus(element: XmlElement): SpecterOrderStatus | undefined {
  const orderNo = optional(field(element, 'orderNo'));
  if (!orderNo) return undefined;
  const status = childElements(element, E.orderStatus)[0];
  const deliveriesElement = childElements(element, E.deliveries)[0];
  const statusIdText = optional(field(status, 'statusId'));
  return {
    orderNo,
    externalOrderNo: optional(field(element, 'externalOrderNo')),
    deliveryStatus: optional(field(status, 'deliveryStatus'))?.toUpperCase(),
    statusId: statusIdText !== undefined ? Number(statusIdText) : undefined,
    deliveriesUpdated: flag(field(deliveriesElement, 'updated')),
    deliveries: deliveriesElement ? childElements(deliveriesElement, E.delivery).map(delivery) : [],
    invoices: findElements(element, E.invoice)
      .map(invoice)
      .filter((i): i is SpecterInvoice => i !== undefined),
  };
}

export function parseOrderStatuses(doc: XmlElement): SpecterOrderStatus[] {
  return findElements(doc, E.order)
    .map(parseOrderStatus)
    .filter((o): o is SpecterOrderStatus => o !== undefined);
}

export function parsePriceLists(doc: XmlElement): PriceList[] {
  return findElements(doc, E.priceList).flatMap((element) => {
    const priceListId = optional(field(element, 'priceListId'));
    if (!priceListId) return [];
    const customerGroupId = optional(field(element, 'customerGroupId'));
    return [
      {
        priceListId,
        name: field(element, 'name')?.trim() ?? '',
        currency: optional(field(element, 'currency')) ?? '',
        ...(customerGroupId ? { customerGroupId } : {}),
      },
    ];
  });
}

/**
 * The register's size in a getArticleList answer (x-emulator): a `totalCount` element, or the
 * `totalCount` attribute of a `paging` element. Both are guesses, so both are read.
 */
export function totalCount(doc: XmlElement): number | undefined {
  const element = findShallowest(doc, E.totalCount);
  const fromElement = parseDecimal(textOf(element));
  if (fromElement !== null && fromElement !== undefined) return fromElement;
  return parseDecimal(field(findShallowest(doc, 'paging'), 'totalCount')) ?? undefined;
}
