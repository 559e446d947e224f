import { MagentoError } from '../errors.ts';
import type { EmulatorState, StoreGroup, StoreView, Website } from '../state.ts';

/** A multishop layout as a test describes it; ids are assigned in order, starting at 1. */
export interface LayoutInput {
  websites: { code: string; name?: string; baseCurrency?: string }[];
  groups?: { code: string; name?: string; websiteCode: string }[];
  views: {
    code: string;
    name?: string;
    websiteCode: string;
    groupCode?: string;
    locale?: string;
    currency?: string;
    timezone?: string;
    isActive?: boolean;
  }[];
}

export function applyLayout(state: EmulatorState, layout: LayoutInput): void {
  if (!layout.websites?.length || !layout.views?.length)
    throw new MagentoError(400, 'A layout needs at least one website and one store view.');
  const websites: Website[] = [];
  const groups: StoreGroup[] = [];
  const views: StoreView[] = [];
  layout.websites.forEach((w, i) => {
    websites.push({
      website_id: i + 1,
      code: w.code,
      name: w.name ?? w.code,
      default_group_id: 0,
      base_currency: w.baseCurrency ?? '',
    });
  });
  const websiteByCode = (code: string): Website => {
    const website = websites.find((w) => w.code === code);
    if (!website) throw new MagentoError(400, `Unknown website code ${code}`);
    return website;
  };
  for (const g of layout.groups ?? []) {
    const website = websiteByCode(g.websiteCode);
    groups.push({
      id: groups.length + 1,
      website_id: website.website_id,
      root_category_id: 2,
      default_store_id: 0,
      name: g.name ?? g.code,
      code: g.code,
    });
  }
  for (const website of websites) {
    if (!groups.some((g) => g.website_id === website.website_id)) {
      groups.push({
        id: groups.length + 1,
        website_id: website.website_id,
        root_category_id: 2,
        default_store_id: 0,
        name: `${website.name} Store`,
        code: `${website.code}_store`,
      });
    }
  }
  layout.views.forEach((v, i) => {
    const website = websiteByCode(v.websiteCode);
    const group = groups.find((g) =>
      v.groupCode ? g.code === v.groupCode : g.website_id === website.website_id,
    );
    if (!group) throw new MagentoError(400, `Unknown store group code ${v.groupCode}`);
    const currency = v.currency ?? (website.base_currency || 'SEK');
    views.push({
      id: i + 1,
      code: v.code,
      name: v.name ?? v.code,
      website_id: website.website_id,
      store_group_id: group.id,
      is_active: v.isActive === false ? 0 : 1,
      locale: v.locale ?? 'sv_SE',
      currency,
      timezone: v.timezone ?? 'Europe/Stockholm',
    });
  });
  for (const group of groups)
    group.default_store_id = views.find((v) => v.store_group_id === group.id)?.id ?? 0;
  for (const website of websites) {
    website.default_group_id = groups.find((g) => g.website_id === website.website_id)?.id ?? 0;
    if (!website.base_currency)
      website.base_currency = views.find((v) => v.website_id === website.website_id)?.currency ?? 'SEK';
  }
  state.websites = websites;
  state.groups = groups;
  state.views = views;
  const websiteIds = new Set(websites.map((w) => w.website_id));
  for (const product of state.products.values())
    product.website_ids = product.website_ids.filter((id) => websiteIds.has(id));
  // MSI assigns every website to the default stock unless told otherwise.
  const defaultStock = state.stocks.find((s) => s.stock_id === 1);
  if (defaultStock) defaultStock.salesChannels = websites.map((w) => ({ type: 'website', code: w.code }));
}

/** The seeded layouts: 1 = base/default (SEK); 2 adds website no with no_nb (NOK); 3 adds en (EUR) on no. */
export function seededLayout(storeViews: number): LayoutInput {
  const layout: LayoutInput = {
    websites: [{ code: 'base', name: 'Main Website', baseCurrency: 'SEK' }],
    groups: [{ code: 'main_website_store', name: 'Main Website Store', websiteCode: 'base' }],
    views: [
      { code: 'default', name: 'Default Store View', websiteCode: 'base', locale: 'sv_SE', currency: 'SEK' },
    ],
  };
  if (storeViews >= 2) {
    layout.websites.push({ code: 'no', name: 'Norge', baseCurrency: 'NOK' });
    layout.groups?.push({ code: 'no_store', name: 'Norge Store', websiteCode: 'no' });
    layout.views.push({
      code: 'no_nb',
      name: 'Norsk',
      websiteCode: 'no',
      locale: 'nb_NO',
      currency: 'NOK',
      timezone: 'Europe/Oslo',
    });
  }
  if (storeViews >= 3)
    layout.views.push({
      code: 'en',
      name: 'English',
      websiteCode: 'no',
      locale: 'en_US',
      currency: 'EUR',
      timezone: 'Europe/Oslo',
    });
  for (let n = 4; n <= storeViews; n++) {
    layout.views.push({
      code: `store_${n}`,
      name: `Store ${n}`,
      websiteCode: 'base',
      locale: 'sv_SE',
      currency: 'SEK',
    });
  }
  return layout;
}
