import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { applyLayout, type LayoutInput } from './domain/layout.ts';
import { renderInvoice, renderOrder, renderShipment } from './domain/order-render.ts';
import { createOrder, type OrderInput } from './domain/orders.ts';
import { renderProduct, saveProduct } from './domain/products.ts';
import { salableQuantity } from './domain/stock.ts';
import { MagentoError } from './errors.ts';
import type { FaultInjector, FaultSettings } from './faults.ts';
import type { RequestLog } from './request-log.ts';
import { placeRandomOrders } from './seed.ts';
import type { EmulatorState } from './state.ts';

/** The /_emulator control surface: test set-up and read-outs that no real Magento has. */
export function registerControlRoutes(
  app: FastifyInstance,
  state: EmulatorState,
  faults: FaultInjector,
  log: RequestLog,
): void {
  const send =
    (
      fn: (
        body: Record<string, unknown>,
        params: Record<string, string>,
        query: Record<string, string>,
      ) => unknown,
    ) =>
    async (
      request: { body: unknown; params: unknown; query: unknown },
      reply: { code(n: number): unknown; send(b: unknown): unknown },
    ) => {
      try {
        return fn(
          (request.body ?? {}) as Record<string, unknown>,
          request.params as Record<string, string>,
          request.query as Record<string, string>,
        );
      } catch (error) {
        if (error instanceof MagentoError) {
          reply.code(error.status);
          return error.toBody();
        }
        throw error;
      }
    };

  app.post(
    '/_emulator/integration-tokens',
    send(() => {
      const token = randomBytes(16).toString('hex');
      state.tokens.add(token);
      return { token };
    }),
  );
  app.post(
    '/_emulator/stores',
    send((body) => {
      applyLayout(state, body as unknown as LayoutInput);
      return { websites: state.websites, groups: state.groups, views: state.views };
    }),
  );
  app.put(
    '/_emulator/faults',
    send((body) => {
      faults.configure(body as FaultSettings);
      return faults.settings;
    }),
  );
  app.get(
    '/_emulator/faults',
    send(() => faults.settings),
  );
  app.get(
    '/_emulator/requests',
    send(() => log.snapshot()),
  );
  app.delete(
    '/_emulator/requests',
    send(() => {
      log.reset();
      return log.snapshot();
    }),
  );
  app.post(
    '/_emulator/clock',
    send((body) => {
      state.clock.advance(Number(body.advanceSeconds ?? 0));
      return { now: state.clock.timestamp() };
    }),
  );
  app.post(
    '/_emulator/orders',
    send((body) => renderOrder(state, createOrder(state, body as unknown as OrderInput))),
  );
  app.post(
    '/_emulator/orders/random',
    send((body) => {
      const orders = placeRandomOrders(
        state,
        Number(body.count ?? 1),
        body.storeCode as string | undefined,
        state.rng.orders,
      );
      return {
        orders: orders.map((o) => ({
          entity_id: o.entity_id,
          increment_id: o.increment_id,
          store_id: o.store_id,
          grand_total: o.grand_total,
        })),
      };
    }),
  );
  app.post(
    '/_emulator/products/bulk',
    send((body) => {
      const products = Array.isArray(body.products) ? (body.products as Record<string, unknown>[]) : [];
      let created = 0;
      for (const input of products) {
        const isNew = !state.products.has(String(input.sku));
        const { qty, tax_class_id, ...rest } = input;
        const custom = [...((rest.custom_attributes as { attribute_code: string; value: unknown }[]) ?? [])];
        if (tax_class_id !== undefined)
          custom.push({ attribute_code: 'tax_class_id', value: String(tax_class_id) });
        const extension = { ...((rest.extension_attributes as Record<string, unknown>) ?? {}) };
        if (qty !== undefined) extension.stock_item = { qty };
        if (rest.website_ids !== undefined) extension.website_ids = rest.website_ids;
        saveProduct(
          state,
          { ...rest, custom_attributes: custom, extension_attributes: extension },
          { code: 'all', storeId: 0 },
        );
        if (isNew) created++;
      }
      return { created, updated: products.length - created };
    }),
  );

  app.get(
    '/_emulator/state/summary',
    send(() => ({
      products: state.products.size,
      orders: [...state.orders.values()].map((o) => ({
        entity_id: o.entity_id,
        increment_id: o.increment_id,
        state: o.state,
        status: o.status,
        store_id: o.store_id,
      })),
      shipments: state.shipments.size,
      invoices: state.invoices.size,
      captures: state.captures.length,
    })),
  );
  app.get(
    '/_emulator/state/captures',
    send((_b, _p, query) => ({
      captures: state.captures.filter(
        (c) => query.orderId === undefined || c.order_id === Number(query.orderId),
      ),
    })),
  );
  app.get(
    '/_emulator/state/orders/:id',
    send((_b, params) => {
      const order = state.orders.get(Number(params.id));
      if (!order) throw new MagentoError(404, 'No such order');
      return {
        order: renderOrder(state, order),
        shipments: [...state.shipments.values()]
          .filter((s) => s.order_id === order.entity_id)
          .map((s) => renderShipment(s, order)),
        invoices: [...state.invoices.values()]
          .filter((i) => i.order_id === order.entity_id)
          .map((i) => renderInvoice(i, order)),
        captures: state.captures.filter((c) => c.order_id === order.entity_id),
      };
    }),
  );
  app.get(
    '/_emulator/state/products/:sku',
    send((_b, params) => {
      const product = state.products.get(params.sku as string);
      if (!product) throw new MagentoError(404, 'No such product');
      return {
        global: renderProduct(state, product, 0),
        overrides: Object.fromEntries(
          [...product.overrides].map(([storeId, values]) => [
            state.views.find((v) => v.id === storeId)?.code ?? storeId,
            values,
          ]),
        ),
        sourceItems: [...state.sourceItems.values()].filter((i) => i.sku === product.sku),
        tierPrices: state.tierPrices.filter((t) => t.sku === product.sku),
        specialPrices: state.specialPrices.filter((t) => t.sku === product.sku),
        groupPrices: state.groupPrices.filter((t) => t.sku === product.sku),
      };
    }),
  );
  app.get(
    '/_emulator/state/products',
    send(() => ({
      products: [...state.products.values()].map((p) => ({
        sku: p.sku,
        type_id: p.type_id,
        price: p.price,
        name: p.values.name,
        website_ids: p.website_ids,
        children: p.childIds.map((id) => state.productIds.get(id)),
      })),
    })),
  );
  app.get(
    '/_emulator/state/stock',
    send(() => ({
      sourceItems: [...state.sourceItems.values()],
      // What a customer can buy: source quantity minus open orders' reservations (default stock).
      salable: Object.fromEntries(
        [...new Set([...state.sourceItems.values()].map((i) => i.sku))].map((sku) => [
          sku,
          salableQuantity(state, sku, 1),
        ]),
      ),
      sources: state.sources,
      stocks: state.stocks,
    })),
  );
  app.get(
    '/_emulator/state/prices',
    send(() => ({
      tierPrices: state.tierPrices,
      specialPrices: state.specialPrices,
      groupPrices: state.groupPrices,
    })),
  );
}
