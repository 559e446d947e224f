// Pushes one Magento order to Specter, exactly once: the binding is checked first, then Specter is
// searched by external order number (so a crash or an ambiguous timeout after a create never
// makes a second order), and only then are the customer and the order created.
import { PermanentError } from '../../domain/errors.ts';
import type { JobContext } from '../../engine/worker.ts';
import { pluginHooks } from '../../plugins/flow-hooks.ts';
import { countOne, type FlowContext, shopOf, timelineSteps } from '../context.ts';
import type { OrderHeader } from '../ports.ts';
import { republishStock } from '../stock/sharing.ts';
import { maybeDieAfterCreate } from './chaos-kill-hook.ts';
import { closeLines, markBooked } from './open-lines.ts';
import { openLinesFromMagento } from './open-lines-sync.ts';

export function externalOrderNumber(prefix: string, incrementId: string): string {
  return `${prefix}${incrementId}`;
}

/**
 * Marks the order's lines booked and publishes their stock again: Specter's available quantity
 * dropped when it booked the order, and a stock flush that ran in between (the bind can come much
 * later than the create when a worker dies) computed with the lines still unbooked.
 */
async function bookAndRepublish(context: FlowContext, shopId: string, incrementId: string): Promise<void> {
  const connectionId = context.connection.id;
  const lines = await context.db
    .selectFrom('open_order_lines')
    .select('sku')
    .where('connection_id', '=', connectionId)
    .where('shop_id', '=', shopId)
    .where('increment_id', '=', incrementId)
    .execute();
  await markBooked(context.db, connectionId, shopId, incrementId);
  await republishStock(
    context,
    shopId,
    lines.map((l) => l.sku),
  );
}

export async function pushOrder(context: FlowContext, { job }: JobContext): Promise<void> {
  const connectionId = context.connection.id;
  const shop = shopOf(context, job.shopId);
  const header = job.payload as OrderHeader;
  const incrementId = job.entityKey;
  const step = timelineSteps(context, {
    shopId: shop.config.id,
    entityType: 'order',
    entityKey: incrementId,
    jobId: job.id,
  });

  const bound = await context.bindings.byMagentoKey(connectionId, 'order', shop.config.id, incrementId);
  if (bound) {
    // A detection that raced this order's push, delivery and shipment may have recorded its lines
    // again: set them to what Magento still has unshipped before they count as booked stock.
    const current = await shop.magento.getOrder(header.magentoOrderId);
    if (current) await openLinesFromMagento(context, shop, current);
    await bookAndRepublish(context, shop.config.id, incrementId);
    await step('skipped', `Already in Specter as order ${bound.specterKey}`);
    return;
  }

  const state = await shop.magento.getOrder(header.magentoOrderId);
  if (!state) {
    throw new PermanentError(`Order ${incrementId} no longer exists in Magento`, { code: 'order-missing' });
  }
  let order = state.order;
  await step(
    'fetched',
    `Fetched from Magento (status ${order.status}, ${order.lines.length} line(s), total ${order.grandTotalInclVat} ${order.currency})`,
  );
  const externalOrderNo = externalOrderNumber(shop.config.orderNumberPrefix, incrementId);
  const bindTo = async (orderNo: string) => {
    await context.bindings.bind({
      connectionId,
      entityType: 'order',
      shopId: shop.config.id,
      magentoKey: incrementId,
      specterKey: orderNo,
      state: { magentoOrderId: header.magentoOrderId, externalOrderNo },
    });
    await bookAndRepublish(context, shop.config.id, incrementId);
    await step('bound', `Bound Magento ${incrementId} <-> Specter ${orderNo}`);
  };
  // Specter is asked first: an order it already has (a crash after the create, a lost binding) is
  // bound again, whatever its Magento status has become since.
  const existing = await shop.specter.findOrder(externalOrderNo, shop.config.webshopId);
  if (existing) {
    await step(
      'matched',
      `Specter already has it as order ${existing.orderNo} (external order number ${externalOrderNo})`,
    );
    await bindTo(existing.orderNo);
    return;
  }
  if (!shop.config.eligibleStatuses.includes(order.status)) {
    if (state.state === 'canceled') {
      await closeLines(context.db, connectionId, shop.config.id, incrementId);
      await republishStock(
        context,
        shop.config.id,
        state.items.map((i) => i.sku),
      );
    }
    await step('skipped', `Status "${order.status}" is not one that sends orders to Specter`);
    return;
  }
  if (order.currency !== shop.config.currency) {
    throw new PermanentError(
      `Order ${incrementId} is in ${order.currency} but shop ${shop.config.id} is set up for ${shop.config.currency}`,
      { code: 'currency-mismatch', details: { currency: order.currency } },
    );
  }

  // plugins (issue 7): filter (e.g. hold until paid), then beforeMap
  const hooks = pluginHooks(context, 'orders', {
    shopId: shop.config.id,
    entityType: 'order',
    entityKey: incrementId,
    jobId: job.id,
  });
  if (await hooks.skipped('filter', order)) return;
  order = await hooks.apply('beforeMap', order);

  const options = context.connection.streams.orders;
  {
    const customerId = await shop.specter.submitCustomer(order.customer, {
      matchBy: options.customerMatch,
      forceUpdate: options.updateCustomer,
      language: shop.config.language,
      currency: shop.config.currency,
    });
    await step('customer', `Customer ${order.customer.email} is Specter customer ${customerId}`);
    // plugins (issue 7): afterMap (e.g. add a fee line), beforeWrite
    order = await hooks.apply('afterMap', order, { customerId, externalOrderNo });
    if (await hooks.skipped('beforeWrite', order, { customerId, externalOrderNo })) return;
    const result = await shop.specter.submitOrder(order, customerId, {
      externalOrderNo,
      webshopId: shop.config.webshopId,
      stockSiteId: shop.config.stockSiteId,
      asInvoice: options.as === 'invoice',
      pricesIncludeVat: options.pricesIncludeVat,
      shippingArticleNo: options.shippingArticleNo,
      discountArticleNo: options.discountArticleNo,
      paymentMap: shop.config.payments,
      shippingMap: shop.config.shipping,
      language: shop.config.language,
    });
    maybeDieAfterCreate(); // chaos test hook: a crash between the create and the bind
    const orderNo = result.orderNo;
    await step(
      'written',
      result.duplicate
        ? `Specter already had external order number ${externalOrderNo}: order ${orderNo}`
        : `Created in Specter as ${options.as} ${orderNo}`,
    );
    if (!result.duplicate) await countOne(context, 'orders');
    await hooks.notify('afterWrite', { order, orderNo: result.orderNo, duplicate: result.duplicate }); // plugins (issue 7)
    await bindTo(result.orderNo);
  }
}
