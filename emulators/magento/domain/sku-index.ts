import type { ProductRecord } from '../state.ts';

/**
 * Lower-cased SKU -> stored SKU, for the case-insensitive lookups Magento's collation gives. A scan
 * of every product per lookup made creating N products quadratic (each new SKU is first looked up).
 * The index is kept per products map and rebuilt when its size no longer matches the map's (a write
 * path that does not call rememberSku/forgetSku is then caught, at the cost of one rebuild).
 */
const indexes = new WeakMap<Map<string, ProductRecord>, Map<string, string>>();

function indexOf(products: Map<string, ProductRecord>): Map<string, string> {
  let index = indexes.get(products);
  if (!index || index.size !== products.size) {
    index = new Map();
    for (const product of products.values()) index.set(product.sku.toLowerCase(), product.sku);
    indexes.set(products, index);
  }
  return index;
}

export function findSkuCaseInsensitive(
  products: Map<string, ProductRecord>,
  sku: string,
): ProductRecord | undefined {
  const stored = indexOf(products).get(sku.toLowerCase());
  const product = stored === undefined ? undefined : products.get(stored);
  if (product && product.sku.toLowerCase() === sku.toLowerCase()) return product;
  // A stale entry (e.g. the map changed behind the index's back): answer as the full scan would.
  if (stored !== undefined) {
    indexes.delete(products);
    for (const p of products.values()) if (p.sku.toLowerCase() === sku.toLowerCase()) return p;
  }
  return undefined;
}

export function rememberSku(products: Map<string, ProductRecord>, sku: string): void {
  indexes.get(products)?.set(sku.toLowerCase(), sku);
}

export function forgetSku(products: Map<string, ProductRecord>, sku: string): void {
  indexes.get(products)?.delete(sku.toLowerCase());
}
