import { MagentoError } from '../errors.ts';
import type { StoreScope } from '../route-types.ts';
import type { EmulatorState, StoreView } from '../state.ts';

/** Attributes Magento stores per store view (the rest is global or website scoped). */
const STORE_VIEW_SCOPED = new Set([
  'name',
  'status',
  'visibility',
  'description',
  'short_description',
  'meta_title',
  'meta_keyword',
  'meta_description',
  'url_key',
  'special_from_date',
  'special_to_date',
  'news_from_date',
  'news_to_date',
]);
/** Custom attributes that are global in a default installation; all others count as store-view scoped. */
const GLOBAL_CUSTOM = new Set([
  'tax_class_id',
  'color',
  'size',
  'special_price',
  'cost',
  'category_ids',
  'options_container',
  'required_options',
  'has_options',
  'gift_message_available',
  'manufacturer',
]);

export const isStoreViewScoped = (code: string): boolean =>
  STORE_VIEW_SCOPED.has(code) || !GLOBAL_CUSTOM.has(code);

export function defaultStoreView(state: EmulatorState): StoreView {
  const website = state.websites[0];
  const group = website ? state.groups.find((g) => g.id === website.default_group_id) : undefined;
  const view = state.views.find((v) => v.id === group?.default_store_id) ?? state.views[0];
  if (!view) throw new MagentoError(500, 'No store view configured');
  return view;
}

/**
 * Resolves the store code of the URL. Without a code Magento runs in the default store view, which
 * is why writes through /rest/V1 land on that view; `all` is the admin (global) scope.
 */
export function resolveScope(state: EmulatorState, code: string | undefined): StoreScope {
  if (code === 'all') return { code: 'all', storeId: 0 };
  if (code === undefined) {
    const view = defaultStoreView(state);
    return { code: view.code, storeId: view.id, view };
  }
  const view = state.views.find((v) => v.code === code);
  if (!view) {
    throw new MagentoError(400, "The store that was requested wasn't found. Verify the store and try again.");
  }
  return { code: view.code, storeId: view.id, view };
}

export function websiteOfStore(state: EmulatorState, storeId: number): number {
  return state.views.find((v) => v.id === storeId)?.website_id ?? 0;
}
