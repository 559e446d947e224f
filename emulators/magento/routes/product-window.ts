import { productById } from '../domain/products.ts';
import type { SearchCriteria } from '../search-criteria.ts';
import type { EmulatorState, ProductRecord } from '../state.ts';

/**
 * The entity-id range that filter groups of one entity_id condition each imply (groups are ANDed),
 * so a search by id window — how large catalogues are read — looks only at that window, as
 * Magento's primary-key index does. The full criteria are still applied to what is left.
 */
export function entityIdBounds(criteria: SearchCriteria): [number, number] {
  let low = Number.NEGATIVE_INFINITY;
  let high = Number.POSITIVE_INFINITY;
  for (const group of criteria.filter_groups) {
    const [only] = group.filters;
    if (group.filters.length !== 1 || only?.field !== 'entity_id') continue;
    const value = Number(only.value);
    if (!Number.isFinite(value)) continue;
    const condition = only.condition_type;
    if (condition === 'eq' || condition === 'gteq' || condition === 'from' || condition === 'moreq')
      low = Math.max(low, value);
    if (condition === 'gt') low = Math.max(low, value + 1e-9);
    if (condition === 'eq' || condition === 'lteq' || condition === 'to') high = Math.min(high, value);
    if (condition === 'lt') high = Math.min(high, value - 1e-9);
  }
  return [low, high];
}

/**
 * The products whose entity id lies in [low, high], in id order. A window narrower than the
 * catalogue is read id by id through the id index: scanning every product for each window made
 * reading a catalogue in windows quadratic (60,000 products in 500-id windows: 7 million visits).
 * Entity ids are whole numbers, so the ids from ceil(low) to floor(high) are exactly those a scan
 * would keep.
 */
export function productsInIdWindow(state: EmulatorState, low: number, high: number): ProductRecord[] {
  const first = Math.ceil(low);
  const last = Math.floor(high);
  if (Number.isFinite(first) && Number.isFinite(last) && last - first < state.products.size) {
    const found: ProductRecord[] = [];
    for (let id = first; id <= last; id++) {
      const product = productById(state, id);
      if (product) found.push(product);
    }
    return found;
  }
  const inWindow: ProductRecord[] = [];
  for (const product of state.products.values())
    if (product.id >= low && product.id <= high) inWindow.push(product);
  return inWindow.sort((a, b) => a.id - b.id);
}
