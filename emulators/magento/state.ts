import type { Clock } from './clock.ts';
import type { Rng } from './rng.ts';

/** In-memory state of one emulated Magento installation. Nothing here is shared between instances. */

export interface Website {
  website_id: number;
  code: string;
  name: string;
  default_group_id: number;
  base_currency: string;
}
export interface StoreGroup {
  id: number;
  website_id: number;
  root_category_id: number;
  default_store_id: number;
  name: string;
  code: string;
}
export interface StoreView {
  id: number;
  code: string;
  name: string;
  website_id: number;
  store_group_id: number;
  is_active: number;
  locale: string;
  currency: string;
  timezone: string;
}

export interface AttributeOption {
  value: string;
  label: string;
}
export interface SelectAttribute {
  attribute_id: number;
  attribute_code: string;
  label: string;
  options: AttributeOption[];
  nextOptionId: number;
}

export interface ConfigurableOption {
  id: number;
  attribute_id: string;
  label: string;
  position: number;
  is_use_default: boolean;
  values: { value_index: number }[];
  product_id: number;
}

export interface ProductRecord {
  id: number;
  sku: string;
  type_id: 'simple' | 'virtual' | 'configurable';
  attribute_set_id: number;
  price: number;
  weight?: number;
  created_at: string;
  updated_at: string;
  website_ids: number[];
  /** Global (store 0) values of every EAV attribute other than sku/price/type: name, status, custom attributes. */
  values: Record<string, unknown>;
  /** Store-view overrides of store-view-scoped attributes, keyed by store id. */
  overrides: Map<number, Record<string, unknown>>;
  configurableOptions: ConfigurableOption[];
  childIds: number[];
}

export interface Source {
  source_code: string;
  name: string;
  enabled: boolean;
  country_id: string;
  postcode: string;
  description?: string;
}
export interface Stock {
  stock_id: number;
  name: string;
  sourceCodes: string[];
  salesChannels: { type: 'website'; code: string }[];
}
export interface SourceItem {
  sku: string;
  source_code: string;
  quantity: number;
  status: number;
}

export interface TierPrice {
  sku: string;
  price: number;
  price_type: 'fixed' | 'discount';
  website_id: number;
  customer_group: string;
  quantity: number;
}
export interface SpecialPrice {
  sku: string;
  price: number;
  store_id: number;
  price_from: string;
  price_to: string;
}
export interface CustomerGroup {
  id: number;
  code: string;
  tax_class_id: number;
  tax_class_name: string;
}
export interface GroupPrice {
  sku: string;
  website_id: number;
  customer_group_id: number;
  price: number;
}

export interface OrderItem {
  item_id: number;
  order_id: number;
  parent_item_id?: number;
  product_id: number;
  sku: string;
  name: string;
  product_type: string;
  qty_ordered: number;
  qty_invoiced: number;
  qty_shipped: number;
  qty_canceled: number;
  qty_refunded: number;
  price: number;
  base_price: number;
  original_price: number;
  price_incl_tax: number;
  base_price_incl_tax: number;
  row_total: number;
  base_row_total: number;
  row_total_incl_tax: number;
  base_row_total_incl_tax: number;
  tax_percent: number;
  tax_amount: number;
  base_tax_amount: number;
  discount_amount: number;
  base_discount_amount: number;
  discount_percent: number;
  discount_tax_compensation_amount: number;
  row_invoiced: number;
  tax_invoiced: number;
  weight: number;
  row_weight: number;
  is_virtual: number;
  store_id: number;
  created_at: string;
  updated_at: string;
  product_options?: Record<string, unknown>;
}

export interface Address {
  entity_id: number;
  parent_id: number;
  address_type: 'billing' | 'shipping';
  firstname: string;
  lastname: string;
  street: string[];
  city: string;
  postcode: string;
  country_id: string;
  telephone: string;
  email: string;
  company?: string;
  region?: string;
}

export interface StatusHistory {
  entity_id: number;
  parent_id: number;
  comment: string;
  created_at: string;
  entity_name: string;
  is_customer_notified: number | null;
  is_visible_on_front: number;
  status: string | null;
}

export interface OrderRecord {
  entity_id: number;
  increment_id: string;
  state: string;
  status: string;
  store_id: number;
  created_at: string;
  updated_at: string;
  customer_email: string;
  customer_firstname: string;
  customer_lastname: string;
  customer_is_guest: number;
  customer_id?: number;
  customer_group_id: number;
  items: OrderItem[];
  billing_address: Address;
  shipping_address?: Address;
  shipping_method: string;
  shipping_description: string;
  payment: {
    entity_id: number;
    parent_id: number;
    method: string;
    additional_information: string[];
    last_trans_id?: string;
    amount_ordered: number;
    amount_paid?: number;
  };
  order_currency_code: string;
  base_currency_code: string;
  subtotal: number;
  subtotal_incl_tax: number;
  shipping_amount: number;
  shipping_incl_tax: number;
  shipping_tax_amount: number;
  discount_amount: number;
  discount_tax_compensation_amount: number;
  tax_amount: number;
  grand_total: number;
  total_invoiced: number;
  total_paid: number;
  total_canceled: number;
  shipping_invoiced: number;
  coupon_code?: string;
  status_histories: StatusHistory[];
}

export interface ShipmentRecord {
  entity_id: number;
  increment_id: string;
  order_id: number;
  store_id: number;
  created_at: string;
  updated_at: string;
  total_qty: number;
  items: {
    entity_id: number;
    parent_id: number;
    order_item_id: number;
    qty: number;
    sku: string;
    name: string;
    price: number;
    product_id: number;
    weight: number;
  }[];
  tracks: {
    entity_id: number;
    parent_id: number;
    order_id: number;
    track_number: string;
    title: string;
    carrier_code: string;
    created_at: string;
    updated_at: string;
    qty: number;
    weight: number;
    description: string;
  }[];
  comments: {
    entity_id: number;
    parent_id: number;
    comment: string;
    created_at: string;
    is_customer_notified: number;
    is_visible_on_front: number;
  }[];
  notified: boolean;
}

export interface InvoiceRecord {
  entity_id: number;
  increment_id: string;
  order_id: number;
  store_id: number;
  state: number;
  created_at: string;
  updated_at: string;
  transaction_id?: string;
  can_void_flag: number;
  total_qty: number;
  subtotal: number;
  subtotal_incl_tax: number;
  tax_amount: number;
  shipping_amount: number;
  shipping_incl_tax: number;
  shipping_tax_amount: number;
  discount_amount: number;
  grand_total: number;
  order_currency_code: string;
  base_currency_code: string;
  notified: boolean;
  items: {
    entity_id: number;
    parent_id: number;
    order_item_id: number;
    sku: string;
    name: string;
    qty: number;
    price: number;
    price_incl_tax: number;
    row_total: number;
    row_total_incl_tax: number;
    tax_amount: number;
    discount_amount: number;
    product_id: number;
  }[];
}

export interface CaptureRecord {
  order_id: number;
  increment_id: string;
  invoice_id: number;
  method: string;
  amount: number;
  currency: string;
  transaction_id: string;
  created_at: string;
}

export interface BulkOperation {
  id: number;
  topic_name: string;
  status: 1 | 2 | 3 | 4 | 5;
  result_message: string | null;
  error_code: number | null;
  serialized_data: string;
  /**
   * What the operation's route answered, serialised only when a detailed status is read: a
   * catalogue import completes tens of thousands of operations whose results nobody reads. The
   * routes answer fresh renderings (a saved product is rendered anew), so the answer does not
   * change after the operation completes.
   */
  result: { answer: unknown } | null;
}
export interface BulkRecord {
  bulk_uuid: string;
  description: string;
  start_time: string;
  user_id: number;
  operations: BulkOperation[];
}

export interface EmulatorState {
  seed: number;
  clock: Clock;
  rng: { data: Rng; faults: Rng; orders: Rng };
  admin: { user: string; password: string };
  tokens: Set<string>;
  websites: Website[];
  groups: StoreGroup[];
  views: StoreView[];
  attributes: Map<string, SelectAttribute>;
  products: Map<string, ProductRecord>;
  productIds: Map<number, string>;
  nextProductId: number;
  customerGroups: CustomerGroup[];
  sources: Source[];
  stocks: Stock[];
  sourceItems: Map<string, SourceItem>;
  tierPrices: TierPrice[];
  specialPrices: SpecialPrice[];
  groupPrices: GroupPrice[];
  orders: Map<number, OrderRecord>;
  shipments: Map<number, ShipmentRecord>;
  invoices: Map<number, InvoiceRecord>;
  captures: CaptureRecord[];
  sequences: Map<string, number>;
  nextIds: Record<'order' | 'item' | 'address' | 'history' | 'shipment' | 'invoice' | 'sub', number>;
  bulks: Map<string, BulkRecord>;
  extensions: { customerGroupPrices: boolean };
}

export function nextId(state: EmulatorState, kind: keyof EmulatorState['nextIds']): number {
  const id = state.nextIds[kind];
  state.nextIds[kind] = id + 1;
  return id;
}

export const sourceItemKey = (sku: string, sourceCode: string): string => `${sku}\u0000${sourceCode}`;
