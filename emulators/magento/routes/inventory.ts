import { getProduct } from '../domain/products.ts';
import {
  getStock,
  renderLegacyStockItem,
  salableQuantity,
  setDefaultSourceQuantity,
  upsertSourceItem,
} from '../domain/stock.ts';
import { MagentoError } from '../errors.ts';
import { bodyField, type RouteDef, route } from '../route-types.ts';
import { parseSearchCriteria, searchResult } from '../search-criteria.ts';
import type { EmulatorState, Source } from '../state.ts';
import { sourceItemKey } from '../state.ts';

const CAT = 'Magento_CatalogInventory::cataloginventory';
const INV = 'Magento_InventoryApi::source';
const STOCK = 'Magento_InventoryApi::stock';

function validationFailed(
  messages: { message: string; parameters?: Record<string, unknown> }[],
): MagentoError {
  return new MagentoError(400, 'Validation Failed', undefined, messages);
}

function renderSource(source: Source): Record<string, unknown> {
  return { ...source, enabled: source.enabled };
}

export function renderStock(state: EmulatorState, stockId: number): Record<string, unknown> {
  const stock = getStock(state, stockId);
  return {
    stock_id: stock.stock_id,
    name: stock.name,
    extension_attributes: { sales_channels: stock.salesChannels.map((c) => ({ ...c })) },
  };
}

function requireSources(state: EmulatorState, items: Record<string, unknown>[]): void {
  const errors: { message: string; parameters?: Record<string, unknown> }[] = [];
  for (const item of items) {
    if (!item.sku) errors.push({ message: '"%field" can not be empty.', parameters: { field: 'sku' } });
    if (!state.sources.some((s) => s.source_code === item.source_code)) {
      errors.push({
        message: 'Source "%code" does not exist.',
        parameters: { code: String(item.source_code ?? '') },
      });
    }
    if (item.quantity !== undefined && !Number.isFinite(Number(item.quantity)))
      errors.push({ message: '"%field" should be numeric.', parameters: { field: 'quantity' } });
  }
  if (errors.length > 0) throw validationFailed(errors);
}

export const inventoryRoutes: RouteDef[] = [
  route('GET', '/V1/stockItems/{productSku}', CAT, ({ state, params }) =>
    renderLegacyStockItem(state, getProduct(state, params.productSku as string)),
  ),
  route('PUT', '/V1/products/{productSku}/stockItems/{itemId}', CAT, ({ state, params, body }) => {
    const product = getProduct(state, params.productSku as string);
    const stockItem = bodyField<{ qty?: unknown; is_in_stock?: unknown }>(body, 'stockItem');
    const qty =
      stockItem.qty === undefined
        ? (state.sourceItems.get(sourceItemKey(product.sku, 'default'))?.quantity ?? 0)
        : Number(stockItem.qty);
    setDefaultSourceQuantity(state, product.sku, qty, stockItem.is_in_stock as boolean | undefined);
    product.updated_at = state.clock.timestamp();
    return product.id;
  }),

  route('GET', '/V1/inventory/sources', INV, ({ state, query }) =>
    searchResult(
      state.sources,
      (s) => ({ ...s, enabled: s.enabled ? 1 : 0 }),
      parseSearchCriteria(query),
      renderSource,
    ),
  ),
  route('GET', '/V1/inventory/sources/{sourceCode}', INV, ({ state, params }) => {
    const source = state.sources.find((s) => s.source_code === params.sourceCode);
    if (!source)
      throw new MagentoError(404, 'Source with code "%value" does not exist.', { value: params.sourceCode });
    return renderSource(source);
  }),
  route('POST', '/V1/inventory/sources', INV, ({ state, body }) => {
    const raw = bodyField<Record<string, unknown>>(body, 'source');
    const code = String(raw.source_code ?? '').trim();
    const errors = [];
    if (code === '' || /\s/.test(code))
      errors.push({ message: '"%field" can not be empty.', parameters: { field: 'source_code' } });
    if (!raw.name) errors.push({ message: '"%field" can not be empty.', parameters: { field: 'name' } });
    if (!raw.country_id)
      errors.push({ message: '"%field" can not be empty.', parameters: { field: 'country_id' } });
    if (!raw.postcode)
      errors.push({ message: '"%field" can not be empty.', parameters: { field: 'postcode' } });
    if (errors.length > 0) throw validationFailed(errors);
    const source: Source = {
      source_code: code,
      name: String(raw.name),
      enabled: raw.enabled === undefined ? true : Boolean(raw.enabled),
      country_id: String(raw.country_id),
      postcode: String(raw.postcode),
    };
    const index = state.sources.findIndex((s) => s.source_code === code);
    if (index >= 0) state.sources[index] = source;
    else state.sources.push(source);
    return [];
  }),
  route('GET', '/V1/inventory/stocks', STOCK, ({ state, query }) =>
    searchResult(
      state.stocks,
      (s) => ({ stock_id: s.stock_id, name: s.name }),
      parseSearchCriteria(query),
      (s) => renderStock(state, s.stock_id),
    ),
  ),
  route('GET', '/V1/inventory/stocks/{stockId}', STOCK, ({ state, params }) =>
    renderStock(state, Number(params.stockId)),
  ),
  route('GET', '/V1/inventory/stock-source-links', STOCK, ({ state, query }) => {
    const links = state.stocks.flatMap((s) =>
      s.sourceCodes.map((code, i) => ({ stock_id: s.stock_id, source_code: code, priority: i + 1 })),
    );
    return searchResult(
      links,
      (l) => l,
      parseSearchCriteria(query),
      (l) => l,
    );
  }),
  route('POST', '/V1/inventory/stock-source-links', STOCK, ({ state, body }) => {
    const links = bodyField<{ stock_id: number; source_code: string; priority?: number }[]>(body, 'links');
    for (const link of links) {
      const stock = getStock(state, Number(link.stock_id));
      if (!state.sources.some((s) => s.source_code === link.source_code))
        throw validationFailed([
          { message: 'Source "%code" does not exist.', parameters: { code: link.source_code } },
        ]);
      if (!stock.sourceCodes.includes(link.source_code)) stock.sourceCodes.push(link.source_code);
    }
    return [];
  }),
  route('GET', '/V1/inventory/source-items', INV, ({ state, query }) =>
    searchResult(
      [...state.sourceItems.values()],
      (i) => ({ ...i }),
      parseSearchCriteria(query),
      (i) => ({ ...i }),
    ),
  ),
  route('POST', '/V1/inventory/source-items', INV, ({ state, body }) => {
    const items = bodyField<Record<string, unknown>[]>(body, 'sourceItems');
    if (!Array.isArray(items) || items.length === 0) throw new MagentoError(400, 'Input data is empty');
    requireSources(state, items);
    for (const item of items) {
      upsertSourceItem(
        state,
        String(item.sku),
        String(item.source_code),
        Number(item.quantity ?? 0),
        item.status as number | undefined,
      );
      const product = state.products.get(String(item.sku));
      if (product) product.updated_at = state.clock.timestamp();
    }
    return [];
  }),
  route('POST', '/V1/inventory/source-items-delete', INV, ({ state, body }) => {
    const items = bodyField<Record<string, unknown>[]>(body, 'sourceItems');
    if (!Array.isArray(items) || items.length === 0) throw new MagentoError(400, 'Input data is empty');
    for (const item of items)
      state.sourceItems.delete(sourceItemKey(String(item.sku), String(item.source_code)));
    return [];
  }),
  route('GET', '/V1/inventory/get-product-salable-quantity/{sku}/{stockId}', STOCK, ({ state, params }) =>
    salableQuantity(state, params.sku as string, Number(params.stockId)),
  ),
  route('GET', '/V1/inventory/is-product-salable/{sku}/{stockId}', STOCK, ({ state, params }) => {
    const product = state.products.get(params.sku as string);
    getStock(state, Number(params.stockId));
    if (!product || Number(product.values.status ?? 1) !== 1) return false;
    if (product.type_id === 'configurable') {
      return product.childIds.some((id) => {
        const sku = state.productIds.get(id);
        return sku !== undefined && salableQuantity(state, sku, Number(params.stockId)) > 0;
      });
    }
    return salableQuantity(state, product.sku, Number(params.stockId)) > 0;
  }),
];
