// Magento order -> domain Order. Magento writes a configurable purchase as two items: the parent
// (product_type configurable, carrying the prices, and — oddly — the chosen variant's SKU) and a
// zero-priced child pointing at it. The domain wants one line per thing bought, so the pair becomes
// one line: prices and item id from the parent (shipments and invoices address the parent item),
// SKU and name from the child.

import { PermanentError } from '../../domain/errors.ts';
import type { Address, Customer, Order, OrderLine, ShippingCharge, ShopId } from '../../domain/types.ts';
import type { MagentoOrder, MagentoOrderAddress, MagentoOrderItem } from './magento-types.ts';
import { fromMagentoDateTime, isBlank, missingField, round } from './map-values.ts';

export interface OrderShopContext {
  shopId: ShopId;
  storeCode: string;
  /** Two-letter language for Specter, from the shop's config. */
  language?: string;
  /**
   * Product id -> SKU of configurable products. Magento puts the variant's SKU on the parent order
   * item, so the configurable's own SKU can only come from the catalogue.
   */
  parentSkuByProductId?: Record<number, string>;
}

/** Product ids of the configurable items, whose SKUs `parentSkuByProductId` should give. */
export function configurableParentProductIds(order: MagentoOrder): number[] {
  const ids = (order.items ?? [])
    .filter((item) => item.product_type === 'configurable' && typeof item.product_id === 'number')
    .map((item) => item.product_id as number);
  return [...new Set(ids)];
}

export function mapMagentoOrder(order: MagentoOrder, shop: OrderShopContext): Order {
  const label = isBlank(order.increment_id)
    ? `Magento order with entity id ${order.entity_id ?? '?'}`
    : `Magento order ${order.increment_id}`;
  const details = { incrementId: order.increment_id, magentoOrderId: order.entity_id };
  const need = <T>(value: T | undefined | null, field: string): T => {
    if (isBlank(value)) throw missingField(label, field, details);
    return value as T;
  };

  const magentoOrderId = need(order.entity_id, 'entity_id');
  const incrementId = need(order.increment_id, 'increment_id');
  const items = need(order.items, 'items');
  if (items.length === 0) throw missingField(label, 'items', details);
  const lines = mapLines(items, shop, need);
  checkLines(label, lines, details);
  const createdAt = fromMagentoDateTime(need(order.created_at, 'created_at'));

  return {
    shopId: shop.shopId,
    magentoOrderId,
    incrementId,
    storeCode: shop.storeCode,
    status: need(order.status, 'status'),
    state: order.state ?? '',
    createdAt,
    updatedAt: order.updated_at ? fromMagentoDateTime(order.updated_at) : createdAt,
    currency: need(order.order_currency_code, 'order_currency_code'),
    customer: mapCustomer(order, shop, need),
    lines,
    shipping: mapShipping(order, lines),
    paymentMethod: need(order.payment?.method, 'payment.method'),
    paymentReference: isBlank(order.payment?.last_trans_id) ? undefined : order.payment?.last_trans_id,
    grandTotalInclVat: need(order.grand_total, 'grand_total'),
    taxTotal: order.tax_amount ?? 0,
  };
}

type Need = <T>(value: T | undefined | null, field: string) => T;

/** More lines than this is not a web order but a mistake or an attack; a person should look at it. */
export const MAX_ORDER_LINES = 1_000;
/** A unit price above this (in the order's currency, incl. VAT) is taken for a typing or import error. */
export const MAX_UNIT_PRICE = 10_000_000;

/**
 * Lines Specter would book wrongly: quantities that are not whole positive numbers (Specter's
 * noOfItems counts items), negative or absurd prices, and orders too long to be real.
 */
function checkLines(label: string, lines: OrderLine[], details: Record<string, unknown>): void {
  const refuse = (message: string, extra: Record<string, unknown>) =>
    new PermanentError(`${label}: ${message}`, { code: 'bad-order-line', details: { ...details, ...extra } });
  if (lines.length > MAX_ORDER_LINES) {
    throw refuse(
      `has ${lines.length} lines; Koppla sends at most ${MAX_ORDER_LINES} lines per order to Specter. Check the order in Magento and enter it in Specter by hand if it is real.`,
      { lines: lines.length },
    );
  }
  for (const line of lines) {
    if (!Number.isInteger(line.qty) || line.qty <= 0) {
      throw refuse(
        `line ${line.sku} has quantity ${line.qty}; Specter takes whole quantities of 1 or more. Correct the order in Magento, then replay it.`,
        { sku: line.sku, qty: line.qty },
      );
    }
    if (!(line.unitPriceExclVat >= 0) || !(line.unitPriceInclVat >= 0)) {
      throw refuse(
        `line ${line.sku} has a negative price (${line.unitPriceInclVat}). Correct the order in Magento, then replay it.`,
        {
          sku: line.sku,
          price: line.unitPriceInclVat,
        },
      );
    }
    if (line.unitPriceInclVat > MAX_UNIT_PRICE) {
      throw refuse(
        `line ${line.sku} has a unit price of ${line.unitPriceInclVat}, above ${MAX_UNIT_PRICE}; that looks like a price error. Check the product's price in Magento, then replay the order.`,
        { sku: line.sku, price: line.unitPriceInclVat },
      );
    }
  }
}

function mapLines(items: MagentoOrderItem[], shop: OrderShopContext, need: Need): OrderLine[] {
  const byId = new Map(items.map((item) => [item.item_id, item]));
  const lines: OrderLine[] = [];
  items.forEach((item, index) => {
    const parentId = item.parent_item_id ?? item.parent_item?.item_id;
    const parent =
      parentId !== undefined && parentId !== null ? (byId.get(parentId) ?? item.parent_item) : undefined;
    // The child of a configurable is folded into its parent's line.
    if (parent?.product_type === 'configurable') return;
    const at = `items[${index}]`;
    if (item.product_type === 'configurable') {
      const child = items.find((other) => other.parent_item_id === item.item_id);
      const sku = need(child?.sku ?? item.sku, `${at}.sku`);
      const parentSku =
        (item.product_id !== undefined ? shop.parentSkuByProductId?.[item.product_id] : undefined) ??
        (item.sku && item.sku !== sku ? item.sku : undefined);
      lines.push(priceLine(item, sku, child?.name ?? item.name, parentSku, at, need));
    } else {
      lines.push(priceLine(item, need(item.sku, `${at}.sku`), item.name, undefined, at, need));
    }
  });
  return lines;
}

/**
 * Money of one line. `discount_amount` is what the row's discount took off the grand total, which is
 * an including-VAT amount whatever the shop's "apply discount on prices" setting is. The row total is
 * before discount, as Magento's row_total_incl_tax: qty x unit price incl. VAT.
 */
function priceLine(
  item: MagentoOrderItem,
  sku: string,
  name: string | undefined,
  parentSku: string | undefined,
  at: string,
  need: Need,
): OrderLine {
  const qty = Number(need(item.qty_ordered, `${at}.qty_ordered`));
  const unitPriceExclVat = Number(need(item.price, `${at}.price`));
  const vatPercent = Number(need(item.tax_percent, `${at}.tax_percent`));
  const unitPriceInclVat = item.price_incl_tax ?? round(unitPriceExclVat * (1 + vatPercent / 100));
  return {
    lineId: need(item.item_id, `${at}.item_id`),
    sku,
    name: name ?? sku,
    qty,
    unitPriceExclVat,
    unitPriceInclVat,
    vatPercent,
    discountInclVat: Math.abs(item.discount_amount ?? 0),
    rowTotalInclVat: item.row_total_incl_tax ?? round(unitPriceInclVat * qty),
    ...(parentSku !== undefined ? { parentSku } : {}),
  };
}

/**
 * Shipping with its VAT rate worked out from shipping_tax_amount / shipping_amount, snapped to a rate
 * the items use (cent rounding makes 25 % look like 24.97 %). A shipping discount is taken off the
 * charge, because the domain has no field for it and line totals must still add up to grand_total.
 */
function mapShipping(order: MagentoOrder, lines: OrderLine[]): ShippingCharge {
  const assignment = order.extension_attributes?.shipping_assignments?.[0]?.shipping;
  const method = assignment?.method ?? '';
  const excl = order.shipping_amount ?? 0;
  const tax = order.shipping_tax_amount ?? 0;
  const incl = order.shipping_incl_tax ?? round(excl + tax);
  const itemRates = [...new Set(lines.map((line) => line.vatPercent))];
  let vatPercent: number;
  if (excl > 0) {
    const raw = (tax / excl) * 100;
    const near = itemRates.find((rate) => Math.abs(rate - raw) < 0.5);
    vatPercent = near ?? round(raw);
  } else {
    // No charge: the main rate of the order, so Specter gets a sensible rate on a zero line.
    vatPercent = itemRates.length > 0 ? Math.max(...itemRates) : 0;
  }
  const discount = Math.abs(order.shipping_discount_amount ?? 0);
  const amountInclVat = round(Math.max(0, incl - discount));
  const amountExclVat = discount > 0 ? round(amountInclVat / (1 + vatPercent / 100)) : excl;
  return {
    method,
    title: order.shipping_description ?? method,
    amountExclVat,
    amountInclVat,
    vatPercent,
  };
}

function mapCustomer(order: MagentoOrder, shop: OrderShopContext, need: Need): Customer {
  const billingSource = need(order.billing_address, 'billing_address');
  const billing = mapAddress(billingSource, 'billing_address', need);
  const shippingSource = order.extension_attributes?.shipping_assignments?.[0]?.shipping?.address;
  const isGuest =
    order.customer_is_guest === true || order.customer_is_guest === 1 || isBlank(order.customer_id);
  const company = billing.company;
  const vatNo = [billingSource.vat_id, order.customer_taxvat].find((v) => !isBlank(v));
  return {
    email: need(order.customer_email ?? billingSource.email, 'customer_email'),
    // Guest orders often leave customer_firstname empty: the billing name is the buyer's name then.
    firstName: isBlank(order.customer_firstname) ? billing.firstName : (order.customer_firstname as string),
    lastName: isBlank(order.customer_lastname) ? billing.lastName : (order.customer_lastname as string),
    isCompany: company !== undefined,
    ...(company !== undefined ? { companyName: company } : {}),
    ...(vatNo !== undefined ? { vatNo } : {}),
    ...(isGuest ? {} : { magentoCustomerId: order.customer_id }),
    ...(order.customer_group_id !== undefined ? { magentoGroupId: order.customer_group_id } : {}),
    billing,
    ...(shippingSource ? { shipping: mapAddress(shippingSource, 'shipping_address', need) } : {}),
    ...(shop.language !== undefined ? { language: shop.language } : {}),
    ...(order.order_currency_code !== undefined ? { currency: order.order_currency_code } : {}),
  };
}

function mapAddress(address: MagentoOrderAddress, at: string, need: Need): Address {
  const street = (address.street ?? []).filter((line) => !isBlank(line));
  if (street.length === 0) need(undefined, `${at}.street`);
  const optional = (key: keyof Address, value: string | undefined) =>
    isBlank(value) ? {} : { [key]: (value as string).trim() };
  return {
    firstName: need(address.firstname, `${at}.firstname`),
    lastName: need(address.lastname, `${at}.lastname`),
    ...optional('company', address.company),
    street,
    // Some countries have no postcodes; Magento then leaves it empty.
    postcode: address.postcode ?? '',
    city: need(address.city, `${at}.city`),
    countryCode: need(address.country_id, `${at}.country_id`),
    ...optional('region', address.region),
    ...optional('phone', address.telephone),
  };
}
