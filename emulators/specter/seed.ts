import { DEFAULT_CUSTOMER_GROUP_ID, SHIPPING_ARTICLE } from './assumptions.ts';
import { createRng, intBetween, pick, type Rng, round2 } from './rng.ts';
import type { Article, Customer, PriceEntry, PriceList, StockSite } from './types.ts';

/**
 * Deterministic catalogue. SKU naming is shared with the Magento emulator:
 *   simple articles `ART-00001`.., main articles `CFG-00001`.., variants `CFG-00001-<n>` (n from 1).
 * Every article's data is drawn from a generator keyed by (seed, articleNo), so an article looks the
 * same whatever the sizes are.
 */
export interface CatalogueSizes {
  simpleArticles: number;
  configurables: number;
  variantsPerConfigurable: number;
  stockSites: number;
  priceLists: number;
  customers: number;
}

export const DEFAULT_SIZES: CatalogueSizes = {
  simpleArticles: 20,
  configurables: 4,
  variantsPerConfigurable: 4,
  stockSites: 1,
  priceLists: 3,
  customers: 5,
};

export interface Catalogue {
  articles: Array<Omit<Article, 'specterId'>>;
  stockSites: StockSite[];
  stock: Array<{ articleNo: string; stockSiteId: number; onHand: number }>;
  priceLists: PriceList[];
  prices: PriceEntry[];
  customers: Array<Omit<Customer, 'createdAt' | 'updatedAt'>>;
}

export const simpleArticleNo = (i: number): string => `ART-${String(i).padStart(5, '0')}`;
export const mainArticleNo = (i: number): string => `CFG-${String(i).padStart(5, '0')}`;
export const variantArticleNo = (i: number, n: number): string => `${mainArticleNo(i)}-${n}`;

const COLOURS = ['Blå', 'Röd', 'Grön', 'Svart', 'Vit', 'Gul'];
const SIZES = ['S', 'M', 'L', 'XL'];

/** Variant n (1-based) of a main article: sizes run fastest, then colours. */
export function variantValuesFor(n: number): { colour: string; size: string; text: string } {
  const size = SIZES[(n - 1) % SIZES.length]!;
  const colour = COLOURS[Math.floor((n - 1) / SIZES.length) % COLOURS.length]!;
  return { colour, size, text: `Färg=${colour};Storlek=${size}` };
}

const GOODS = [
  'Tröja',
  'Mössa',
  'Vantar',
  'Halsduk',
  'Jacka',
  'Kåsa',
  'Yxa',
  'Ljusstake',
  'Pläd',
  'Örngott',
  'Väska',
  'Skärbräda',
];
const FOOD = ['Kaffebönor', 'Lingonsylt', 'Knäckebröd', 'Choklad'];
const BOOKS = ['Kokbok', 'Fågelbok', 'Roman', 'Tidskrift'];
const ADJECTIVES = [
  'Äkta',
  'Mjuk',
  'Ullig',
  'Gammaldags',
  'Småländsk',
  'Härlig',
  'Stor',
  'Liten',
  'Grön',
  'Fjällnära',
];
const STOCK_SITE_NAMES = ['Huvudlager', 'Butik Göteborg', 'Butik Malmö'];

function hash(text: string): number {
  let h = 0x811c9dc5;
  for (const ch of text) {
    h ^= ch.codePointAt(0)!;
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const rngFor = (seed: number, key: string): Rng => createRng(hash(`${seed}:${key}`));

/** EAN-13 with a correct check digit, from a 12-digit body. */
export function ean13(body12: string): string {
  const sum = [...body12].reduce((s, d, i) => s + Number(d) * (i % 2 === 0 ? 1 : 3), 0);
  return body12 + String((10 - (sum % 10)) % 10);
}

function baseArticle(seed: number, articleNo: string, ordinal: number): Omit<Article, 'specterId'> {
  const rng = rngFor(seed, articleNo);
  const vatRoll = rng();
  const vatPercent = vatRoll < 0.1 ? 6 : vatRoll < 0.25 ? 12 : 25;
  const noun = pick(rng, vatPercent === 6 ? BOOKS : vatPercent === 12 ? FOOD : GOODS);
  const priceExclVat = round2(intBetween(rng, 39, 1999) + pick(rng, [0, 0, 0.2, 0.5]));
  return {
    articleNo,
    name: `${pick(rng, ADJECTIVES)} ${noun.toLowerCase()}`,
    priceExclVat,
    vatPercent,
    barCode: ean13(`7350000${String(ordinal).padStart(5, '0')}`),
    buyPrice: round2(priceExclVat * 0.45),
    stockPrice: round2(priceExclVat * 0.45),
    productWeight: intBetween(rng, 100, 5000) / 1000,
    productVolume: intBetween(rng, 1, 200) / 10000,
    stockKeeping: true,
    isMainArticle: false,
    mainArticleNo: '',
    variantValues: '',
    supplierNo: String(intBetween(rng, 100, 105)),
    supplierName: pick(rng, ['Nordiska Grossisten AB', 'Ullfabriken i Borås', 'Kaffehuset Väst']),
    supplierBuyPrice: round2(priceExclVat * 0.45),
    supplierArticleNo: `S-${articleNo}`,
    manufacturingCountryCode: pick(rng, ['SE', 'SE', 'FI', 'DK', 'CN']),
  };
}

export function seedCatalogue(seed: number, sizes: CatalogueSizes): Catalogue {
  const articles: Catalogue['articles'] = [];
  let ordinal = 0;
  for (let i = 1; i <= sizes.simpleArticles; i++)
    articles.push(baseArticle(seed, simpleArticleNo(i), ++ordinal));
  for (let i = 1; i <= sizes.configurables; i++) {
    const main = baseArticle(seed, mainArticleNo(i), ++ordinal);
    main.isMainArticle = true;
    main.stockKeeping = false;
    articles.push(main);
    for (let n = 1; n <= sizes.variantsPerConfigurable; n++) {
      const v = variantValuesFor(n);
      articles.push({
        ...main,
        articleNo: variantArticleNo(i, n),
        name: `${main.name} - ${v.colour} - ${v.size}`,
        barCode: ean13(`7350000${String(++ordinal).padStart(5, '0')}`),
        stockKeeping: true,
        isMainArticle: false,
        mainArticleNo: main.articleNo,
        variantValues: v.text,
        // XL costs a little more, so variant prices are not all equal
        priceExclVat: v.size === 'XL' ? round2(main.priceExclVat + 50) : main.priceExclVat,
        supplierArticleNo: `S-${variantArticleNo(i, n)}`,
      });
    }
  }
  articles.push({
    ...baseArticle(seed, SHIPPING_ARTICLE.articleNo, ++ordinal),
    name: SHIPPING_ARTICLE.name,
    priceExclVat: SHIPPING_ARTICLE.priceExclVat,
    vatPercent: SHIPPING_ARTICLE.vatPercent,
    stockKeeping: false,
    barCode: '',
    productWeight: 0,
    productVolume: 0,
  });

  const siteCount = Math.max(1, sizes.stockSites);
  const stockSites: StockSite[] = [];
  for (let s = 1; s <= siteCount; s++) {
    stockSites.push({ stockSiteId: s, name: STOCK_SITE_NAMES[s - 1] ?? `Lager ${s}`, isDefault: s === 1 });
  }

  const stock: Catalogue['stock'] = [];
  for (const a of articles) {
    if (!a.stockKeeping) continue;
    const rng = rngFor(seed, `stock:${a.articleNo}`);
    for (const site of stockSites) {
      const empty = rng() < 0.1;
      stock.push({
        articleNo: a.articleNo,
        stockSiteId: site.stockSiteId,
        onHand: empty ? 0 : site.isDefault ? intBetween(rng, 5, 100) : intBetween(rng, 0, 20),
      });
    }
  }

  const allLists: PriceList[] = [
    { priceListId: 1, name: 'Återförsäljare', currency: 'SEK', customerGroupId: 2 },
    { priceListId: 2, name: 'Norge', currency: 'NOK', customerGroupId: 3 },
    { priceListId: 3, name: 'Export', currency: 'EUR', customerGroupId: 4 },
  ];
  for (let n = 4; n <= sizes.priceLists; n++) {
    allLists.push({ priceListId: n, name: `Prislista ${n}`, currency: 'SEK', customerGroupId: n + 1 });
  }
  const priceLists = allLists.slice(0, Math.max(0, sizes.priceLists));
  const prices: PriceEntry[] = [];
  for (const list of priceLists) {
    for (const a of articles) {
      if (a.isMainArticle || !a.stockKeeping) continue;
      const p = a.priceExclVat;
      if (list.priceListId === 1) {
        // reseller list with quantity breaks
        prices.push({
          priceListId: 1,
          articleNo: a.articleNo,
          fromQuantity: 1,
          priceExclVat: round2(p * 0.8),
        });
        prices.push({
          priceListId: 1,
          articleNo: a.articleNo,
          fromQuantity: 10,
          priceExclVat: round2(p * 0.75),
        });
      } else if (list.currency === 'NOK') {
        prices.push({
          priceListId: list.priceListId,
          articleNo: a.articleNo,
          fromQuantity: 1,
          priceExclVat: round2(p * 1.02),
        });
      } else if (list.currency === 'EUR') {
        prices.push({
          priceListId: list.priceListId,
          articleNo: a.articleNo,
          fromQuantity: 1,
          priceExclVat: round2(p / 11.5),
        });
      } else {
        prices.push({
          priceListId: list.priceListId,
          articleNo: a.articleNo,
          fromQuantity: 1,
          priceExclVat: round2(p * 0.9),
        });
      }
    }
  }

  const customers: Catalogue['customers'] = [];
  for (let i = 1; i <= sizes.customers; i++) {
    const rng = rngFor(seed, `customer:${i}`);
    const company = i % 2 === 1;
    const first = pick(rng, ['Åsa', 'Örjan', 'Märta', 'Björn', 'Linnéa', 'Göran']);
    const last = pick(rng, ['Ström', 'Åkesson', 'Lindqvist', 'Öberg', 'Håkansson']);
    const city = pick(rng, ['Göteborg', 'Malmö', 'Västerås', 'Umeå', 'Örebro']);
    const fields: Record<string, string> = {
      emailAddress: `kund${i}@example.se`,
      orgNo: company
        ? `556${intBetween(rng, 100, 999)}-${intBetween(rng, 1000, 9999)}`
        : `19${intBetween(rng, 50, 99)}0101-${intBetween(rng, 1000, 9999)}`,
      address: `${pick(rng, ['Storgatan', 'Kungsgatan', 'Älvvägen'])} ${intBetween(rng, 1, 99)}`,
      zipCodeEng: `${intBetween(rng, 100, 999)} ${intBetween(rng, 10, 99)}`,
      city,
      countryCode: 'SE',
      phoneNo: `0${intBetween(rng, 10, 99)}-${intBetween(rng, 100000, 999999)}`,
      currency: 'SEK',
      language: 'SE',
    };
    if (company) {
      fields.name = `${last} ${pick(rng, ['Bygg', 'Handel', 'Konsult'])} AB`;
      fields.contactPerson = `${first} ${last}`;
    } else {
      fields.firstName = first;
      fields.surName = last;
      fields.name = `${first} ${last}`;
    }
    customers.push({
      customerId: 100 + i,
      customerOrganizationalForm: company ? 'C' : 'P',
      fields,
      customerGroupId: i % 3 === 0 ? 2 : DEFAULT_CUSTOMER_GROUP_ID,
    });
  }
  return { articles, stockSites, stock, priceLists, prices, customers };
}
