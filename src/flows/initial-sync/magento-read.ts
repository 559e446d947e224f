// Reads a whole Magento catalogue in entity-id windows: each window is one search call (a page the
// size of the window), so reads can run side by side under the connection's concurrency limit and
// nothing but the current window is held in memory.
import {
  type MagentoClient,
  type MagentoProduct,
  type MagentoProductAttribute,
  PRODUCT_MAPPING_FIELDS,
  searchCriteria,
} from '../../connectors/magento/index.ts';
import type { Limiter } from './limiter.ts';
import { ShapeIndex } from './shape.ts';

export const WINDOW = 500;

/**
 * The variant axes' attributes by the codes asked for, read side by side; a code the shop does not
 * have (Magento answers 404) is left out.
 */
export async function readAttributes(
  client: MagentoClient,
  limiter: Limiter,
  codes: Iterable<string>,
): Promise<Map<string, MagentoProductAttribute>> {
  const unique = [...new Set(codes)];
  const found = await Promise.all(unique.map((code) => limiter.run(() => client.getAttribute(code))));
  const byCode = new Map<string, MagentoProductAttribute>();
  for (const [i, code] of unique.entries()) {
    const attribute = found[i];
    if (attribute) byCode.set(code, attribute);
  }
  return byCode;
}

/** The highest entity id in the catalogue (0 when it is empty). */
export async function maxEntityId(client: MagentoClient, limiter: Limiter): Promise<number> {
  return limiter.run(async () => {
    for await (const product of client.searchProducts(
      searchCriteria().sortBy('entity_id', 'DESC').pageSize(1),
    ))
      return product.id ?? 0;
    return 0;
  });
}

export type TypeFilter = 'all' | 'configurable' | 'not-configurable';

/** What a window reads of each product: all a mapper needs, or only what tells its shape. */
export type WindowFields = 'mapping' | 'shape';

const FIELDS: Record<WindowFields, string> = {
  mapping: PRODUCT_MAPPING_FIELDS,
  shape: 'id,sku,type_id,extension_attributes[configurable_product_links]',
};

/** Products with entity id in [from, to), in one call unless the window holds more than a page. */
export async function readWindow(
  client: MagentoClient,
  limiter: Limiter,
  from: number,
  to: number,
  types: TypeFilter,
  fields: WindowFields,
): Promise<MagentoProduct[]> {
  let criteria = searchCriteria()
    .where('entity_id', 'gteq', from)
    .where('entity_id', 'lt', to)
    .sortBy('entity_id', 'ASC')
    .pageSize(WINDOW);
  if (types === 'configurable') criteria = criteria.where('type_id', 'eq', 'configurable');
  if (types === 'not-configurable') criteria = criteria.where('type_id', 'neq', 'configurable');
  return limiter.run(async () => {
    const found: MagentoProduct[] = [];
    for await (const product of client.searchProducts(criteria, undefined, { fields: FIELDS[fields] }))
      found.push(product);
    return found;
  });
}

/**
 * Calls `visit` for every window's products, in id order, reading up to the limiter's width ahead.
 * `visit` runs one window at a time, so it can batch without locking.
 */
export async function eachWindow(
  client: MagentoClient,
  limiter: Limiter,
  types: TypeFilter,
  visit: (products: MagentoProduct[]) => Promise<void>,
  options: { windowSize?: number; fields?: WindowFields; maxId?: number } = {},
): Promise<void> {
  const windowSize = options.windowSize ?? WINDOW;
  const fields = options.fields ?? 'mapping';
  // A caller that walks the catalogue more than once reads the highest id once (`maxId`).
  const max = options.maxId ?? (await maxEntityId(client, limiter));
  const starts: number[] = [];
  for (let from = 1; from <= max; from += windowSize) starts.push(from);
  const ahead = limiter.width;
  const pending: Promise<MagentoProduct[]>[] = [];
  let next = 0;
  const fill = () => {
    while (pending.length < ahead && next < starts.length) {
      const from = starts[next++] as number;
      const read = readWindow(client, limiter, from, from + windowSize, types, fields);
      read.catch(() => {}); // awaited below; this only keeps an early failure from being unhandled
      pending.push(read);
    }
  };
  fill();
  while (pending.length > 0) {
    const products = await (pending.shift() as Promise<MagentoProduct[]>);
    fill();
    await visit(products);
  }
}

function childIds(product: MagentoProduct): number[] {
  return (
    (product.extension_attributes as { configurable_product_links?: number[] } | undefined)
      ?.configurable_product_links ?? []
  );
}

/** Every product's shape (simple, configurable, variant of which configurable) by SKU. */
export async function readMagentoShapes(client: MagentoClient, limiter: Limiter): Promise<ShapeIndex> {
  const skuById = new Map<number, string>();
  const parentByChildId = new Map<number, string>();
  const index = new ShapeIndex();
  await eachWindow(
    client,
    limiter,
    'all',
    async (products) => {
      for (const product of products) {
        if (product.id !== undefined) skuById.set(product.id, product.sku);
        if (product.type_id === 'configurable') {
          index.set(product.sku, { kind: 'configurable' });
          for (const id of childIds(product)) parentByChildId.set(id, product.sku);
        }
      }
    },
    { fields: 'shape' },
  );
  for (const [id, sku] of skuById) {
    if (index.get(sku)?.kind === 'configurable') continue;
    const parentSku = parentByChildId.get(id);
    index.set(sku, parentSku ? { kind: 'variant', parentSku } : { kind: 'simple' });
  }
  return index;
}

export { childIds };
