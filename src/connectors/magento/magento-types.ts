// Magento 2.4 REST shapes, as the admin REST API sends and accepts them (snake_case, as on the wire).
// Only the fields Koppla reads or writes are typed; Magento sends many more, which pass through.

export interface MagentoCustomAttribute {
  attribute_code: string;
  /** Text, an option id as a string, or a list (multiselect, category_ids). */
  value: string | number | string[] | null;
}

export interface MagentoSearchResult<T> {
  items: T[];
  total_count: number;
  search_criteria?: unknown;
}

// ---- store ----

export interface MagentoWebsite {
  id: number;
  code: string;
  name: string;
  default_group_id: number;
}

export interface MagentoStoreView {
  id: number;
  code: string;
  name: string;
  website_id: number;
  store_group_id: number;
  is_active: number;
}

export interface MagentoStoreConfig {
  id: number;
  code: string;
  website_id: number;
  locale: string;
  base_currency_code: string;
  default_display_currency_code: string;
  timezone: string;
  weight_unit: string;
  base_url?: string;
  base_link_url?: string;
  base_static_url?: string;
  base_media_url?: string;
  secure_base_url?: string;
  secure_base_link_url?: string;
  secure_base_static_url?: string;
  secure_base_media_url?: string;
}

// ---- catalog ----

export interface MagentoConfigurableOptionValue {
  value_index: number;
}

export interface MagentoConfigurableOption {
  id?: number;
  attribute_id: string | number;
  label?: string;
  position?: number;
  is_use_default?: boolean;
  values: MagentoConfigurableOptionValue[];
  product_id?: number;
}

export interface MagentoStockItem {
  item_id?: number;
  product_id?: number;
  stock_id?: number;
  qty: number | null;
  is_in_stock: boolean;
  manage_stock?: boolean;
  use_config_manage_stock?: boolean;
  backorders?: number;
  [key: string]: unknown;
}

export interface MagentoProductExtension {
  website_ids?: number[];
  stock_item?: MagentoStockItem;
  configurable_product_options?: MagentoConfigurableOption[];
  configurable_product_links?: number[];
  category_links?: { category_id: string; position?: number }[];
  [key: string]: unknown;
}

export type MagentoProductType =
  | 'simple'
  | 'configurable'
  | 'virtual'
  | 'bundle'
  | 'grouped'
  | 'downloadable';

/** A product as GET /V1/products/{sku} returns it. */
export interface MagentoProduct {
  id?: number;
  sku: string;
  name?: string;
  attribute_set_id?: number;
  price?: number;
  /** 1 enabled, 2 disabled. */
  status?: number;
  /** 1 not visible individually, 2 catalog, 3 search, 4 catalog and search. */
  visibility?: number;
  type_id?: MagentoProductType | string;
  weight?: number;
  created_at?: string;
  updated_at?: string;
  extension_attributes?: MagentoProductExtension;
  custom_attributes?: MagentoCustomAttribute[];
}

/** The `product` object sent to POST /V1/products and PUT /V1/products/{sku}. */
export type MagentoProductPayload = MagentoProduct;

export interface MagentoAttributeOption {
  label: string;
  /** The option id as a string ('' for the empty placeholder option Magento lists first). */
  value: string;
  sort_order?: number;
  is_default?: boolean;
  store_labels?: { store_id: number; label: string }[];
}

export interface MagentoProductAttribute {
  attribute_id: number;
  attribute_code: string;
  frontend_input?: string;
  default_frontend_label?: string;
  options?: MagentoAttributeOption[];
  [key: string]: unknown;
}

// ---- customers ----

export interface MagentoCustomerGroup {
  id: number;
  code: string;
  tax_class_id: number;
  tax_class_name?: string;
}

// ---- prices ----

export interface MagentoBasePrice {
  price: number;
  store_id: number;
  sku: string;
}

export interface MagentoTierPrice {
  price: number;
  price_type: 'fixed' | 'discount';
  website_id: number;
  sku: string;
  /** Customer group code, or 'ALL GROUPS'. */
  customer_group: string;
  quantity: number;
}

export interface MagentoSpecialPrice {
  price: number;
  store_id: number;
  sku: string;
  /** 'YYYY-MM-DD HH:MM:SS' */
  price_from: string;
  price_to: string;
}

/** The price endpoints answer 200 with a list of per-row failures (empty when all went well). */
export interface MagentoPriceUpdateResult {
  message: string;
  parameters: string[];
}

// ---- inventory ----

export interface MagentoSource {
  source_code: string;
  name: string;
  enabled: boolean;
  country_id?: string;
  postcode?: string;
}

export interface MagentoSourceItem {
  sku: string;
  source_code: string;
  quantity: number;
  /** 1 in stock, 0 out of stock. */
  status: 0 | 1;
}

// ---- sales ----

export interface MagentoOrderAddress {
  address_type?: string;
  firstname?: string;
  lastname?: string;
  company?: string;
  street?: string[];
  postcode?: string;
  city?: string;
  country_id?: string;
  region?: string;
  region_code?: string;
  telephone?: string;
  email?: string;
  vat_id?: string;
}

export interface MagentoOrderItem {
  item_id: number;
  order_id?: number;
  parent_item_id?: number;
  parent_item?: MagentoOrderItem;
  product_id?: number;
  product_type?: string;
  sku: string;
  name?: string;
  qty_ordered: number;
  price: number;
  price_incl_tax?: number;
  base_price?: number;
  tax_percent?: number;
  tax_amount?: number;
  discount_amount?: number;
  row_total?: number;
  row_total_incl_tax?: number;
  [key: string]: unknown;
}

export interface MagentoShippingAssignment {
  shipping?: {
    address?: MagentoOrderAddress;
    method?: string;
    total?: Record<string, unknown>;
  };
  items?: MagentoOrderItem[];
}

export interface MagentoOrderPayment {
  method?: string;
  last_trans_id?: string;
  additional_information?: string[];
  [key: string]: unknown;
}

export interface MagentoOrder {
  entity_id: number;
  increment_id: string;
  store_id?: number;
  status?: string;
  state?: string;
  created_at?: string;
  updated_at?: string;
  order_currency_code?: string;
  base_currency_code?: string;
  customer_email?: string;
  customer_firstname?: string;
  customer_lastname?: string;
  customer_id?: number;
  customer_group_id?: number;
  customer_is_guest?: number | boolean;
  customer_taxvat?: string;
  billing_address?: MagentoOrderAddress;
  items?: MagentoOrderItem[];
  payment?: MagentoOrderPayment;
  shipping_amount?: number;
  shipping_incl_tax?: number;
  shipping_tax_amount?: number;
  shipping_discount_amount?: number;
  shipping_description?: string;
  discount_amount?: number;
  grand_total?: number;
  tax_amount?: number;
  extension_attributes?: {
    shipping_assignments?: MagentoShippingAssignment[];
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

export interface MagentoStatusHistory {
  comment: string;
  is_customer_notified: number;
  is_visible_on_front: number;
  parent_id: number;
  status?: string;
}

export interface MagentoShipmentTrack {
  track_number: string;
  title: string;
  carrier_code: string;
}

export interface MagentoItemQty {
  order_item_id: number;
  qty: number;
}

export interface MagentoShipment {
  entity_id: number;
  order_id: number;
  increment_id?: string;
  created_at?: string;
  items?: { order_item_id: number; qty: number; sku?: string }[];
  tracks?: (MagentoShipmentTrack & { entity_id?: number })[];
  [key: string]: unknown;
}

export interface MagentoInvoice {
  entity_id: number;
  order_id: number;
  increment_id?: string;
  state?: number;
  grand_total?: number;
  created_at?: string;
  items?: { order_item_id: number; qty: number; sku?: string }[];
  [key: string]: unknown;
}

// ---- async bulk ----

export interface MagentoBulkAccepted {
  bulk_uuid: string;
  request_items: { id: number; data_hash?: string; status: string }[];
  errors: boolean;
}

/** Operation status codes of Magento's asynchronous operations. */
export const BulkOperationStatus = {
  complete: 1,
  failedRetriable: 2,
  failedNotRetriable: 3,
  open: 4,
  rejected: 5,
} as const;

export interface MagentoBulkOperation {
  id: number;
  status: number;
  result_message?: string | null;
  error_code?: number | null;
  topic_name?: string;
}

export interface MagentoBulkStatus {
  operations_list: MagentoBulkOperation[];
  bulk_id: string;
  description?: string;
  start_time?: string;
  user_id?: number;
  user_type?: number;
  operation_count: number;
}
