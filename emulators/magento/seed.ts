import { Clock, formatMagentoTime } from './clock.ts';
import { applyLayout, seededLayout } from './domain/layout.ts';
import { createOrder, type OrderInput } from './domain/orders.ts';
import { rememberSku } from './domain/sku-index.ts';
import { salableQuantities, upsertSourceItem } from './domain/stock.ts';
import { createRng, deriveSeed, type Rng } from './rng.ts';
import type { EmulatorState, ProductRecord } from './state.ts';

export interface SeedSizes {
  simpleArticles?: number;
  configurables?: number;
  variantsPerConfigurable?: number;
  orders?: number;
  storeViews?: number;
}

const ADJECTIVES = [
  'Mjuk',
  'Varm',
  'Lätt',
  'Stark',
  'Härlig',
  'Färgglad',
  'Klassisk',
  'Rökig',
  'Söt',
  'Tålig',
  'Skön',
  'Ödmjuk',
  'Glänsande',
  'Grövre',
];
const NOUNS = [
  'tröja',
  'mössa',
  'kökshandduk',
  'vante',
  'kaffekopp',
  'ryggsäck',
  'ljuslykta',
  'skärbräda',
  'halsduk',
  'strumpa',
  'örngott',
  'väska',
  'pläd',
  'förklä',
];
const PLACES = [
  'Åre',
  'Malmö',
  'Göteborg',
  'Luleå',
  'Ystad',
  'Söderhamn',
  'Växjö',
  'Örebro',
  'Kiruna',
  'Gävle',
  'Västerås',
  'Trollhättan',
];
export const COLORS = ['Svart', 'Vit', 'Röd', 'Blå', 'Grön', 'Gul', 'Grå', 'Rosa'];
export const SIZES = ['XS', 'S', 'M', 'L', 'XL', 'XXL'];
const FIRST_NAMES = [
  'Åsa',
  'Björn',
  'Märta',
  'Göran',
  'Linnéa',
  'Örjan',
  'Karin',
  'Håkan',
  'Sofia',
  'Jönsson',
];
const LAST_NAMES = [
  'Andersson',
  'Öberg',
  'Lindqvist',
  'Åkesson',
  'Sjöberg',
  'Nilsson',
  'Bäckström',
  'Holmén',
];
const PAYMENT_METHODS = ['klarna_kp', 'nets_easy', 'svea_checkout', 'walley_checkout', 'checkmo'];

/** Seeded rows date from here on, an hour apart, so two runs with one seed produce identical data. */
const SEED_EPOCH = Date.UTC(2024, 0, 1, 8, 0, 0);
const seedTime = (step: number): string => formatMagentoTime(new Date(SEED_EPOCH + step * 3_600_000));

export function createEmptyState(
  seed: number,
  admin: { user: string; password: string },
  customerGroupPrices: boolean,
): EmulatorState {
  return {
    seed,
    clock: new Clock(),
    rng: {
      data: createRng(deriveSeed(seed, 'data')),
      faults: createRng(deriveSeed(seed, 'faults')),
      orders: createRng(deriveSeed(seed, 'orders')),
    },
    admin,
    tokens: new Set(),
    websites: [],
    groups: [],
    views: [],
    attributes: new Map([
      [
        'color',
        {
          attribute_id: 93,
          attribute_code: 'color',
          label: 'Färg',
          options: COLORS.map((label, i) => ({ value: String(4 + i), label })),
          nextOptionId: 4 + COLORS.length,
        },
      ],
      [
        'size',
        {
          attribute_id: 144,
          attribute_code: 'size',
          label: 'Storlek',
          options: SIZES.map((label, i) => ({ value: String(20 + i), label })),
          nextOptionId: 20 + SIZES.length,
        },
      ],
    ]),
    products: new Map(),
    productIds: new Map(),
    nextProductId: 1,
    customerGroups: [
      { id: 0, code: 'NOT LOGGED IN', tax_class_id: 3, tax_class_name: 'Retail Customer' },
      { id: 1, code: 'General', tax_class_id: 3, tax_class_name: 'Retail Customer' },
      { id: 2, code: 'Wholesale', tax_class_id: 3, tax_class_name: 'Retail Customer' },
      { id: 3, code: 'Retailer', tax_class_id: 3, tax_class_name: 'Retail Customer' },
    ],
    sources: [
      { source_code: 'default', name: 'Default Source', enabled: true, country_id: 'SE', postcode: '111 22' },
    ],
    stocks: [{ stock_id: 1, name: 'Default Stock', sourceCodes: ['default'], salesChannels: [] }],
    sourceItems: new Map(),
    tierPrices: [],
    specialPrices: [],
    groupPrices: [],
    orders: new Map(),
    shipments: new Map(),
    invoices: new Map(),
    captures: [],
    sequences: new Map(),
    nextIds: { order: 1, item: 1, address: 1, history: 1, shipment: 1, invoice: 1, sub: 1 },
    bulks: new Map(),
    extensions: { customerGroupPrices },
  };
}

const pad = (n: number): string => String(n).padStart(5, '0');

function swedishName(rng: Rng): string {
  return `${rng.pick(ADJECTIVES)} ${rng.pick(NOUNS)} ${rng.pick(PLACES)}`;
}

/** A price incl. VAT the way shops set them: whole kronor ending in 9 or 0. */
function shopPrice(rng: Rng): number {
  return rng.int(4, 199) * 10 - rng.pick([0, 1, 1]);
}

function taxClass(rng: Rng): string {
  const r = rng.next();
  return r < 0.8 ? '2' : r < 0.9 ? '10' : '11';
}

function addProduct(
  state: EmulatorState,
  partial: Omit<ProductRecord, 'id' | 'overrides' | 'configurableOptions' | 'childIds' | 'attribute_set_id'>,
): ProductRecord {
  const product: ProductRecord = {
    ...partial,
    id: state.nextProductId++,
    attribute_set_id: 4,
    overrides: new Map(),
    configurableOptions: [],
    childIds: [],
  };
  state.products.set(product.sku, product);
  rememberSku(state.products, product.sku);
  state.productIds.set(product.id, product.sku);
  return product;
}

function stockQuantity(rng: Rng): number {
  return rng.chance(0.1) ? 0 : rng.int(1, 120);
}

export function seedState(state: EmulatorState, sizes: SeedSizes): void {
  applyLayout(state, seededLayout(Math.max(1, sizes.storeViews ?? 1)));
  const rng = state.rng.data;
  const allWebsites = state.websites.map((w) => w.website_id);
  let step = 0;
  for (let n = 1; n <= (sizes.simpleArticles ?? 0); n++) {
    const sku = `ART-${pad(n)}`;
    const time = seedTime(step++);
    addProduct(state, {
      sku,
      type_id: 'simple',
      price: shopPrice(rng),
      weight: rng.int(1, 50) / 10,
      created_at: time,
      updated_at: time,
      website_ids: [...allWebsites],
      values: {
        name: swedishName(rng),
        status: 1,
        visibility: 4,
        tax_class_id: taxClass(rng),
        url_key: sku.toLowerCase(),
        description: 'Tillverkad i Sverige av hållbart material.',
      },
    });
    upsertSourceItem(state, sku, 'default', stockQuantity(rng));
  }
  const color = state.attributes.get('color');
  const size = state.attributes.get('size');
  const variants = Math.min(sizes.variantsPerConfigurable ?? 0, COLORS.length * SIZES.length);
  for (let n = 1; n <= (sizes.configurables ?? 0); n++) {
    const sku = `CFG-${pad(n)}`;
    const time = seedTime(step++);
    const name = swedishName(rng);
    const price = shopPrice(rng);
    const tax = taxClass(rng);
    const parent = addProduct(state, {
      sku,
      type_id: 'configurable',
      price: 0,
      created_at: time,
      updated_at: time,
      website_ids: [...allWebsites],
      values: { name, status: 1, visibility: 4, tax_class_id: tax, url_key: sku.toLowerCase() },
    });
    const colorStart = rng.int(0, COLORS.length - 1);
    const sizeStart = rng.int(0, SIZES.length - 1);
    const usedColors = new Set<string>();
    const usedSizes = new Set<string>();
    for (let v = 1; v <= variants; v++) {
      const k = v - 1;
      const c = color?.options[(colorStart + k) % COLORS.length];
      const s = size?.options[(sizeStart + Math.floor(k / COLORS.length)) % SIZES.length];
      if (!c || !s) continue;
      usedColors.add(c.value);
      usedSizes.add(s.value);
      const child = addProduct(state, {
        sku: `${sku}-${v}`,
        type_id: 'simple',
        price,
        weight: 0.5,
        created_at: time,
        updated_at: time,
        website_ids: [...allWebsites],
        values: {
          name: `${name} ${c.label} ${s.label}`,
          status: 1,
          visibility: 1,
          tax_class_id: tax,
          color: c.value,
          size: s.value,
          url_key: `${sku}-${v}`.toLowerCase(),
        },
      });
      upsertSourceItem(state, child.sku, 'default', stockQuantity(rng));
      parent.childIds.push(child.id);
    }
    if (variants > 0 && color && size) {
      parent.configurableOptions = [
        {
          id: state.nextIds.sub++,
          attribute_id: String(color.attribute_id),
          label: color.label,
          position: 0,
          is_use_default: true,
          values: [...usedColors].map((v) => ({ value_index: Number(v) })),
          product_id: parent.id,
        },
        {
          id: state.nextIds.sub++,
          attribute_id: String(size.attribute_id),
          label: size.label,
          position: 1,
          is_use_default: true,
          values: [...usedSizes].map((v) => ({ value_index: Number(v) })),
          product_id: parent.id,
        },
      ];
    }
  }
  placeRandomOrders(state, sizes.orders ?? 0, undefined, state.rng.data, (i) => seedTime(step + i));
}

/** Places orders of random in-stock products; deterministic for a given rng state. Returns the orders placed. */
export function placeRandomOrders(
  state: EmulatorState,
  count: number,
  storeCode: string | undefined,
  rng: Rng,
  timeOf?: (i: number) => string,
) {
  const placed = [];
  for (let i = 0; i < count; i++) {
    // One pass over the orders per placement (not one per product): the benchmarks place thousands.
    const salable = salableQuantities(state, 1);
    const candidates = [...state.products.values()].filter((p) => (salable.get(p.sku) ?? 0) > 0);
    if (candidates.length === 0) break;
    const view = storeCode ? state.views.find((v) => v.code === storeCode) : rng.pick(state.views);
    if (!view) break;
    const lines = new Map<string, number>();
    const lineCount = rng.int(1, Math.min(3, candidates.length));
    for (let l = 0; l < lineCount; l++) {
      const product = rng.pick(candidates);
      const already = lines.get(product.sku) ?? 0;
      if ((salable.get(product.sku) ?? 0) > already) lines.set(product.sku, already + 1);
    }
    const firstname = rng.pick(FIRST_NAMES);
    const lastname = rng.pick(LAST_NAMES);
    const isGuest = rng.chance(0.3);
    const freeShipping = rng.chance(0.2);
    const input: OrderInput = {
      storeCode: view.code,
      customer: {
        email: `${firstname}.${lastname}.${state.orders.size + 1}@example.se`
          .toLowerCase()
          .normalize('NFD')
          .replace(/[\u0300-\u036f]/g, ''),
        firstname,
        lastname,
        isGuest,
      },
      billingAddress: {
        street: [`${rng.pick(['Storgatan', 'Drottninggatan', 'Kungsvägen', 'Åsgränd'])} ${rng.int(1, 80)}`],
        city: rng.pick(PLACES),
        postcode: `${rng.int(100, 999)} ${rng.int(10, 99)}`,
        countryId: view.currency === 'NOK' ? 'NO' : 'SE',
        telephone: `07${rng.int(10000000, 99999999)}`,
      },
      items: [...lines].map(([sku, qty]) => ({ sku, qty })),
      paymentMethod: rng.pick(PAYMENT_METHODS),
      shippingMethod: freeShipping ? 'freeshipping_freeshipping' : 'postnord_standard',
      shippingAmountInclTax: freeShipping ? 0 : 49,
      ...(timeOf ? { createdAt: timeOf(i) } : {}),
    };
    placed.push(createOrder(state, input));
  }
  return placed;
}
