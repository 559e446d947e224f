import { MagentoError } from '../errors.ts';
import { bodyField, type RouteDef, route } from '../route-types.ts';
import { parseSearchCriteria, searchResult } from '../search-criteria.ts';
import type { CustomerGroup, EmulatorState, SpecialPrice, TierPrice } from '../state.ts';

const R = 'Magento_Catalog::products';
const G = 'Magento_Customer::group';

/** One entry of Magento's price-update-result list: failures are reported, valid rows still saved. */
interface PriceUpdateResult {
  message: string;
  parameters: string[];
}

const fail = (message: string, ...parameters: unknown[]): PriceUpdateResult => ({
  message,
  parameters: parameters.map((p) => String(p)),
});

function requireSkus(state: EmulatorState, body: Record<string, unknown>): string[] {
  const skus = bodyField<unknown[]>(body, 'skus').map(String);
  const missing = skus.filter((sku) => !state.products.has(sku));
  if (missing.length > 0)
    throw new MagentoError(404, "Requested products don't exist: %sku", { sku: missing.join(', ') });
  return skus;
}

function storeExists(state: EmulatorState, storeId: number): boolean {
  return storeId === 0 || state.views.some((v) => v.id === storeId);
}

export function findGroup(state: EmulatorState, code: string): CustomerGroup | undefined {
  return state.customerGroups.find((g) => g.code.toLowerCase() === code.toLowerCase());
}

const ROW = 'Row ID: SKU = %SKU, Website ID: %websiteId, Customer Group: %customerGroup, Quantity: %qty.';

function validateTierPrices(
  state: EmulatorState,
  raw: Record<string, unknown>[],
): { valid: TierPrice[]; errors: PriceUpdateResult[] } {
  const valid: TierPrice[] = [];
  const errors: PriceUpdateResult[] = [];
  for (const p of raw) {
    const row = [p.sku, p.website_id, p.customer_group, p.quantity];
    const before = errors.length;
    if (typeof p.sku !== 'string' || !state.products.has(p.sku))
      errors.push(fail(`Invalid attribute SKU = %SKU. ${ROW}`, ...row));
    const price = Number(p.price);
    if (!Number.isFinite(price) || price < 0 || (p.price_type === 'discount' && price > 100))
      errors.push(fail(`Invalid attribute Price = %price. ${ROW}`, p.price, ...row));
    if (p.price_type !== 'fixed' && p.price_type !== 'discount')
      errors.push(fail(`Invalid attribute Price Type = %priceType. ${ROW}`, p.price_type, ...row));
    const qty = Number(p.quantity);
    if (!Number.isFinite(qty) || qty <= 0)
      errors.push(fail(`Invalid attribute Quantity = %qty. ${ROW}`, p.quantity, ...row));
    const websiteId = Number(p.website_id);
    if (!(websiteId === 0 || state.websites.some((w) => w.website_id === websiteId)))
      errors.push(fail(`Invalid attribute Website ID = %websiteId. ${ROW}`, p.website_id, ...row));
    const group = String(p.customer_group ?? '');
    if (!(group.toLowerCase() === 'all groups' || findGroup(state, group)))
      errors.push(fail(`No such entity with Customer Group = %customerGroup. ${ROW}`, group, ...row));
    if (errors.length === before) {
      valid.push({
        sku: p.sku as string,
        price,
        price_type: p.price_type as TierPrice['price_type'],
        website_id: websiteId,
        customer_group:
          group.toLowerCase() === 'all groups' ? 'ALL GROUPS' : (findGroup(state, group)?.code ?? group),
        quantity: qty,
      });
    }
  }
  return { valid, errors };
}

const sameTier = (a: TierPrice, b: TierPrice): boolean =>
  a.sku === b.sku &&
  a.website_id === b.website_id &&
  a.customer_group.toLowerCase() === b.customer_group.toLowerCase() &&
  a.quantity === b.quantity;

function touchSkus(state: EmulatorState, skus: Iterable<string>): void {
  const now = state.clock.timestamp();
  for (const sku of skus) {
    const product = state.products.get(sku);
    if (product) product.updated_at = now;
  }
}

const SPECIAL_ROW = 'Row ID: SKU = %SKU, Store ID: %storeId, Price From: %priceFrom, Price To: %priceTo.';

function validateSpecialPrices(
  state: EmulatorState,
  raw: Record<string, unknown>[],
): { valid: SpecialPrice[]; errors: PriceUpdateResult[] } {
  const valid: SpecialPrice[] = [];
  const errors: PriceUpdateResult[] = [];
  for (const p of raw) {
    const row = [p.sku, p.store_id, p.price_from ?? '', p.price_to ?? ''];
    const before = errors.length;
    if (typeof p.sku !== 'string' || !state.products.has(p.sku))
      errors.push(
        fail(
          `The product that was requested doesn't exist. Verify the product and try again. ${SPECIAL_ROW}`,
          ...row,
        ),
      );
    const price = Number(p.price);
    if (!Number.isFinite(price) || price < 0)
      errors.push(fail(`Invalid attribute Price = %price. ${SPECIAL_ROW}`, p.price, ...row));
    if (!storeExists(state, Number(p.store_id ?? 0)))
      errors.push(fail(`Requested store is not found. ${SPECIAL_ROW}`, ...row));
    if (errors.length === before) {
      valid.push({
        sku: p.sku as string,
        price,
        store_id: Number(p.store_id ?? 0),
        price_from: String(p.price_from ?? ''),
        price_to: String(p.price_to ?? ''),
      });
    }
  }
  return { valid, errors };
}

const sameSpecial = (a: SpecialPrice, b: SpecialPrice): boolean =>
  a.sku === b.sku && a.store_id === b.store_id && a.price_from === b.price_from && a.price_to === b.price_to;

export const priceRoutes: RouteDef[] = [
  route('POST', '/V1/products/base-prices', R, ({ state, body }) => {
    const errors: PriceUpdateResult[] = [];
    const prices = bodyField<Record<string, unknown>[]>(body, 'prices');
    for (const p of prices) {
      const before = errors.length;
      const sku = String(p.sku ?? '');
      if (!state.products.has(sku))
        errors.push(fail('Invalid attribute %fieldName = %fieldValue.', 'SKU', sku));
      const price = Number(p.price);
      if (p.price === undefined || !Number.isFinite(price) || price < 0)
        errors.push(fail('Invalid attribute %fieldName = %fieldValue.', 'Price', p.price));
      const storeId = Number(p.store_id ?? 0);
      if (!storeExists(state, storeId))
        errors.push(
          fail(`Requested store is not found. Row ID: SKU = ${sku}, Store ID: ${storeId}.`, sku, storeId),
        );
      if (errors.length === before) {
        // Price scope is global in a default installation: a store-level price sets the one price.
        const product = state.products.get(sku);
        if (product) product.price = price;
        touchSkus(state, [sku]);
      }
    }
    return errors;
  }),
  route('POST', '/V1/products/base-prices-information', R, ({ state, body }) =>
    requireSkus(state, body).map((sku) => ({ price: state.products.get(sku)?.price ?? 0, store_id: 0, sku })),
  ),

  route('POST', '/V1/products/tier-prices', R, ({ state, body }) => {
    const { valid, errors } = validateTierPrices(state, bodyField(body, 'prices'));
    for (const price of valid) {
      state.tierPrices = state.tierPrices.filter((t) => !sameTier(t, price));
      state.tierPrices.push(price);
    }
    touchSkus(state, new Set(valid.map((p) => p.sku)));
    return errors;
  }),
  route('PUT', '/V1/products/tier-prices', R, ({ state, body }) => {
    const { valid, errors } = validateTierPrices(state, bodyField(body, 'prices'));
    // Replace: every tier price of the SKUs named in the request goes, then the valid ones are saved.
    const skus = new Set(valid.map((p) => p.sku));
    state.tierPrices = state.tierPrices.filter((t) => !skus.has(t.sku));
    for (const price of valid) {
      state.tierPrices = state.tierPrices.filter((t) => !sameTier(t, price));
      state.tierPrices.push(price);
    }
    touchSkus(state, skus);
    return errors;
  }),
  route('POST', '/V1/products/tier-prices-information', R, ({ state, body }) => {
    const skus = new Set(requireSkus(state, body));
    return state.tierPrices.filter((t) => skus.has(t.sku)).map((t) => ({ ...t }));
  }),
  route('POST', '/V1/products/tier-prices-delete', R, ({ state, body }) => {
    const { valid, errors } = validateTierPrices(state, bodyField(body, 'prices'));
    for (const price of valid) state.tierPrices = state.tierPrices.filter((t) => !sameTier(t, price));
    touchSkus(state, new Set(valid.map((p) => p.sku)));
    return errors;
  }),

  route('POST', '/V1/products/special-price', R, ({ state, body }) => {
    const { valid, errors } = validateSpecialPrices(state, bodyField(body, 'prices'));
    for (const price of valid) {
      state.specialPrices = state.specialPrices.filter((s) => !sameSpecial(s, price));
      state.specialPrices.push(price);
    }
    touchSkus(state, new Set(valid.map((p) => p.sku)));
    return errors;
  }),
  route('POST', '/V1/products/special-price-information', R, ({ state, body }) => {
    const skus = new Set(requireSkus(state, body));
    return state.specialPrices.filter((s) => skus.has(s.sku)).map((s) => ({ ...s }));
  }),
  route('POST', '/V1/products/special-price-delete', R, ({ state, body }) => {
    const { valid, errors } = validateSpecialPrices(state, bodyField(body, 'prices'));
    for (const price of valid)
      state.specialPrices = state.specialPrices.filter((s) => !sameSpecial(s, price));
    touchSkus(state, new Set(valid.map((p) => p.sku)));
    return errors;
  }),

  route('GET', '/V1/customerGroups/search', G, ({ state, query }) =>
    searchResult(
      state.customerGroups,
      (g) => ({ ...g }),
      parseSearchCriteria(query),
      (g) => ({ ...g }),
    ),
  ),
  route('GET', '/V1/customerGroups/{id}', G, ({ state, params }) => {
    const group = state.customerGroups.find((g) => g.id === Number(params.id));
    if (!group)
      throw new MagentoError(404, 'No such entity with %fieldName = %fieldValue', {
        fieldName: 'id',
        fieldValue: params.id,
      });
    return { ...group };
  }),
];

/** Non-core route of a customer-group-price module; served only when the option enables it. */
export const customerGroupPriceRoutes: RouteDef[] = [
  route('POST', '/V1/koppla-ext/customer-group-prices', R, ({ state, body }) => {
    const prices = bodyField<Record<string, unknown>[]>(body, 'prices');
    const errors: PriceUpdateResult[] = [];
    for (const p of prices) {
      const sku = String(p.sku ?? '');
      const websiteId = Number(p.website_id ?? 0);
      const groupId = Number(p.customer_group_id);
      const price = Number(p.price);
      if (!state.products.has(sku))
        errors.push(fail('Invalid attribute %fieldName = %fieldValue.', 'SKU', sku));
      else if (!(websiteId === 0 || state.websites.some((w) => w.website_id === websiteId)))
        errors.push(fail('Invalid attribute %fieldName = %fieldValue.', 'website_id', websiteId));
      else if (!state.customerGroups.some((g) => g.id === groupId))
        errors.push(
          fail('Invalid attribute %fieldName = %fieldValue.', 'customer_group_id', p.customer_group_id),
        );
      else if (!Number.isFinite(price) || price < 0)
        errors.push(fail('Invalid attribute %fieldName = %fieldValue.', 'price', p.price));
      else {
        state.groupPrices = state.groupPrices.filter(
          (g) => !(g.sku === sku && g.website_id === websiteId && g.customer_group_id === groupId),
        );
        state.groupPrices.push({ sku, website_id: websiteId, customer_group_id: groupId, price });
        touchSkus(state, [sku]);
      }
    }
    return errors;
  }),
  route('GET', '/V1/koppla-ext/customer-group-prices/{sku}', R, ({ state, params }) => {
    if (!state.products.has(params.sku as string))
      throw new MagentoError(
        404,
        "The product that was requested doesn't exist. Verify the product and try again.",
      );
    return state.groupPrices.filter((g) => g.sku === params.sku).map((g) => ({ ...g }));
  }),
];
