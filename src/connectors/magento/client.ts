// Typed calls to Magento 2.4's admin REST API, one method per route Koppla uses. HTTP concerns
// (auth, retries, errors, logging) live in transport.ts; this file only knows routes and shapes.

import type { BackoffPolicy } from '../../domain/backoff.ts';
import { PermanentError, SyncError, TransientError } from '../../domain/errors.ts';
import { fillMagentoMessage } from './http-errors.ts';
import {
  BulkOperationStatus,
  type MagentoAttributeOption,
  type MagentoBasePrice,
  type MagentoBulkAccepted,
  type MagentoBulkStatus,
  type MagentoConfigurableOption,
  type MagentoCustomerGroup,
  type MagentoInvoice,
  type MagentoOrder,
  type MagentoPriceUpdateResult,
  type MagentoProduct,
  type MagentoProductAttribute,
  type MagentoProductPayload,
  type MagentoSearchResult,
  type MagentoShipment,
  type MagentoSource,
  type MagentoSourceItem,
  type MagentoSpecialPrice,
  type MagentoStatusHistory,
  type MagentoStockItem,
  type MagentoStoreConfig,
  type MagentoStoreView,
  type MagentoTierPrice,
  type MagentoWebsite,
} from './magento-types.ts';
import { collect, pageThrough } from './paging.ts';
import {
  magentoDateTime,
  type SearchCriteria,
  SearchCriteriaBuilder,
  searchCriteria,
} from './search-criteria.ts';
import {
  type MagentoAuth,
  type MagentoRequest,
  type MagentoRequestLogEntry,
  MagentoTransport,
} from './transport.ts';

export interface MagentoClientOptions {
  baseUrl: string;
  auth: MagentoAuth;
  timeoutMs?: number;
  maxRetries?: number;
  backoff?: BackoffPolicy;
  maxRetryWaitMs?: number;
  onRequest?: (entry: MagentoRequestLogEntry) => void;
  /** Awaited before every HTTP attempt (the engine's per-connection rate limit). */
  beforeRequest?: () => Promise<void>;
}

export interface OrderSearch {
  /** Orders with updated_at >= this (ISO time or Date). */
  updatedFrom: string | Date;
  /** Orders with updated_at < this: a fixed upper bound keeps total_count still while paging. */
  updatedTo?: string | Date;
  statuses?: string[];
  storeIds?: number[];
  pageSize?: number;
}

export interface OrderComment {
  comment: string;
  /** Sets the order status along with the comment. */
  status?: string;
  isCustomerNotified: boolean;
  isVisibleOnFront: boolean;
}

export interface ItemQty {
  orderItemId: number;
  qty: number;
}

export interface ShipRequest {
  /** Omit to ship everything still shippable. */
  items?: ItemQty[];
  tracks: { trackNumber: string; title: string; carrierCode: string }[];
  notify: boolean;
}

export interface InvoiceRequest {
  /** Capture online through the payment method (Klarna, Nets, Svea, Walley ...). */
  capture: boolean;
  items?: ItemQty[];
  notify: boolean;
}

/** A price row Magento refused, with its message parameters filled in. */
export interface PriceUpdateFailure {
  message: string;
  parameters: string[];
}

export interface WaitForBulkOptions {
  pollIntervalMs?: number;
  timeoutMs?: number;
}

type Criteria = SearchCriteria | SearchCriteriaBuilder;

const DEFAULT_PAGE_SIZE = 100;
/** SKUs per `in` filter: 100 long SKUs still fit the 8 KB request line of common proxies. */
const SKU_CHUNK = 100;

const enc = encodeURIComponent;

export class MagentoClient {
  private readonly http: MagentoTransport;

  constructor(options: MagentoClientOptions) {
    this.http = new MagentoTransport(options);
  }

  private call<T>(request: MagentoRequest): Promise<T> {
    return this.http.request<T>(request);
  }

  /** GET that answers null instead of throwing on 404. */
  private async getOrNull<T>(path: string, storeCode?: string): Promise<T | null> {
    try {
      return await this.call<T>({ method: 'GET', path, storeCode });
    } catch (error) {
      if (error instanceof SyncError && error.code === 'magento-404') return null;
      throw error;
    }
  }

  /** Pages a searchCriteria list endpoint to the end, with a stable default sort. */
  private search<T>(
    path: string,
    criteria: Criteria,
    options: {
      storeCode?: string;
      what: string;
      keyOf: (item: T) => string | number;
      defaultSort: string;
      appendsAtEnd?: boolean;
      /** Magento's `fields` filter: only these fields come back (see searchProducts). */
      fields?: string;
    },
  ): AsyncIterable<T> {
    const base = criteria instanceof SearchCriteriaBuilder ? criteria.build() : criteria;
    const pageSize = base.pageSize ?? DEFAULT_PAGE_SIZE;
    // Offset paging needs a total order; without a sort Magento's order is whatever the database gives.
    const sorted =
      base.sortOrders.length > 0 ? base : searchCriteria(base).sortBy(options.defaultSort).build();
    return pageThrough<T>(
      (page) =>
        this.call<MagentoSearchResult<T>>({
          method: 'GET',
          path,
          storeCode: options.storeCode,
          query:
            searchCriteria(sorted).pageSize(pageSize).page(page).toQueryString() +
            (options.fields ? `&fields=${encodeURIComponent(options.fields)}` : ''),
        }),
      { pageSize, what: options.what, keyOf: options.keyOf, appendsAtEnd: options.appendsAtEnd },
    );
  }

  // ---- store ----

  listWebsites(): Promise<MagentoWebsite[]> {
    return this.call({ method: 'GET', path: '/V1/store/websites' });
  }

  listStoreViews(): Promise<MagentoStoreView[]> {
    return this.call({ method: 'GET', path: '/V1/store/storeViews' });
  }

  listStoreConfigs(storeCodes?: string[]): Promise<MagentoStoreConfig[]> {
    const query = storeCodes?.map((code) => `storeCodes[]=${enc(code)}`).join('&');
    return this.call({ method: 'GET', path: '/V1/store/storeConfigs', query });
  }

  // ---- products ----

  /**
   * Products matching the criteria, page by page. `fields` names the fields to read, in Magento's
   * `fields` syntax for the items (`id,sku,extension_attributes[configurable_product_links]`): a
   * reader that needs a few fields of a large catalogue is sent a fraction of each product.
   */
  searchProducts(
    criteria: Criteria = searchCriteria(),
    storeCode?: string,
    options: { fields?: string } = {},
  ): AsyncIterable<MagentoProduct> {
    return this.search<MagentoProduct>('/V1/products', criteria, {
      storeCode,
      what: 'products',
      keyOf: (product) => product.sku,
      defaultSort: 'entity_id',
      // Paging counts on total_count, so it is always asked for.
      ...(options.fields ? { fields: `items[${options.fields}],total_count` } : {}),
    });
  }

  /** The product, or null when Magento has no product with this SKU. */
  getProduct(sku: string, storeCode?: string): Promise<MagentoProduct | null> {
    return this.getOrNull(`/V1/products/${enc(sku)}`, storeCode);
  }

  createProduct(product: MagentoProductPayload, storeCode = 'all'): Promise<MagentoProduct> {
    return this.call({
      method: 'POST',
      path: '/V1/products',
      storeCode,
      body: { product, saveOptions: true },
    });
  }

  /** Updates a product; `storeCode` `all` writes global values, a store view code writes that view's. */
  updateProduct(
    sku: string,
    product: Partial<MagentoProductPayload>,
    storeCode = 'all',
  ): Promise<MagentoProduct> {
    return this.call({
      method: 'PUT',
      path: `/V1/products/${enc(sku)}`,
      storeCode,
      body: { product: { ...product, sku }, saveOptions: true },
    });
  }

  /** Deletes a product; false when it did not exist. */
  async deleteProduct(sku: string): Promise<boolean> {
    try {
      return Boolean(
        await this.call({ method: 'DELETE', path: `/V1/products/${enc(sku)}`, storeCode: 'all' }),
      );
    } catch (error) {
      if (error instanceof SyncError && error.code === 'magento-404') return false;
      throw error;
    }
  }

  // ---- attributes ----

  getAttribute(attributeCode: string): Promise<MagentoProductAttribute | null> {
    return this.getOrNull(`/V1/products/attributes/${enc(attributeCode)}`, 'all');
  }

  listAttributeOptions(attributeCode: string): Promise<MagentoAttributeOption[]> {
    return this.call({
      method: 'GET',
      path: `/V1/products/attributes/${enc(attributeCode)}/options`,
      storeCode: 'all',
    });
  }

  /** Adds an option; answers what Magento answers (an option id, sometimes as `id_123`). */
  addAttributeOption(
    attributeCode: string,
    option: { label: string; sortOrder?: number; storeLabels?: { storeId: number; label: string }[] },
  ): Promise<string> {
    const body = {
      option: {
        label: option.label,
        // Empty value = a new option (Magento makes it `id_new_option`); the schema requires the field.
        value: '',
        sort_order: option.sortOrder ?? 0,
        is_default: false,
        store_labels: (option.storeLabels ?? []).map((l) => ({ store_id: l.storeId, label: l.label })),
      },
    };
    return this.call({
      method: 'POST',
      path: `/V1/products/attributes/${enc(attributeCode)}/options`,
      storeCode: 'all',
      body,
    });
  }

  /**
   * The option id for `label`, adding the option when missing. Matches like Magento's own duplicate
   * check (trimmed, case-insensitive), so it never asks Magento for an option it would refuse.
   */
  async ensureAttributeOption(attributeCode: string, label: string): Promise<number> {
    const wanted = label.trim();
    const find = (options: MagentoAttributeOption[]) => {
      const match = options.find(
        (o) => o.value !== '' && o.label.trim().toLowerCase() === wanted.toLowerCase(),
      );
      return match ? Number(match.value) : undefined;
    };
    const existing = find(await this.listAttributeOptions(attributeCode));
    if (existing !== undefined) return existing;
    const answer = await this.addAttributeOption(attributeCode, { label: wanted });
    // 2.4 answers the new id, as "123" or "id_123"; older builds answer "id_new_option" or true.
    const id = /^(?:id_)?(\d+)$/.exec(String(answer))?.[1];
    if (id !== undefined) return Number(id);
    const added = find(await this.listAttributeOptions(attributeCode));
    if (added === undefined) {
      throw new PermanentError(`Magento did not add option "${wanted}" to attribute ${attributeCode}`, {
        code: 'magento-attribute-option',
        details: { attributeCode, label: wanted },
      });
    }
    return added;
  }

  // ---- configurable products ----

  getConfigurableChildren(parentSku: string): Promise<MagentoProduct[]> {
    return this.call({ method: 'GET', path: `/V1/configurable-products/${enc(parentSku)}/children` });
  }

  listConfigurableOptions(parentSku: string): Promise<MagentoConfigurableOption[]> {
    return this.call({ method: 'GET', path: `/V1/configurable-products/${enc(parentSku)}/options/all` });
  }

  /** Declares a variant axis on a configurable; answers the new option's id. */
  addConfigurableOption(parentSku: string, option: MagentoConfigurableOption): Promise<number> {
    return this.call({
      method: 'POST',
      path: `/V1/configurable-products/${enc(parentSku)}/options`,
      storeCode: 'all',
      body: { option },
    });
  }

  addConfigurableChild(parentSku: string, childSku: string): Promise<boolean> {
    return this.call({
      method: 'POST',
      path: `/V1/configurable-products/${enc(parentSku)}/child`,
      storeCode: 'all',
      body: { childSku },
    });
  }

  removeConfigurableChild(parentSku: string, childSku: string): Promise<boolean> {
    return this.call({
      method: 'DELETE',
      path: `/V1/configurable-products/${enc(parentSku)}/children/${enc(childSku)}`,
      storeCode: 'all',
    });
  }

  // ---- customer groups ----

  listCustomerGroups(criteria: Criteria = searchCriteria()): Promise<MagentoCustomerGroup[]> {
    return collect(
      this.search<MagentoCustomerGroup>('/V1/customerGroups/search', criteria, {
        what: 'customer groups',
        keyOf: (group) => group.id,
        defaultSort: 'customer_group_id',
      }),
    );
  }

  // ---- prices ----

  getBasePrices(skus: string[]): Promise<MagentoBasePrice[]> {
    return this.call({
      method: 'POST',
      path: '/V1/products/base-prices-information',
      body: { skus },
      idempotent: true,
    });
  }

  updateBasePrices(prices: MagentoBasePrice[]): Promise<PriceUpdateFailure[]> {
    return this.priceWrite('POST', '/V1/products/base-prices', prices);
  }

  getTierPrices(skus: string[]): Promise<MagentoTierPrice[]> {
    return this.call({
      method: 'POST',
      path: '/V1/products/tier-prices-information',
      body: { skus },
      idempotent: true,
    });
  }

  /** Replaces all tier prices of the SKUs in `prices` with exactly these. */
  replaceTierPrices(prices: MagentoTierPrice[]): Promise<PriceUpdateFailure[]> {
    return this.priceWrite('PUT', '/V1/products/tier-prices', prices);
  }

  /** Adds or updates these tier prices, leaving the SKUs' other tier prices alone. */
  addTierPrices(prices: MagentoTierPrice[]): Promise<PriceUpdateFailure[]> {
    return this.priceWrite('POST', '/V1/products/tier-prices', prices);
  }

  deleteTierPrices(prices: MagentoTierPrice[]): Promise<PriceUpdateFailure[]> {
    return this.priceWrite('POST', '/V1/products/tier-prices-delete', prices);
  }

  /**
   * Customer-group prices: not in Magento's core API; shops that have an API extension for it expose
   * `/V1/koppla-ext/customer-group-prices` (one fixed price per SKU, website and customer group).
   */
  setCustomerGroupPrices(
    prices: { sku: string; website_id: number; customer_group_id: number; price: number }[],
  ): Promise<PriceUpdateFailure[]> {
    return this.priceWrite('POST', '/V1/koppla-ext/customer-group-prices', prices);
  }

  getCustomerGroupPrices(
    sku: string,
  ): Promise<{ sku: string; website_id: number; customer_group_id: number; price: number }[]> {
    return this.call({ method: 'GET', path: `/V1/koppla-ext/customer-group-prices/${enc(sku)}` });
  }

  getSpecialPrices(skus: string[]): Promise<MagentoSpecialPrice[]> {
    return this.call({
      method: 'POST',
      path: '/V1/products/special-price-information',
      body: { skus },
      idempotent: true,
    });
  }

  updateSpecialPrices(prices: MagentoSpecialPrice[]): Promise<PriceUpdateFailure[]> {
    return this.priceWrite('POST', '/V1/products/special-price', prices);
  }

  deleteSpecialPrices(prices: MagentoSpecialPrice[]): Promise<PriceUpdateFailure[]> {
    return this.priceWrite('POST', '/V1/products/special-price-delete', prices);
  }

  /**
   * The price endpoints accept the good rows and answer 200 with the refused ones. Writing the same
   * prices twice has the same effect, so these POSTs may be retried.
   */
  private async priceWrite(
    method: 'POST' | 'PUT',
    path: string,
    prices: unknown[],
  ): Promise<PriceUpdateFailure[]> {
    const answer = await this.call<MagentoPriceUpdateResult[] | null>({
      method,
      path,
      body: { prices },
      idempotent: true,
    });
    return (answer ?? []).map((row) => ({
      message: fillMagentoMessage(row.message, row.parameters),
      parameters: row.parameters ?? [],
    }));
  }

  // ---- legacy stock (CatalogInventory) ----

  getStockItem(sku: string): Promise<MagentoStockItem | null> {
    return this.getOrNull(`/V1/stockItems/${enc(sku)}`);
  }

  /** Answers the stock item id. */
  updateStockItem(sku: string, itemId: number, stockItem: Partial<MagentoStockItem>): Promise<number> {
    return this.call({
      method: 'PUT',
      path: `/V1/products/${enc(sku)}/stockItems/${itemId}`,
      body: { stockItem },
    });
  }

  // ---- MSI ----

  listSources(): Promise<MagentoSource[]> {
    return collect(
      this.search<MagentoSource>('/V1/inventory/sources', searchCriteria(), {
        what: 'sources',
        keyOf: (source) => source.source_code,
        defaultSort: 'source_code',
      }),
    );
  }

  /** Source items of these SKUs; asked in chunks so the query string stays within URL limits. */
  async getSourceItems(skus: string[], sourceCode?: string): Promise<MagentoSourceItem[]> {
    const all: MagentoSourceItem[] = [];
    for (let start = 0; start < skus.length; start += SKU_CHUNK) {
      let criteria = searchCriteria().where('sku', 'in', skus.slice(start, start + SKU_CHUNK));
      if (sourceCode !== undefined) criteria = criteria.where('source_code', 'eq', sourceCode);
      const items = this.search<MagentoSourceItem>('/V1/inventory/source-items', criteria, {
        what: 'source items',
        keyOf: (item) => `${item.source_code}\u0000${item.sku}`,
        defaultSort: 'source_item_id',
      });
      all.push(...(await collect(items)));
    }
    return all;
  }

  /** Saves quantities and statuses; the same rows saved twice give the same stock, so it may retry. */
  async saveSourceItems(sourceItems: MagentoSourceItem[]): Promise<void> {
    await this.call({
      method: 'POST',
      path: '/V1/inventory/source-items',
      body: { sourceItems },
      idempotent: true,
    });
  }

  getSalableQuantity(sku: string, stockId: number): Promise<number> {
    return this.call({
      method: 'GET',
      path: `/V1/inventory/get-product-salable-quantity/${enc(sku)}/${stockId}`,
    });
  }

  // ---- orders ----

  searchOrders(search: OrderSearch): AsyncIterable<MagentoOrder> {
    let criteria = searchCriteria().where('updated_at', 'gteq', magentoDateTime(search.updatedFrom));
    if (search.updatedTo !== undefined)
      criteria = criteria.where('updated_at', 'lt', magentoDateTime(search.updatedTo));
    if (search.statuses?.length) criteria = criteria.where('status', 'in', search.statuses);
    if (search.storeIds?.length) criteria = criteria.where('store_id', 'in', search.storeIds);
    criteria = criteria
      .sortBy('updated_at', 'ASC')
      .sortBy('entity_id', 'ASC')
      .pageSize(search.pageSize ?? 50);
    return this.search<MagentoOrder>('/V1/orders', criteria, {
      what: 'orders',
      keyOf: (order) => order.entity_id,
      defaultSort: 'entity_id',
      // Orders placed or changed while the poll pages land at the end (sorted by updated_at): at
      // 10 orders a second a scan of more than one page otherwise failed nearly every time.
      appendsAtEnd: true,
    });
  }

  getOrder(orderId: number): Promise<MagentoOrder | null> {
    return this.getOrNull(`/V1/orders/${orderId}`);
  }

  addComment(orderId: number, comment: OrderComment): Promise<boolean> {
    const statusHistory: MagentoStatusHistory = {
      comment: comment.comment,
      is_customer_notified: comment.isCustomerNotified ? 1 : 0,
      is_visible_on_front: comment.isVisibleOnFront ? 1 : 0,
      parent_id: orderId,
      ...(comment.status !== undefined ? { status: comment.status } : {}),
    };
    return this.call({ method: 'POST', path: `/V1/orders/${orderId}/comments`, body: { statusHistory } });
  }

  /** Creates a shipment; answers its entity id. */
  ship(orderId: number, request: ShipRequest): Promise<number> {
    const body = {
      ...(request.items ? { items: request.items.map(itemQtyBody) } : {}),
      notify: request.notify,
      tracks: request.tracks.map((t) => ({
        track_number: t.trackNumber,
        title: t.title,
        carrier_code: t.carrierCode,
      })),
    };
    return this.call({ method: 'POST', path: `/V1/order/${orderId}/ship`, body });
  }

  /** Creates an invoice (capturing online when asked); answers its entity id. */
  invoice(orderId: number, request: InvoiceRequest): Promise<number> {
    const body = {
      capture: request.capture,
      ...(request.items ? { items: request.items.map(itemQtyBody) } : {}),
      notify: request.notify,
    };
    return this.call({ method: 'POST', path: `/V1/order/${orderId}/invoice`, body });
  }

  /** Cancels the order; false when Magento says it cannot be cancelled (e.g. already invoiced). */
  cancel(orderId: number): Promise<boolean> {
    return this.call({ method: 'POST', path: `/V1/orders/${orderId}/cancel` });
  }

  listShipments(orderId: number): Promise<MagentoShipment[]> {
    return collect(
      this.search<MagentoShipment>('/V1/shipments', searchCriteria().where('order_id', 'eq', orderId), {
        what: `shipments of order ${orderId}`,
        keyOf: (shipment) => shipment.entity_id,
        defaultSort: 'entity_id',
      }),
    );
  }

  listInvoices(orderId: number): Promise<MagentoInvoice[]> {
    return collect(
      this.search<MagentoInvoice>('/V1/invoices', searchCriteria().where('order_id', 'eq', orderId), {
        what: `invoices of order ${orderId}`,
        keyOf: (invoice) => invoice.entity_id,
        defaultSort: 'entity_id',
      }),
    );
  }

  // ---- asynchronous bulk ----

  /**
   * Queues one operation per item on Magento's bulk API (`/rest/{store}/async/bulk/V1/...`); answers
   * the bulk uuid. `route` is the synchronous route with path parameters written `by{Name}`, e.g.
   * `/V1/products` (POST) or `/V1/products/bySku` (PUT).
   */
  async bulk(
    route: string,
    items: unknown[],
    storeCode?: string,
    method: 'POST' | 'PUT' | 'DELETE' = 'POST',
  ): Promise<string> {
    const path = `/${route.replace(/^\/+/, '').replace(/^async\/bulk\//, '')}`;
    const accepted = await this.call<MagentoBulkAccepted>({
      method,
      path,
      apiPrefix: 'async/bulk',
      storeCode,
      body: items,
    });
    if (!accepted || typeof accepted.bulk_uuid !== 'string') {
      throw new PermanentError(`Magento bulk ${method} ${path} answered without a bulk_uuid`, {
        code: 'magento-bulk',
      });
    }
    return accepted.bulk_uuid;
  }

  bulkStatus(bulkUuid: string): Promise<MagentoBulkStatus> {
    return this.call({ method: 'GET', path: `/V1/bulk/${enc(bulkUuid)}/status` });
  }

  /** Polls until no operation of the bulk is open; answers the final status (failures included). */
  async waitForBulk(bulkUuid: string, options: WaitForBulkOptions = {}): Promise<MagentoBulkStatus> {
    const pollIntervalMs = options.pollIntervalMs ?? 1_000;
    const deadline = Date.now() + (options.timeoutMs ?? 5 * 60_000);
    for (;;) {
      const status = await this.bulkStatus(bulkUuid);
      const open = openOperationCount(status);
      if (open === 0) return status;
      if (Date.now() + pollIntervalMs > deadline) {
        throw new TransientError(`Magento bulk ${bulkUuid} still has ${open} open operations`, {
          code: 'magento-bulk-timeout',
          details: { bulkUuid, open },
        });
      }
      await new Promise((resolve) => setTimeout(resolve, pollIntervalMs));
    }
  }
}

function itemQtyBody(item: ItemQty) {
  return { order_item_id: item.orderItemId, qty: item.qty };
}

/** Operations of a bulk still to run; those not yet listed (fewer than operation_count) count as open. */
export function openOperationCount(status: MagentoBulkStatus): number {
  const listed = status.operations_list.length;
  return (
    status.operations_list.filter((op) => op.status === BulkOperationStatus.open).length +
    Math.max(0, (status.operation_count ?? listed) - listed)
  );
}

/** Operations of a finished bulk that did not complete, with their messages. */
export function bulkFailures(status: MagentoBulkStatus): { id: number; status: number; message: string }[] {
  return status.operations_list
    .filter((op) => op.status !== BulkOperationStatus.complete && op.status !== BulkOperationStatus.open)
    .map((op) => ({ id: op.id, status: op.status, message: op.result_message ?? '' }));
}
