import { INITIAL_FEED_OFFERS_CATALOGUE } from './assumptions.ts';
import type { Catalogue } from './seed.ts';
import type { Account, FeedState, Webshop } from './types.ts';

/** How a test or the CLI describes an account. */
export interface SpecterAccountSeed {
  sbmId: number;
  /** default 2 */
  apiVersion?: 1 | 2;
  /** v2 */
  apiUserId?: number;
  apiUserKey?: string;
  integrationKey?: string;
  /** v2: further API users, e.g. a read-only one (code 22 on writes) */
  extraApiUsers?: Array<{ apiUserId: number; apiUserKey: string; canWrite?: boolean }>;
  /** v1 ("MD5 Key 1", "MD5 Key 2") */
  key1?: string;
  key2?: string;
  /** default [{ webshopId: 1, name: 'Webbshop SE' }]; several need v2 (multishop) */
  webshops?: Array<{ webshopId: number; name: string; callbackUrl?: string }>;
  /** default true: fill with the seeded catalogue, stock, price lists and customers */
  seedCatalogue?: boolean;
}

export const DEFAULT_ACCOUNT: SpecterAccountSeed = {
  sbmId: 1001,
  apiVersion: 2,
  apiUserId: 7,
  apiUserKey: 'demo-api-user-key',
  integrationKey: 'demo-integration-key',
  webshops: [{ webshopId: 1, name: 'Webbshop SE' }],
};

export class AccountSeedError extends Error {}

const emptyFeed = (): FeedState => ({ pending: new Map() });

export function createWebshop(
  account: Account,
  webshopId: number,
  name: string,
  callbackUrl?: string,
): Webshop {
  const shop: Webshop = {
    webshopId,
    name,
    callbackUrl,
    feeds: { stock: emptyFeed(), articleInfo: emptyFeed(), orders: emptyFeed() },
  };
  // a webshop that has never read the feeds gets everything once, which is what an initial sync needs
  for (const a of account.articles.values()) {
    if (INITIAL_FEED_OFFERS_CATALOGUE.articleInfo)
      shop.feeds.articleInfo.pending.set(a.articleNo, { deliveriesChanged: false });
    if (INITIAL_FEED_OFFERS_CATALOGUE.stock)
      shop.feeds.stock.pending.set(a.articleNo, { deliveriesChanged: false });
  }
  account.webshops.set(webshopId, shop);
  return shop;
}

export function createAccount(
  seed: SpecterAccountSeed,
  catalogue: Catalogue | undefined,
  now: string,
): Account {
  const apiVersion = seed.apiVersion ?? 2;
  const webshops = seed.webshops ?? [{ webshopId: 1, name: 'Webbshop SE' }];
  if (webshops.length === 0) throw new AccountSeedError('an account needs at least one webshop');
  if (apiVersion === 1 && webshops.length > 1) throw new AccountSeedError('multishop needs API v2');
  if (apiVersion === 1 && (!seed.key1 || !seed.key2))
    throw new AccountSeedError('a v1 account needs key1 and key2');
  if (apiVersion === 2 && (!seed.integrationKey || !seed.apiUserKey || seed.apiUserId === undefined)) {
    throw new AccountSeedError('a v2 account needs apiUserId, apiUserKey and integrationKey');
  }
  const apiUsers =
    apiVersion === 2
      ? [
          { apiUserId: seed.apiUserId!, apiUserKey: seed.apiUserKey!, canWrite: true },
          ...(seed.extraApiUsers ?? []).map((u) => ({ ...u, canWrite: u.canWrite ?? true })),
        ]
      : [];
  const account: Account = {
    sbmId: seed.sbmId,
    credentials: {
      apiVersion,
      key1: seed.key1,
      key2: seed.key2,
      integrationKey: seed.integrationKey,
      apiUsers,
    },
    webshops: new Map(),
    articles: new Map(),
    stockSites: new Map(),
    stock: new Map(),
    priceLists: new Map(),
    prices: [],
    customers: new Map(),
    orders: new Map(),
    invoices: new Map(),
    seq: { specterId: 0, customerId: 100, orderNo: 10000, invoiceNo: 50000, deliveryNo: 0 },
  };
  if (catalogue) {
    for (const a of catalogue.articles) {
      account.articles.set(a.articleNo, { ...a, specterId: ++account.seq.specterId });
    }
    for (const s of catalogue.stockSites) account.stockSites.set(s.stockSiteId, { ...s });
    for (const l of catalogue.stock) stockLevel(account, l.articleNo, l.stockSiteId).onHand = l.onHand;
    for (const p of catalogue.priceLists) account.priceLists.set(p.priceListId, { ...p });
    account.prices = catalogue.prices.map((p) => ({ ...p }));
    for (const c of catalogue.customers) {
      account.customers.set(c.customerId, { ...c, fields: { ...c.fields }, createdAt: now, updatedAt: now });
      account.seq.customerId = Math.max(account.seq.customerId, c.customerId);
    }
  } else {
    account.stockSites.set(1, { stockSiteId: 1, name: 'Huvudlager', isDefault: true });
  }
  for (const w of webshops) createWebshop(account, w.webshopId, w.name, w.callbackUrl);
  return account;
}

export function stockLevel(account: Account, articleNo: string, stockSiteId: number) {
  let bySite = account.stock.get(articleNo);
  if (!bySite) {
    bySite = new Map();
    account.stock.set(articleNo, bySite);
  }
  let level = bySite.get(stockSiteId);
  if (!level) {
    level = { onHand: 0, reserved: 0 };
    bySite.set(stockSiteId, level);
  }
  return level;
}

export function defaultStockSite(account: Account) {
  return [...account.stockSites.values()].find((s) => s.isDefault) ?? [...account.stockSites.values()][0]!;
}

export function defaultWebshop(account: Account): Webshop {
  return [...account.webshops.values()][0]!;
}
