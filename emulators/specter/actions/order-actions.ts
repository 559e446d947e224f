import { defaultStockSite } from '../account.ts';
import {
  CODES,
  duplicateOrderMessage,
  MESSAGES,
  ORDER_FEED_ECHOES_NEW_ORDERS,
  ORDER_STATUS,
  X_EMULATOR,
} from '../assumptions.ts';
import { orderChanged } from '../changes.ts';
import { cancelOrder, deliverOrder, invoiceOrder, OfficeError, reserveStock } from '../order-ops.ts';
import { errorReply, okReply, type Reply } from '../reply.ts';
import { writeOrder } from '../shapes.ts';
import type { Order, OrderRow } from '../types.ts';
import {
  checkLength,
  checkVat,
  currency,
  decimal,
  FieldError,
  integer,
  language,
  payType,
} from '../validation.ts';
import { orderView } from '../views.ts';
import { type ActionContext, type ActionDef, isReply, resolveWebshop } from './context.ts';

/** Order header fields kept as submitted [K: P1, K1, C2]. */
export const ORDER_HEADER_FIELDS = [
  'payTypeIdentifier',
  'payTypeReference',
  'payTypeIdentifierPaySystemUser',
  'isPrepayment',
  'internalComment',
  'publishedComment',
  'customerOrderReference',
  'sendOrderMail',
  'sendOrderMailToUser',
  'userSource',
  'preparedShipmentId',
  'externalDeliveryMethod',
  'deliveryDate',
  'notifyDeliveryByMobile',
  'notifyDeliveryMobileNo',
] as const;

function readRows(ctx: ActionContext): OrderRow[] {
  const p = ctx.params;
  const indexed = p.indexed('articleNo');
  if (indexed.length === 0) throw new FieldError('articleNo_1', 'at least one order row is required');
  return indexed.map(({ index: i, value: articleNo }, n) => {
    const article = ctx.account.articles.get(articleNo);
    if (!article) throw new NotFound(`articleNo_${i} '${articleNo}' not found`);
    if (article.isMainArticle)
      throw new FieldError(`articleNo_${i}`, `'${articleNo}' is a main article, order one of its variants`);
    const noOfItems = decimal(`noOfItems_${i}`, p.at('noOfItems', i));
    if (noOfItems === undefined || noOfItems <= 0)
      throw new FieldError(`noOfItems_${i}`, 'must be a positive number');
    const articleName = p.at('articleName', i) ?? article.name;
    checkLength(`articleName_${i}`, articleName, 'articleName');
    const articleComment = p.at('articleComment', i) ?? '';
    checkLength(`articleComment_${i}`, articleComment, 'articleComment');
    return {
      rowNo: n + 1,
      articleNo,
      articleName,
      articleComment,
      priceExclVat: decimal(`priceExclVAT_${i}`, p.at('priceExclVAT', i)) ?? article.priceExclVat,
      noOfItems,
      vatPercent: checkVat(`vatPercent_${i}`, p.at('vatPercent', i)) ?? article.vatPercent,
      deliveredItems: 0,
      invoicedItems: 0,
    };
  });
}

class NotFound extends Error {}

function newOrderSubmit(ctx: ActionContext): Reply {
  const { account, params: p } = ctx;
  const shop = resolveWebshop(ctx);
  if (isReply(shop)) return shop;
  const customer = account.customers.get(Number(p.get('customerId')));
  if (!customer) return errorReply(CODES.notFound, `customerId ${p.get('customerId')} not found`);

  const externalOrderNo = p.get('externalOrderNo') ?? '';
  checkLength('externalOrderNo', externalOrderNo);
  if (externalOrderNo !== '' && !p.flag('ignoreExternalOrderNoControl')) {
    const existing = [...account.orders.values()].find(
      (o) => o.webshopId === shop.webshopId && o.externalOrderNo === externalOrderNo,
    );
    if (existing) {
      return errorReply(
        CODES.duplicateExternalOrderNo,
        duplicateOrderMessage(externalOrderNo, existing.orderNo),
        existing.orderNo,
      );
    }
  }

  const siteParam = integer('stocksiteid', p.get('stocksiteid'));
  const stockSiteId = siteParam ?? defaultStockSite(account).stockSiteId;
  if (!account.stockSites.has(stockSiteId))
    return errorReply(CODES.notFound, `stocksiteid ${stockSiteId} not found`);

  const header: Record<string, string> = {};
  for (const name of ORDER_HEADER_FIELDS) {
    const v = p.get(name);
    if (v === undefined) continue;
    checkLength(name, v);
    header[name] = v;
  }
  payType('payTypeIdentifier', header.payTypeIdentifier);
  if (header.deliveryDate !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(header.deliveryDate)) {
    throw new FieldError('deliveryDate', 'must be yyyy-MM-dd');
  }
  const orderCurrency = currency('currency', p.get('currency')) ?? customer.fields.currency ?? 'SEK';
  const orderLanguage = language('language', p.get('language')) ?? customer.fields.language ?? 'SE';
  let rows: OrderRow[];
  try {
    rows = readRows(ctx);
  } catch (e) {
    if (e instanceof NotFound) return errorReply(CODES.notFound, e.message);
    throw e;
  }

  const now = ctx.now();
  const order: Order = {
    orderNo: ++account.seq.orderNo,
    webshopId: shop.webshopId,
    customerId: customer.customerId,
    externalOrderNo,
    currency: orderCurrency,
    language: orderLanguage,
    stockSiteId,
    statusId: ORDER_STATUS.registered,
    header,
    rows,
    deliveries: [],
    invoiceNos: [],
    createdAt: now,
    updatedAt: now,
  };
  account.orders.set(order.orderNo, order);
  reserveStock(account, order, ctx.bell);
  if (ORDER_FEED_ECHOES_NEW_ORDERS) orderChanged(account, order, { calltype: null }, ctx.bell);

  if (p.flag(X_EMULATOR.createInvoiceParam)) {
    deliverOrder(account, order, {}, ctx.bell, now);
    const invoice = invoiceOrder(account, order, ctx.bell, now);
    return okReply(order.orderNo, MESSAGES.orderCreatedWithInvoice(invoice.invoiceNo), {
      response: (w) => w.leaf('invoiceNo', invoice.invoiceNo),
    });
  }
  return okReply(order.orderNo, MESSAGES.orderCreated);
}

/** x-emulator: one order by orderNo, or by externalOrderNo within a webshop. */
function getOrderInfo(ctx: ActionContext): Reply {
  const { account, params: p } = ctx;
  let order: Order | undefined;
  const orderNo = p.get('orderNo');
  if (orderNo !== undefined) {
    order = account.orders.get(Number(orderNo));
  } else {
    const shop = resolveWebshop(ctx);
    if (isReply(shop)) return shop;
    const ext = p.get('externalOrderNo');
    order = [...account.orders.values()].find(
      (o) => o.webshopId === shop.webshopId && o.externalOrderNo === ext,
    );
  }
  if (!order) return errorReply(CODES.notFound, 'order not found');
  const pending = account.webshops.get(order.webshopId)?.feeds.orders.pending.get(String(order.orderNo));
  const view = orderView(account, order, pending?.deliveriesChanged ?? false);
  return okReply(order.orderNo, `statusId=${view.statusId} deliveryStatus=${view.deliveryStatus}`, {
    payload: (w, f) => writeOrder(w, view, f),
  });
}

/** x-emulator: cancel from the shop; code 40 once anything is delivered. */
function cancelOrderSubmit(ctx: ActionContext): Reply {
  const order = ctx.account.orders.get(Number(ctx.params.get('orderNo')));
  if (!order) return errorReply(CODES.notFound, `orderNo ${ctx.params.get('orderNo')} not found`);
  try {
    cancelOrder(ctx.account, order, ctx.bell, ctx.now());
  } catch (e) {
    if (e instanceof OfficeError) return errorReply(CODES.validation, `orderNo: ${e.message}`);
    throw e;
  }
  return okReply(order.orderNo, MESSAGES.ok);
}

export const orderActions: ActionDef[] = [
  { name: 'newOrderSubmit', script: 'putInfo', write: true, handler: newOrderSubmit },
  { name: 'getOrderInfo', script: 'getInfo', write: false, handler: getOrderInfo },
  { name: 'cancelOrderSubmit', script: 'putInfo', write: true, handler: cancelOrderSubmit },
];
