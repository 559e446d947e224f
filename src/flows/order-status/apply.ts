// Turns one Specter order event into the Magento actions the connection configured for it. Every
// action is idempotent twice over: a binding records that it was done, and before acting the
// Magento order itself is checked (so a crash between the action and its binding repeats nothing).
import type { StatusAction } from '../../config/schema.ts';
import { PermanentError, TransientError } from '../../domain/errors.ts';
import type { OrderEvent } from '../../domain/types.ts';
import type { JobContext } from '../../engine/worker.ts';
import { pluginHooks } from '../../plugins/flow-hooks.ts';
import { type FlowContext, type ShopRuntime, shopOf, timelineSteps } from '../context.ts';
import { closeLines } from '../orders/open-lines.ts';
import { openLinesFromMagento } from '../orders/open-lines-sync.ts';
import type { MagentoOrderState } from '../ports.ts';
import { republishStock } from '../stock/sharing.ts';
import { linesToInvoice, linesToShip } from './lines.ts';

export async function applyOrderEvent(context: FlowContext, { job }: JobContext): Promise<void> {
  const connectionId = context.connection.id;
  const shop = shopOf(context, job.shopId);
  let event = job.payload as OrderEvent;
  const incrementId = job.entityKey;
  const step = timelineSteps(context, {
    shopId: shop.config.id,
    entityType: 'order',
    entityKey: incrementId,
    jobId: job.id,
  });

  const binding = await context.bindings.byMagentoKey(connectionId, 'order', shop.config.id, incrementId);
  if (!binding)
    // The event outran the push's bind (see readOrderEvents): retry until the order is bound.
    throw new TransientError(
      `Order ${incrementId} is not yet recorded as sent to Specter; waiting for its order push to finish`,
      { code: 'order-not-bound-yet' },
    );
  const magentoOrderId = (binding.state as { magentoOrderId?: number } | null)?.magentoOrderId;
  if (!magentoOrderId)
    throw new PermanentError(`Order ${incrementId} has no Magento order id on record`, {
      code: 'binding-incomplete',
    });
  // plugins (issue 7): filter, beforeMap (the event), mapEvent (its actions)
  const hooks = pluginHooks(context, 'orderStatus', {
    shopId: shop.config.id,
    entityType: 'order',
    entityKey: incrementId,
    jobId: job.id,
  });
  if (await hooks.skipped('filter', event)) return;
  event = await hooks.apply('beforeMap', event);
  let actions = context.connection.streams.orderStatus.events[event.kind] ?? [];
  actions = await hooks.apply('mapEvent', actions, { event });
  await step(
    'detected',
    `Specter: ${describe(event)}; actions: ${actions.map((a) => a.action).join(', ') || 'none'}`,
  );

  for (const [index, action] of actions.entries()) {
    const actionKey = `${event.eventKey}:${index}:${action.action}`;
    const done = await context.bindings.byMagentoKey(connectionId, 'order-action', shop.config.id, actionKey);
    if (done) continue;
    const state = await shop.magento.getOrder(magentoOrderId);
    if (!state)
      throw new PermanentError(`Order ${incrementId} no longer exists in Magento`, { code: 'order-missing' });
    if (await hooks.skipped('beforeWrite', action, { event, order: state.order })) continue; // plugins (issue 7)
    const outcome = await applyAction(context, shop, state, event, action);
    await context.bindings.bind({
      connectionId,
      entityType: 'order-action',
      shopId: shop.config.id,
      magentoKey: actionKey,
      specterKey: actionKey,
      state: { outcome },
    });
    await step('written', outcome);
    await hooks.notify('afterWrite', { action, outcome }, { event }); // plugins (issue 7)
  }
}

function describe(event: OrderEvent): string {
  const tracks = event.deliveries.flatMap((d) => d.trackingNumbers);
  return `${event.kind} (order ${event.specterOrderNo}${tracks.length ? `, tracking ${tracks.join(', ')}` : ''})`;
}

async function applyAction(
  context: FlowContext,
  shop: ShopRuntime,
  state: MagentoOrderState,
  event: OrderEvent,
  action: StatusAction,
): Promise<string> {
  const orderId = state.order.magentoOrderId;
  const incrementId = state.order.incrementId;
  switch (action.action) {
    case 'ship': {
      const tracks = event.deliveries.flatMap((d) =>
        d.trackingNumbers.map((number) => ({
          number,
          carrier: d.carrier ?? 'custom',
          title: d.carrier ?? 'Specter',
        })),
      );
      if (tracks.length > 0 && tracks.every((t) => state.shipmentTracks.includes(t.number))) {
        // Shipped before a crash took the rest of this step: the open lines may still count it.
        await openLinesFromMagento(context, shop, state);
        return `Shipment with tracking ${tracks.map((t) => t.number).join(', ')} already in Magento`;
      }
      const lines = linesToShip(state, event);
      if (lines.length === 0) {
        await openLinesFromMagento(context, shop, state);
        return 'Nothing left to ship in Magento';
      }
      const shipmentId = await shop.magento.ship(orderId, { lines, tracks, notify: action.notify });
      const shipped = lines.map((l) => ({
        sku: state.items.find((i) => i.lineId === l.lineId)?.sku ?? '',
        qty: l.qty,
      }));
      await closeLines(context.db, context.connection.id, shop.config.id, incrementId, shipped);
      await republishStock(
        context,
        shop.config.id,
        shipped.map((l) => l.sku),
      );
      return `Shipment ${shipmentId} created (${lines.reduce((n, l) => n + l.qty, 0)} item(s)${tracks.length ? `, tracking ${tracks.map((t) => t.number).join(', ')}` : ''}${action.notify ? ', customer e-mailed' : ''})`;
    }
    case 'invoice': {
      const lines = linesToInvoice(state, event);
      if (lines.length === 0) return 'Nothing left to invoice in Magento';
      const invoiceId = await shop.magento.invoice(orderId, {
        lines,
        capture: action.capture,
        notify: action.notify,
      });
      return `Invoice ${invoiceId} created${action.capture ? ' with online capture' : ''}`;
    }
    case 'status': {
      const text = `${action.comment || `Specter: ${event.kind}`} [${event.eventKey}]`;
      if (state.statusComments.some((c) => c.includes(`[${event.eventKey}]`)))
        return 'Status comment already in Magento';
      await shop.magento.addOrderComment(orderId, { text, status: action.status, notify: action.notify });
      return `Status set to ${action.status}`;
    }
    case 'cancel': {
      if (state.state === 'canceled') return 'Already cancelled in Magento';
      if (state.items.some((i) => i.shipped > 0)) {
        throw new PermanentError(
          `Order ${incrementId} was cancelled in Specter but has shipments in Magento; cancel it by hand`,
          {
            code: 'cancel-after-shipment',
          },
        );
      }
      await shop.magento.cancel(orderId);
      await closeLines(context.db, context.connection.id, shop.config.id, incrementId);
      await republishStock(
        context,
        shop.config.id,
        state.items.map((i) => i.sku),
      );
      if (action.notify) {
        await shop.magento.addOrderComment(orderId, {
          text: `Order cancelled [${event.eventKey}]`,
          notify: true,
        });
      }
      return 'Cancelled in Magento';
    }
  }
}
