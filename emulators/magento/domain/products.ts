import { MagentoError, productNotFound } from '../errors.ts';
import type { StoreScope } from '../route-types.ts';
import type { ConfigurableOption, EmulatorState, ProductRecord } from '../state.ts';
import { isStoreViewScoped } from './scope.ts';
import { findSkuCaseInsensitive, forgetSku, rememberSku } from './sku-index.ts';
import { renderLegacyStockItem, setDefaultSourceQuantity } from './stock.ts';

const TYPES = new Set(['simple', 'virtual', 'configurable']);
/** Product fields that are EAV attributes but appear at the top level of the REST shape. */
const TOP_LEVEL_ATTRIBUTES = ['name', 'status', 'visibility'] as const;

export function getProduct(state: EmulatorState, sku: string): ProductRecord {
  const product = state.products.get(sku) ?? findCaseInsensitive(state, sku);
  if (!product) throw productNotFound();
  return product;
}

/** Magento's sku lookups go through MySQL's case-insensitive collation. */
function findCaseInsensitive(state: EmulatorState, sku: string): ProductRecord | undefined {
  return findSkuCaseInsensitive(state.products, sku);
}

export function productById(state: EmulatorState, id: number): ProductRecord | undefined {
  const sku = state.productIds.get(id);
  return sku === undefined ? undefined : state.products.get(sku);
}

/** The value of one attribute as seen from a store: the store view's override, else the global value. */
export function attributeValue(product: ProductRecord, code: string, storeId: number): unknown {
  const override = storeId > 0 ? product.overrides.get(storeId) : undefined;
  if (override && code in override) return override[code];
  return product.values[code];
}

function stringValue(value: unknown): unknown {
  if (typeof value === 'number') return String(value);
  return value;
}

const TOP_LEVEL = new Set<string>(TOP_LEVEL_ATTRIBUTES);

/**
 * The codes of the attributes a product has in any scope, other than the top-level ones, sorted.
 * Most products have no store-view overrides: their global codes are all there is, without a set
 * to merge them in (this runs for every product of every page read).
 */
function customAttributeCodes(product: ProductRecord): string[] {
  let codes = Object.keys(product.values);
  if (product.overrides.size > 0) {
    const all = new Set(codes);
    for (const override of product.overrides.values())
      for (const code of Object.keys(override)) all.add(code);
    codes = [...all];
  }
  return codes.filter((code) => !TOP_LEVEL.has(code)).sort();
}

export function renderProduct(
  state: EmulatorState,
  product: ProductRecord,
  storeId: number,
): Record<string, unknown> {
  const custom: { attribute_code: string; value: unknown }[] = [];
  for (const code of customAttributeCodes(product)) {
    const value = stringValue(attributeValue(product, code, storeId));
    if (value !== undefined && value !== null) custom.push({ attribute_code: code, value });
  }
  const extension: Record<string, unknown> = { website_ids: [...product.website_ids], category_links: [] };
  if (product.type_id !== 'configurable') extension.stock_item = renderLegacyStockItem(state, product);
  else {
    extension.stock_item = renderLegacyStockItem(state, product);
    extension.configurable_product_options = product.configurableOptions.map(renderConfigurableOption);
    extension.configurable_product_links = [...product.childIds];
  }
  const rendered: Record<string, unknown> = {
    id: product.id,
    sku: product.sku,
    name: attributeValue(product, 'name', storeId),
    attribute_set_id: product.attribute_set_id,
    price: product.price,
    status: Number(attributeValue(product, 'status', storeId) ?? 1),
    visibility: Number(attributeValue(product, 'visibility', storeId) ?? 4),
    type_id: product.type_id,
    created_at: product.created_at,
    updated_at: product.updated_at,
  };
  if (product.weight !== undefined) rendered.weight = product.weight;
  rendered.extension_attributes = extension;
  rendered.product_links = [];
  rendered.options = [];
  rendered.media_gallery_entries = [];
  rendered.tier_prices = state.tierPrices
    .filter((t) => t.sku === product.sku && t.price_type === 'fixed')
    .map((t) => ({
      customer_group_id:
        state.customerGroups.find((g) => g.code.toLowerCase() === t.customer_group.toLowerCase())?.id ??
        32000,
      qty: t.quantity,
      value: t.price,
      extension_attributes: { website_id: t.website_id },
    }));
  rendered.custom_attributes = custom;
  return rendered;
}

export function renderConfigurableOption(option: ConfigurableOption): Record<string, unknown> {
  return {
    id: option.id,
    attribute_id: option.attribute_id,
    label: option.label,
    position: option.position,
    values: option.values.map((v) => ({ value_index: v.value_index })),
    product_id: option.product_id,
  };
}

type ProductInput = Record<string, unknown> & {
  extension_attributes?: Record<string, unknown>;
  custom_attributes?: { attribute_code: string; value: unknown }[];
};

function writeValue(
  product: ProductRecord,
  code: string,
  value: unknown,
  storeId: number,
  isNew: boolean,
): void {
  if (isNew || storeId === 0 || !isStoreViewScoped(code)) {
    product.values[code] = value;
    return;
  }
  const override = product.overrides.get(storeId) ?? {};
  override[code] = value;
  product.overrides.set(storeId, override);
}

function requireNumber(value: unknown, field: string): number {
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n)) {
    throw new MagentoError(
      400,
      'The "%value" value\'s type is invalid. The "%type" type was expected. Verify and try again.',
      { value: String(value), type: field === 'price' ? 'float' : 'int' },
    );
  }
  return n;
}

/** Creates or updates a product as ProductRepository::save does (PUT of an unknown sku creates it). */
export function saveProduct(
  state: EmulatorState,
  input: ProductInput,
  scope: StoreScope,
  skuFromUrl?: string,
): ProductRecord {
  const sku = String(skuFromUrl ?? input.sku ?? '').trim();
  if (sku === '')
    throw new MagentoError(400, 'The "%1" attribute value is empty. Set the attribute and try again.', [
      'sku',
    ]);
  if (sku.length > 64) throw new MagentoError(400, 'SKU length should be %1 characters maximum.', ['64']);
  const existing = state.products.get(sku) ?? findCaseInsensitive(state, sku);
  const isNew = existing === undefined;
  const now = state.clock.timestamp();
  const typeId = String(input.type_id ?? existing?.type_id ?? 'simple');
  if (!TYPES.has(typeId))
    throw new MagentoError(400, 'Invalid value of "%value" provided for the %fieldName field.', {
      value: typeId,
      fieldName: 'type_id',
    });
  if (isNew && (input.name === undefined || input.name === '')) {
    throw new MagentoError(400, 'The "%1" attribute value is empty. Set the attribute and try again.', [
      'name',
    ]);
  }
  if (isNew && typeId !== 'configurable' && input.price === undefined) {
    throw new MagentoError(400, 'The "%1" attribute value is empty. Set the attribute and try again.', [
      'price',
    ]);
  }
  const product: ProductRecord = existing ?? {
    id: state.nextProductId++,
    sku,
    type_id: typeId as ProductRecord['type_id'],
    attribute_set_id: 4,
    price: 0,
    created_at: now,
    updated_at: now,
    website_ids: defaultWebsites(state, scope),
    values: { status: 1, visibility: 4, tax_class_id: '2' },
    overrides: new Map(),
    configurableOptions: [],
    childIds: [],
  };
  product.type_id = typeId as ProductRecord['type_id'];
  if (input.attribute_set_id !== undefined)
    product.attribute_set_id = requireNumber(input.attribute_set_id, 'attribute_set_id');
  if (input.price !== undefined) {
    const price = requireNumber(input.price, 'price');
    if (price < 0)
      throw new MagentoError(400, 'Invalid value of "%value" provided for the %fieldName field.', {
        value: String(input.price),
        fieldName: 'price',
      });
    product.price = price;
  }
  if (input.weight !== undefined) product.weight = requireNumber(input.weight, 'weight');
  for (const code of TOP_LEVEL_ATTRIBUTES) {
    if (input[code] !== undefined)
      writeValue(
        product,
        code,
        code === 'name' ? String(input[code]) : requireNumber(input[code], code),
        scope.storeId,
        isNew,
      );
  }
  for (const attribute of input.custom_attributes ?? []) {
    if (!attribute || typeof attribute.attribute_code !== 'string') continue;
    writeValue(product, attribute.attribute_code, attribute.value, scope.storeId, isNew);
  }
  const extension = input.extension_attributes ?? {};
  if (Array.isArray(extension.website_ids)) {
    const ids = extension.website_ids.map((id) => requireNumber(id, 'website_ids'));
    for (const id of ids) {
      if (!state.websites.some((w) => w.website_id === id)) {
        throw new MagentoError(
          400,
          "The website with id %1 that was requested wasn't found. Verify the website and try again.",
          [String(id)],
        );
      }
    }
    product.website_ids = ids;
  }
  if (typeId === 'configurable') applyConfigurableExtension(state, product, extension);
  product.updated_at = now;
  if (isNew) {
    state.products.set(sku, product);
    rememberSku(state.products, sku);
    state.productIds.set(product.id, sku);
  }
  const stockItem = extension.stock_item as { qty?: unknown; is_in_stock?: unknown } | undefined;
  if (stockItem && typeId !== 'configurable' && stockItem.qty !== undefined) {
    setDefaultSourceQuantity(
      state,
      sku,
      requireNumber(stockItem.qty, 'qty'),
      stockItem.is_in_stock as boolean | undefined,
    );
  }
  return product;
}

function defaultWebsites(state: EmulatorState, scope: StoreScope): number[] {
  if (scope.storeId === 0 || !scope.view) return state.websites.map((w) => w.website_id);
  return [scope.view.website_id];
}

function applyConfigurableExtension(
  state: EmulatorState,
  product: ProductRecord,
  extension: Record<string, unknown>,
): void {
  const options = extension.configurable_product_options;
  if (Array.isArray(options)) {
    product.configurableOptions = options.map((raw: Record<string, unknown>, index) => ({
      id: state.nextIds.sub++,
      attribute_id: String(raw.attribute_id ?? ''),
      label: String(raw.label ?? ''),
      position: Number(raw.position ?? index),
      is_use_default: Boolean(raw.is_use_default ?? true),
      values: Array.isArray(raw.values)
        ? raw.values.map((v: { value_index?: unknown }) => ({ value_index: Number(v.value_index) }))
        : [],
      product_id: product.id,
    }));
  }
  const links = extension.configurable_product_links;
  if (Array.isArray(links)) {
    const ids = links.map((id) => Number(id));
    for (const id of ids) {
      if (!productById(state, id))
        throw new MagentoError(
          400,
          "The product that was requested doesn't exist. Verify the product and try again.",
        );
    }
    product.childIds = ids;
  }
}

export function deleteProduct(state: EmulatorState, sku: string): void {
  const product = getProduct(state, sku);
  state.products.delete(product.sku);
  forgetSku(state.products, product.sku);
  state.productIds.delete(product.id);
  for (const parent of state.products.values())
    parent.childIds = parent.childIds.filter((id) => id !== product.id);
  for (const key of [...state.sourceItems.keys()])
    if (state.sourceItems.get(key)?.sku === product.sku) state.sourceItems.delete(key);
  state.tierPrices = state.tierPrices.filter((t) => t.sku !== product.sku);
  state.specialPrices = state.specialPrices.filter((t) => t.sku !== product.sku);
}

export function touch(state: EmulatorState, product: ProductRecord): void {
  product.updated_at = state.clock.timestamp();
}
