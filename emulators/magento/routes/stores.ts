import { type RouteDef, route } from '../route-types.ts';
import type { EmulatorState } from '../state.ts';

const R = 'Magento_Backend::store';

export function renderStoreConfig(state: EmulatorState, viewId: number): Record<string, unknown> {
  const view = state.views.find((v) => v.id === viewId);
  const website = state.websites.find((w) => w.website_id === view?.website_id);
  const host = `http://magento.test/${view?.code ?? ''}/`;
  return {
    id: view?.id,
    code: view?.code,
    website_id: view?.website_id,
    locale: view?.locale,
    base_currency_code: website?.base_currency,
    default_display_currency_code: view?.currency,
    timezone: view?.timezone,
    weight_unit: 'kgs',
    base_url: host,
    base_link_url: host,
    base_static_url: `${host}static/`,
    base_media_url: `${host}media/`,
    secure_base_url: host.replace('http:', 'https:'),
    secure_base_link_url: host.replace('http:', 'https:'),
    secure_base_static_url: `${host.replace('http:', 'https:')}static/`,
    secure_base_media_url: `${host.replace('http:', 'https:')}media/`,
  };
}

/** Magento lists the admin website/group/store (id 0) first. */
export const storeRoutes: RouteDef[] = [
  route('GET', '/V1/store/websites', R, ({ state }) => [
    { id: 0, code: 'admin', name: 'Admin', default_group_id: 0 },
    ...state.websites.map((w) => ({
      id: w.website_id,
      code: w.code,
      name: w.name,
      default_group_id: w.default_group_id,
    })),
  ]),
  route('GET', '/V1/store/storeGroups', R, ({ state }) => [
    { id: 0, website_id: 0, root_category_id: 0, default_store_id: 0, name: 'Default', code: 'default' },
    ...state.groups.map((g) => ({ ...g })),
  ]),
  route('GET', '/V1/store/storeViews', R, ({ state }) => [
    { id: 0, code: 'admin', name: 'Admin', website_id: 0, store_group_id: 0, is_active: 1 },
    ...state.views.map((v) => ({
      id: v.id,
      code: v.code,
      name: v.name,
      website_id: v.website_id,
      store_group_id: v.store_group_id,
      is_active: v.is_active,
    })),
  ]),
  route('GET', '/V1/store/storeConfigs', R, ({ state, query }) => {
    const wanted = Object.values(typeof query.storeCodes === 'object' ? query.storeCodes : {}).map(String);
    const views = wanted.length > 0 ? state.views.filter((v) => wanted.includes(v.code)) : state.views;
    return views.map((v) => renderStoreConfig(state, v.id));
  }),
];
