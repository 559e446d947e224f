import { MagentoError } from '../errors.ts';
import type { EmulatorState, OrderRecord, ProductRecord, SourceItem } from '../state.ts';
import { sourceItemKey } from '../state.ts';

export const DEFAULT_SOURCE = 'default';

/** Magento forces a source item out of stock at zero quantity; above zero the given status stands. */
function statusFor(quantity: number, requested: number | boolean | undefined): number {
  if (quantity <= 0) return 0;
  if (requested === undefined) return 1;
  return Number(requested) ? 1 : 0;
}

export function upsertSourceItem(
  state: EmulatorState,
  sku: string,
  sourceCode: string,
  quantity: number,
  status?: number | boolean,
): SourceItem {
  const item: SourceItem = { sku, source_code: sourceCode, quantity, status: statusFor(quantity, status) };
  state.sourceItems.set(sourceItemKey(sku, sourceCode), item);
  return item;
}

/** The legacy cataloginventory stock item is the default source's item in an MSI installation. */
export function setDefaultSourceQuantity(
  state: EmulatorState,
  sku: string,
  quantity: number,
  isInStock?: boolean,
): SourceItem {
  return upsertSourceItem(state, sku, DEFAULT_SOURCE, quantity, isInStock);
}

function childrenInStock(state: EmulatorState, product: ProductRecord): boolean {
  return product.childIds.some((id) => {
    const sku = state.productIds.get(id);
    return (
      sku !== undefined && (state.sourceItems.get(sourceItemKey(sku, DEFAULT_SOURCE))?.status ?? 0) === 1
    );
  });
}

export function renderLegacyStockItem(state: EmulatorState, product: ProductRecord): Record<string, unknown> {
  const item = state.sourceItems.get(sourceItemKey(product.sku, DEFAULT_SOURCE));
  const qty = product.type_id === 'configurable' ? 0 : (item?.quantity ?? 0);
  const inStock =
    product.type_id === 'configurable' ? childrenInStock(state, product) : (item?.status ?? 0) === 1;
  return {
    item_id: product.id,
    product_id: product.id,
    stock_id: 1,
    qty,
    is_in_stock: inStock,
    is_qty_decimal: false,
    show_default_notification_message: false,
    use_config_min_qty: true,
    min_qty: 0,
    use_config_min_sale_qty: 1,
    min_sale_qty: 1,
    use_config_max_sale_qty: true,
    max_sale_qty: 10000,
    use_config_backorders: true,
    backorders: 0,
    use_config_notify_stock_qty: true,
    notify_stock_qty: 1,
    use_config_qty_increments: true,
    qty_increments: 0,
    use_config_enable_qty_inc: true,
    enable_qty_increments: false,
    use_config_manage_stock: true,
    manage_stock: true,
    low_stock_date: null,
    is_decimal_divided: false,
    stock_status_changed_auto: 0,
  };
}

/** What an order line still reserves: ordered and neither shipped, canceled nor refunded (MSI reservations). */
function openQuantity(item: OrderRecord['items'][number]): number {
  return Math.max(0, item.qty_ordered - item.qty_shipped - item.qty_canceled - item.qty_refunded);
}

/** Quantity still reserved by an order for one SKU. */
function reservedByOrder(order: OrderRecord, sku: string): number {
  let reserved = 0;
  for (const item of order.items) {
    if (item.sku !== sku || item.product_type === 'configurable') continue;
    reserved += openQuantity(item);
  }
  return reserved;
}

/** The SKU's quantity in the enabled, in-stock source items of the stock's sources. */
function onHandQuantity(state: EmulatorState, sourceCodes: string[], sku: string): number {
  let onHand = 0;
  for (const code of sourceCodes) {
    const source = state.sources.find((s) => s.source_code === code);
    const item = state.sourceItems.get(sourceItemKey(sku, code));
    if (source?.enabled && item && item.status === 1) onHand += item.quantity;
  }
  return onHand;
}

export function getStock(state: EmulatorState, stockId: number) {
  const stock = state.stocks.find((s) => s.stock_id === stockId);
  if (!stock) throw new MagentoError(404, 'Stock with id "%value" does not exist.', { value: stockId });
  return stock;
}

function websitesOfStock(state: EmulatorState, stockId: number): Set<number> {
  const stock = getStock(state, stockId);
  const codes = new Set(stock.salesChannels.filter((c) => c.type === 'website').map((c) => c.code));
  return new Set(state.websites.filter((w) => codes.has(w.code)).map((w) => w.website_id));
}

export function salableQuantity(state: EmulatorState, sku: string, stockId: number): number {
  const stock = getStock(state, stockId);
  const product = state.products.get(sku);
  if (!product)
    throw new MagentoError(
      404,
      "The product that was requested doesn't exist. Verify the product and try again.",
    );
  if (product.type_id === 'configurable') {
    throw new MagentoError(400, "Can't check requested quantity for products without Source Items support.");
  }
  const sells = ordersOfStock(state, stockId);
  let reserved = 0;
  for (const order of state.orders.values()) if (sells(order)) reserved += reservedByOrder(order, sku);
  return onHandQuantity(state, stock.sourceCodes, sku) - reserved;
}

/** Whether an order was placed on a website the stock sells on (store view -> website looked up once). */
function ordersOfStock(state: EmulatorState, stockId: number): (order: OrderRecord) => boolean {
  const websites = websitesOfStock(state, stockId);
  const websiteOfView = new Map(state.views.map((v) => [v.id, v.website_id]));
  return (order) => websites.has(websiteOfView.get(order.store_id) ?? 0);
}

/**
 * Salable quantity of every sellable (non-configurable) product on one stock, in one pass over the
 * orders: what `salableQuantity` answers for each, without reading every order once per product.
 */
export function salableQuantities(state: EmulatorState, stockId: number): Map<string, number> {
  const { sourceCodes } = getStock(state, stockId);
  const salable = new Map<string, number>();
  for (const product of state.products.values()) {
    if (product.type_id !== 'configurable')
      salable.set(product.sku, onHandQuantity(state, sourceCodes, product.sku));
  }
  const sells = ordersOfStock(state, stockId);
  for (const order of state.orders.values()) {
    if (!sells(order)) continue;
    for (const item of order.items) {
      const current = salable.get(item.sku);
      if (item.product_type === 'configurable' || current === undefined) continue;
      salable.set(item.sku, current - openQuantity(item));
    }
  }
  return salable;
}

/**
 * Source deduction on shipment, as MSI does: the shipped quantity leaves the sources of the stock
 * that sells on the order's website (in the stock's source order), so the reservation it held is
 * replaced by a lower source quantity and the salable quantity stays the same.
 */
export function deductShippedQuantity(
  state: EmulatorState,
  order: OrderRecord,
  sku: string,
  qty: number,
): void {
  const websiteId = state.views.find((v) => v.id === order.store_id)?.website_id ?? 0;
  const stock =
    state.stocks.find((st) => websitesOfStock(state, st.stock_id).has(websiteId)) ?? state.stocks[0];
  if (!stock) return;
  let left = qty;
  for (const code of stock.sourceCodes) {
    if (left <= 0) break;
    const item = state.sourceItems.get(sourceItemKey(sku, code));
    if (!item) continue;
    const taken = Math.min(item.quantity, left);
    item.quantity -= taken;
    left -= taken;
  }
}
