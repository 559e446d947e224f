import type { SearchCriteria } from '../search-criteria.ts';
import type { ProductRecord } from '../state.ts';
import { attributeValue } from './products.ts';

/**
 * The product as a search filter sees it. Attribute values are looked up only when a filter or a
 * sort asks for them: a search visits every product, and building each one's full row made every
 * page of a large catalogue cost as much as reading all of it.
 */
export function productFilterRow(product: ProductRecord, storeId: number): Record<string, unknown> {
  return new Proxy(fixedRow(product, storeId), LOOK_UP_ATTRIBUTES);
}

/**
 * The rows for one search. When no filter and no sort names anything beyond the fixed fields (an
 * entity-id window, a type, a SKU), the fixed fields are the whole row and no proxy is needed:
 * a proxy per product made a window read cost a trap call per field read.
 */
export function productFilterRows(
  criteria: SearchCriteria,
  storeId: number,
): (product: ProductRecord) => Record<string, unknown> {
  const named = [
    ...criteria.filter_groups.flatMap((group) => group.filters.map((filter) => filter.field)),
    ...(criteria.sort_orders ?? []).map((order) => order.field),
  ];
  // A field "in" the fixed row (its own or an inherited one such as toString) never reaches the
  // attribute look-up, with or without the proxy.
  const fixedOnly = named.every((field) => FIXED_FIELDS.has(field) || field in Object.prototype);
  return fixedOnly
    ? (product) => fixedRow(product, storeId)
    : (product) => productFilterRow(product, storeId);
}

const FIXED_FIELDS = new Set([
  'entity_id',
  'id',
  'sku',
  'type_id',
  'price',
  'attribute_set_id',
  'created_at',
  'updated_at',
  'website_id',
]);

// The row carries its product and store under symbols, so one handler serves every row: a handler
// per row was a closure per product per search (and, with the name-keeping transform tsx applies,
// a defineProperty on each).
const PRODUCT = Symbol('product');
const STORE_ID = Symbol('storeId');
type FixedRow = Record<string, unknown> & { [PRODUCT]: ProductRecord; [STORE_ID]: number };

function fixedRow(product: ProductRecord, storeId: number): FixedRow {
  return {
    [PRODUCT]: product,
    [STORE_ID]: storeId,
    entity_id: product.id,
    id: product.id,
    sku: product.sku,
    type_id: product.type_id,
    price: product.price,
    attribute_set_id: product.attribute_set_id,
    created_at: product.created_at,
    updated_at: product.updated_at,
    website_id: product.website_ids.join(','),
  };
}

const LOOK_UP_ATTRIBUTES: ProxyHandler<FixedRow> = {
  get(target, field) {
    return typeof field !== 'string' || field in target
      ? Reflect.get(target, field)
      : attributeValue(target[PRODUCT], field, target[STORE_ID]);
  },
};
