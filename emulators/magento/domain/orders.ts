import { MagentoError } from '../errors.ts';
import type { Address, EmulatorState, OrderItem, OrderRecord, ProductRecord } from '../state.ts';
import { nextId } from '../state.ts';
import { round2, SHIPPING_TAX_RATE, taxRateOf } from './money.ts';
import { lineTotals, orderTotals } from './order-totals.ts';
import { attributeValue } from './products.ts';
import { salableQuantity } from './stock.ts';

/** Payment methods that capture online (with the PSP) when an invoice is created with capture. */
export const ONLINE_METHODS = new Set([
  'klarna_kp',
  'dibs_easycheckout',
  'nets_easy',
  'dibs',
  'svea_checkout',
  'svea',
  'walley_checkout',
  'walley',
  'collectorcheckout',
]);

export const DEFAULT_STATUS: Record<string, string> = {
  new: 'pending',
  processing: 'processing',
  complete: 'complete',
  canceled: 'canceled',
  closed: 'closed',
  holded: 'holded',
};

/**
 * Increment ids come from one sequence per entity type and store: the prefix is the store id except
 * for the default store created at install, formatted as %s%'.09d (Magento_SalesSequence).
 */
export function nextIncrementId(
  state: EmulatorState,
  entity: 'order' | 'invoice' | 'shipment',
  storeId: number,
): string {
  const key = `${entity}:${storeId}`;
  const value = (state.sequences.get(key) ?? 0) + 1;
  state.sequences.set(key, value);
  const prefix = storeId === 1 ? '' : String(storeId);
  return `${prefix}${String(value).padStart(9, '0')}`;
}

export interface AddressInput {
  firstname?: string;
  lastname?: string;
  street?: string | string[];
  city?: string;
  postcode?: string;
  countryId?: string;
  country_id?: string;
  telephone?: string;
  email?: string;
  company?: string;
}
export interface OrderInput {
  storeCode?: string;
  customer: {
    email: string;
    firstname: string;
    lastname: string;
    isGuest?: boolean;
    groupId?: number;
    id?: number;
  };
  billingAddress: AddressInput;
  shippingAddress?: AddressInput;
  items: { sku: string; qty: number }[];
  paymentMethod: string;
  shippingMethod: string;
  shippingAmountInclTax: number;
  couponDiscountPercent?: number;
  createdAt?: string;
}

function toAddress(
  state: EmulatorState,
  input: AddressInput,
  type: 'billing' | 'shipping',
  orderId: number,
  fallback: OrderInput['customer'],
): Address {
  const street = Array.isArray(input.street) ? input.street : [input.street ?? 'Storgatan 1'];
  return {
    entity_id: nextId(state, 'address'),
    parent_id: orderId,
    address_type: type,
    firstname: input.firstname ?? fallback.firstname,
    lastname: input.lastname ?? fallback.lastname,
    street,
    city: input.city ?? 'Stockholm',
    postcode: input.postcode ?? '111 22',
    country_id: input.countryId ?? input.country_id ?? 'SE',
    telephone: input.telephone ?? '0700000000',
    email: input.email ?? fallback.email,
    ...(input.company ? { company: input.company } : {}),
  };
}

function isActiveOn(from: string, to: string, day: string): boolean {
  return (from === '' || from.slice(0, 10) <= day) && (to === '' || to.slice(0, 10) >= day);
}

/** Final unit price incl. tax: the lowest of base, active special price and matching tier prices. */
export function unitPrice(
  state: EmulatorState,
  product: ProductRecord,
  qty: number,
  storeId: number,
  websiteId: number,
  groupId: number,
): number {
  let price = product.price;
  const day = state.clock.timestamp().slice(0, 10);
  for (const special of state.specialPrices) {
    if (
      special.sku === product.sku &&
      (special.store_id === 0 || special.store_id === storeId) &&
      isActiveOn(special.price_from, special.price_to, day)
    ) {
      price = Math.min(price, special.price);
    }
  }
  const groupCode = state.customerGroups.find((g) => g.id === groupId)?.code.toLowerCase();
  for (const tier of state.tierPrices) {
    const group = tier.customer_group.toLowerCase();
    if (
      tier.sku !== product.sku ||
      tier.quantity > qty ||
      (tier.website_id !== 0 && tier.website_id !== websiteId)
    )
      continue;
    if (group !== 'all groups' && group !== groupCode) continue;
    price = Math.min(
      price,
      tier.price_type === 'fixed' ? tier.price : round2(product.price * (1 - tier.price / 100)),
    );
  }
  return price;
}

function parentOf(state: EmulatorState, product: ProductRecord): ProductRecord | undefined {
  for (const candidate of state.products.values())
    if (candidate.type_id === 'configurable' && candidate.childIds.includes(product.id)) return candidate;
  return undefined;
}

function blankItem(
  state: EmulatorState,
  orderId: number,
  storeId: number,
  now: string,
): Omit<OrderItem, 'product_id' | 'sku' | 'name' | 'product_type' | 'qty_ordered'> {
  return {
    item_id: nextId(state, 'item'),
    order_id: orderId,
    qty_invoiced: 0,
    qty_shipped: 0,
    qty_canceled: 0,
    qty_refunded: 0,
    price: 0,
    base_price: 0,
    original_price: 0,
    price_incl_tax: 0,
    base_price_incl_tax: 0,
    row_total: 0,
    base_row_total: 0,
    row_total_incl_tax: 0,
    base_row_total_incl_tax: 0,
    tax_percent: 0,
    tax_amount: 0,
    base_tax_amount: 0,
    discount_amount: 0,
    base_discount_amount: 0,
    discount_percent: 0,
    discount_tax_compensation_amount: 0,
    row_invoiced: 0,
    tax_invoiced: 0,
    weight: 0,
    row_weight: 0,
    is_virtual: 0,
    store_id: storeId,
    created_at: now,
    updated_at: now,
  };
}

export function createOrder(state: EmulatorState, input: OrderInput): OrderRecord {
  const view = input.storeCode ? state.views.find((v) => v.code === input.storeCode) : state.views[0];
  if (!view)
    throw new MagentoError(400, "The store that was requested wasn't found. Verify the store and try again.");
  if (!input.items?.length) throw new MagentoError(400, 'The order has no items.');
  if (!input.customer?.email)
    throw new MagentoError(400, '"%fieldName" is required. Enter and try again.', {
      fieldName: 'customer.email',
    });
  const website = state.websites.find((w) => w.website_id === view.website_id);
  const now = input.createdAt ?? state.clock.timestamp();
  const orderId = nextId(state, 'order');
  const groupId = input.customer.isGuest ? 0 : (input.customer.groupId ?? 1);
  const discountPercent = input.couponDiscountPercent ?? 0;
  const items: OrderItem[] = [];
  const lines = [];
  const wanted = new Map<string, number>();
  for (const line of input.items) {
    const product = state.products.get(line.sku);
    if (!product)
      throw new MagentoError(
        400,
        "The product that was requested doesn't exist. Verify the product and try again.",
      );
    if (product.type_id === 'configurable')
      throw new MagentoError(400, 'You need to choose options for your item.');
    if (!(line.qty > 0)) throw new MagentoError(400, 'The fewest you may purchase is %1.', ['1']);
    if (!product.website_ids.includes(view.website_id))
      throw new MagentoError(400, 'Product that you are trying to add is not available.');
    wanted.set(product.sku, (wanted.get(product.sku) ?? 0) + line.qty);
    if (
      product.type_id !== 'virtual' &&
      salableQuantity(state, product.sku, 1) < (wanted.get(product.sku) ?? 0)
    ) {
      throw new MagentoError(400, 'The requested qty is not available');
    }
    const parent = parentOf(state, product);
    const priced = parent ?? product;
    const unit = unitPrice(state, product, line.qty, view.id, view.website_id, groupId);
    const totals = lineTotals(
      {
        unitPriceInclTax: unit,
        qty: line.qty,
        taxPercent: taxRateOf(
          attributeValue(product, 'tax_class_id', 0) ?? attributeValue(priced, 'tax_class_id', 0),
        ),
      },
      discountPercent,
    );
    lines.push(totals);
    const amounts = {
      price: totals.price,
      base_price: totals.price,
      original_price: round2(product.price / (1 + totals.tax_percent / 100)),
      price_incl_tax: totals.price_incl_tax,
      base_price_incl_tax: totals.price_incl_tax,
      row_total: totals.row_total,
      base_row_total: totals.row_total,
      row_total_incl_tax: totals.row_total_incl_tax,
      base_row_total_incl_tax: totals.row_total_incl_tax,
      tax_percent: totals.tax_percent,
      tax_amount: totals.tax_amount,
      base_tax_amount: totals.tax_amount,
      discount_amount: totals.discount_amount,
      base_discount_amount: totals.discount_amount,
      discount_percent: totals.discount_percent,
      discount_tax_compensation_amount: totals.discount_tax_compensation_amount,
    };
    const weight = product.weight ?? 0;
    const common = {
      qty_ordered: line.qty,
      weight,
      row_weight: round2(weight * line.qty),
      is_virtual: product.type_id === 'virtual' ? 1 : 0,
    };
    const name = String(attributeValue(product, 'name', view.id) ?? product.sku);
    if (parent) {
      // A configurable line is a parent row carrying the amounts (with the child's sku) plus a child row.
      const parentItem: OrderItem = {
        ...blankItem(state, orderId, view.id, now),
        ...amounts,
        ...common,
        product_id: parent.id,
        sku: product.sku,
        name: String(attributeValue(parent, 'name', view.id) ?? parent.sku),
        product_type: 'configurable',
        product_options: { info_buyRequest: { qty: line.qty }, simple_sku: product.sku, simple_name: name },
      };
      items.push(parentItem);
      items.push({
        ...blankItem(state, orderId, view.id, now),
        ...common,
        parent_item_id: parentItem.item_id,
        product_id: product.id,
        sku: product.sku,
        name,
        product_type: product.type_id,
      });
    } else {
      items.push({
        ...blankItem(state, orderId, view.id, now),
        ...amounts,
        ...common,
        product_id: product.id,
        sku: product.sku,
        name,
        product_type: product.type_id,
      });
    }
  }
  const isVirtual = items.every((i) => i.is_virtual === 1);
  const totals = orderTotals(lines, isVirtual ? 0 : input.shippingAmountInclTax, SHIPPING_TAX_RATE);
  const billing = toAddress(state, input.billingAddress ?? {}, 'billing', orderId, input.customer);
  const shipping = isVirtual
    ? undefined
    : toAddress(
        state,
        input.shippingAddress ?? input.billingAddress ?? {},
        'shipping',
        orderId,
        input.customer,
      );
  const order: OrderRecord = {
    entity_id: orderId,
    increment_id: nextIncrementId(state, 'order', view.id),
    state: 'new',
    status: 'pending',
    store_id: view.id,
    created_at: now,
    updated_at: now,
    customer_email: input.customer.email,
    customer_firstname: input.customer.firstname,
    customer_lastname: input.customer.lastname,
    customer_is_guest: input.customer.isGuest ? 1 : 0,
    customer_group_id: groupId,
    ...(input.customer.isGuest ? {} : { customer_id: input.customer.id ?? 1000 + orderId }),
    items,
    billing_address: billing,
    ...(shipping ? { shipping_address: shipping } : {}),
    shipping_method: input.shippingMethod,
    shipping_description: shippingDescription(input.shippingMethod),
    payment: {
      entity_id: orderId,
      parent_id: orderId,
      method: input.paymentMethod,
      additional_information: [paymentTitle(input.paymentMethod)],
      amount_ordered: totals.grand_total,
    },
    order_currency_code: view.currency,
    base_currency_code: website?.base_currency ?? view.currency,
    ...totals,
    total_invoiced: 0,
    total_paid: 0,
    total_canceled: 0,
    shipping_invoiced: 0,
    ...(discountPercent > 0 ? { coupon_code: `RABATT${discountPercent}` } : {}),
    status_histories: [],
  };
  state.orders.set(orderId, order);
  return order;
}

function shippingDescription(method: string): string {
  const known: Record<string, string> = {
    flatrate_flatrate: 'Flat Rate - Fixed',
    freeshipping_freeshipping: 'Free Shipping - Free',
    postnord_standard: 'PostNord - MyPack Collect',
    dhl_parcel: 'DHL - Parcel',
    instore_pickup: 'In-Store Pickup Delivery - Pick in Store',
  };
  return known[method] ?? method;
}

function paymentTitle(method: string): string {
  const known: Record<string, string> = {
    klarna_kp: 'Klarna',
    nets_easy: 'Nets Easy',
    dibs_easycheckout: 'Nets Easy',
    svea_checkout: 'Svea Checkout',
    walley_checkout: 'Walley Checkout',
    checkmo: 'Check / Money order',
    banktransfer: 'Bank Transfer Payment',
    purchaseorder: 'Purchase Order',
    free: 'No Payment Information Required',
  };
  return known[method] ?? method;
}

export function getOrder(state: EmulatorState, id: number): OrderRecord {
  const order = state.orders.get(id);
  if (!order)
    throw new MagentoError(
      404,
      "The entity that was requested doesn't exist. Verify the entity and try again.",
    );
  return order;
}

export const topLevelItems = (order: OrderRecord): OrderItem[] =>
  order.items.filter((i) => i.parent_item_id === undefined);

/** Moves state (and the status that goes with it) the way Magento's order state check does. */
export function refreshState(order: OrderRecord): void {
  if (order.state === 'canceled' || order.state === 'closed') return;
  const lines = topLevelItems(order);
  const open = (i: OrderItem) => i.qty_ordered - i.qty_canceled;
  const allInvoiced = lines.every((i) => i.qty_invoiced >= open(i));
  const allShipped = lines.every((i) => i.is_virtual === 1 || i.qty_shipped >= open(i));
  const allCanceled = lines.every((i) => i.qty_canceled >= i.qty_ordered);
  const touched = lines.some((i) => i.qty_invoiced > 0 || i.qty_shipped > 0);
  let next = order.state;
  if (allCanceled) next = 'canceled';
  else if (allInvoiced && allShipped) next = 'complete';
  else if (touched) next = 'processing';
  if (next !== order.state) {
    order.state = next;
    order.status = DEFAULT_STATUS[next] ?? next;
  }
}

/**
 * The order as a search filter sees it: its scalar fields and `payment_method`, read when a filter
 * or a sort names them. Copying every field of every order on each search made an order poll cost
 * more with every order the shop had taken.
 */
export function orderFilterRow(order: OrderRecord): Record<string, unknown> {
  return new Proxy({} as Record<string, unknown>, {
    get: (_target, field) => {
      if (typeof field !== 'string') return undefined;
      if (field === 'payment_method') return order.payment.method;
      if (!Object.hasOwn(order, field)) return undefined;
      const value = (order as unknown as Record<string, unknown>)[field];
      return value === null || typeof value !== 'object' ? value : undefined;
    },
  });
}
