// MagentoPort for one shop, on top of the Magento client and its mappers. Look-ups that never
// change while running (attribute ids, customer group codes, stock item ids) are cached here.

import type { ShopConfig } from '../../config/schema.ts';
import {
  articleToProductPayload,
  diffProductPayload,
  type MagentoClient,
  type MagentoOrder,
  type MagentoProduct,
  type MagentoProductAttribute,
  type MagentoProductPayload,
  mapConfigurableProduct,
  mapMagentoOrder,
  mapMagentoProduct,
  type ProductWriteContext,
  storeTextPayloads,
} from '../../connectors/magento/index.ts';
import { PermanentError } from '../../domain/errors.ts';
import type { Article } from '../../domain/types.ts';
import type { MagentoOrderState, MagentoPort, MagentoProductState, OrderHeader } from '../ports.ts';

export interface MagentoAdapterOptions {
  /** VAT percent -> Magento tax class id. */
  taxClassIdByVat: Record<string, number>;
  attributeSetId: number;
  catalogPricesIncludeVat: boolean;
  /** Store view codes per language, for store-view scoped texts. */
  storeCodesByLanguage: Record<string, string[]>;
  /** Attribute codes configurables may vary by. */
  variantAttributes: string[];
}

export const defaultMagentoAdapterOptions: MagentoAdapterOptions = {
  taxClassIdByVat: { '25': 2, '12': 10, '6': 11, '0': 0 },
  attributeSetId: 4,
  catalogPricesIncludeVat: true,
  storeCodesByLanguage: {},
  variantAttributes: ['color', 'size'],
};

/** Order items that stand for one thing bought: configurable children are folded into parents. */
function topLevelItems(order: MagentoOrder) {
  return (order.items ?? []).filter(
    (item) => item.parent_item_id === undefined || item.parent_item_id === null,
  );
}

/** Magento names the refused SKU among a price failure's parameters. */
function failedSku(failure: { parameters: string[] }, skus: string[]): string {
  return failure.parameters.find((p) => skus.includes(p)) ?? '';
}

function num(value: unknown): number {
  return typeof value === 'number' ? value : Number(value ?? 0) || 0;
}

export function createMagentoPort(
  client: MagentoClient,
  shop: ShopConfig,
  options: MagentoAdapterOptions = defaultMagentoAdapterOptions,
): MagentoPort {
  const attributeIds = new Map<string, number>();
  const optionIds = new Map<string, number>();
  let groupCodes: Map<number, string> | undefined;
  const stockItemIds = new Map<string, number>();
  let storeId: number | undefined;

  /** The numeric id of the shop's store view: orders of other store views belong to other shops. */
  async function shopStoreId(): Promise<number> {
    if (storeId !== undefined) return storeId;
    const views = await client.listStoreViews();
    const view = views.find((v) => v.code === shop.storeCode);
    if (!view) {
      throw new PermanentError(
        `Magento has no store view "${shop.storeCode}" (shop ${shop.id}); check storeCode in the config`,
        {
          code: 'magento-unknown-store',
        },
      );
    }
    storeId = view.id;
    return view.id;
  }

  async function attributeId(code: string): Promise<number> {
    const known = attributeIds.get(code);
    if (known !== undefined) return known;
    const attribute = await client.getAttribute(code);
    if (!attribute) {
      throw new PermanentError(`Magento has no product attribute "${code}" (needed for variants)`, {
        code: 'magento-unknown-attribute',
        details: { attribute: code },
      });
    }
    attributeIds.set(code, attribute.attribute_id);
    return attribute.attribute_id;
  }

  async function optionId(code: string, label: string): Promise<number> {
    const key = `${code}\u0000${label.toLowerCase()}`;
    const known = optionIds.get(key);
    if (known !== undefined) return known;
    const id = await client.ensureAttributeOption(code, label);
    optionIds.set(key, id);
    return id;
  }

  async function writeContext(article: Article, websiteIds: number[]): Promise<ProductWriteContext> {
    const ids: Record<string, Record<string, number>> = {};
    for (const [code, label] of Object.entries(article.variantValues ?? {})) {
      ids[code] = { ...(ids[code] ?? {}), [label]: await optionId(code, label) };
    }
    return {
      attributeSetId: options.attributeSetId,
      websiteIds,
      taxClassIdByVat: options.taxClassIdByVat,
      optionIds: ids,
      storeCodesByLanguage: options.storeCodesByLanguage,
      pricesIncludeVat: options.catalogPricesIncludeVat,
    };
  }

  async function customerGroupCode(id: number): Promise<string> {
    if (!groupCodes) {
      const groups = await client.listCustomerGroups();
      groupCodes = new Map(groups.map((g) => [g.id, g.code]));
    }
    const code = groupCodes.get(id);
    if (code === undefined) {
      throw new PermanentError(
        `Magento has no customer group with id ${id} (price list mapping of shop ${shop.id})`,
        {
          code: 'magento-unknown-customer-group',
        },
      );
    }
    return code;
  }

  let variantAttributes: MagentoProductAttribute[] | undefined;

  /** How products are read: VAT by tax class, and the attributes configurables vary by. */
  async function readContext() {
    if (!variantAttributes) {
      // The axes name attribute ids; the attributes that can be axes are known by code from config.
      const found: MagentoProductAttribute[] = [];
      for (const code of options.variantAttributes) {
        const attribute = await client.getAttribute(code);
        if (attribute) found.push(attribute);
      }
      variantAttributes = found;
    }
    return {
      pricesIncludeVat: options.catalogPricesIncludeVat,
      vatByTaxClassId: Object.fromEntries(
        Object.entries(options.taxClassIdByVat).map(([vat, id]) => [id, Number(vat)]),
      ),
      attributes: variantAttributes,
    };
  }

  async function productState(product: MagentoProduct): Promise<MagentoProductState> {
    let article: Article;
    try {
      article = mapMagentoProduct(product, await readContext());
    } catch (error) {
      // One unreadable product must not stop detection of the others: its export job will fail
      // with this message and wait as a dead letter.
      article = { sku: product.sku, name: product.name ?? product.sku, kind: 'simple', active: false };
      return { article, childSkus: [], websiteIds: [], mappingError: (error as Error).message };
    }
    return { article, childSkus: [], websiteIds: product.extension_attributes?.website_ids ?? [] };
  }

  return {
    async *searchOrders(updatedFrom, statuses) {
      const storeIds = [await shopStoreId()];
      for await (const order of client.searchOrders({ updatedFrom, statuses, storeIds })) {
        const header: OrderHeader = {
          magentoOrderId: order.entity_id,
          incrementId: order.increment_id,
          status: order.status ?? '',
          updatedAt: order.updated_at ?? order.created_at ?? '',
          lines: topLevelItems(order).map((item) => ({ sku: item.sku, qty: num(item.qty_ordered) })),
        };
        yield header;
      }
    },

    async getOrder(magentoOrderId) {
      const raw = await client.getOrder(magentoOrderId);
      if (!raw) return null;
      const order = mapMagentoOrder(raw, {
        shopId: shop.id,
        storeCode: shop.storeCode,
        language: shop.language,
      });
      const shipments = await client.listShipments(magentoOrderId);
      const state: MagentoOrderState = {
        order,
        state: raw.state ?? '',
        items: topLevelItems(raw).map((item) => ({
          lineId: item.item_id,
          sku: item.sku,
          ordered: num(item.qty_ordered),
          shipped: num(item.qty_shipped),
          invoiced: num(item.qty_invoiced),
          canceled: num(item.qty_canceled),
        })),
        shipmentTracks: shipments.flatMap((s) => (s.tracks ?? []).map((t) => t.track_number)),
        statusComments: ((raw.status_histories as { comment?: string | null }[] | undefined) ?? []).map(
          (h) => h.comment ?? '',
        ),
      };
      return state;
    },

    async addOrderComment(magentoOrderId, comment) {
      await client.addComment(magentoOrderId, {
        comment: comment.text,
        status: comment.status,
        isCustomerNotified: comment.notify,
        isVisibleOnFront: comment.notify,
      });
    },

    async ship(magentoOrderId, request) {
      const id = await client.ship(magentoOrderId, {
        items: request.lines.map((l) => ({ orderItemId: l.lineId, qty: l.qty })),
        tracks: request.tracks.map((t) => ({
          trackNumber: t.number,
          title: t.title,
          carrierCode: t.carrier,
        })),
        notify: request.notify,
      });
      return String(id);
    },

    async invoice(magentoOrderId, request) {
      const id = await client.invoice(magentoOrderId, {
        capture: request.capture,
        items: request.lines.map((l) => ({ orderItemId: l.lineId, qty: l.qty })),
        notify: request.notify,
      });
      return String(id);
    },

    async cancel(magentoOrderId) {
      const ok = await client.cancel(magentoOrderId);
      if (!ok)
        throw new PermanentError(`Magento refused to cancel order ${magentoOrderId}`, {
          code: 'magento-cancel-refused',
        });
    },

    async getProduct(sku) {
      const product = await client.getProduct(sku);
      return product ? productState(product) : null;
    },

    async upsertProduct(article, context) {
      const current = await client.getProduct(article.sku);
      const websiteIds = [
        ...new Set([...(current?.extension_attributes?.website_ids ?? []), context.websiteId]),
      ].sort();
      const writeCtx = await writeContext(article, websiteIds);
      const desired = articleToProductPayload(article, writeCtx);
      let outcome: 'created' | 'updated' | 'unchanged';
      if (!current) {
        await client.createProduct(desired, 'all');
        outcome = 'created';
      } else {
        const currentWebsites = [...(current.extension_attributes?.website_ids ?? [])].sort();
        const diff = diffProductPayload(current as MagentoProductPayload, desired);
        const websitesChanged = currentWebsites.join(',') !== websiteIds.join(',');
        if (diff || websitesChanged) {
          const patch: Partial<MagentoProductPayload> = { ...(diff ?? { sku: article.sku }) };
          if (websitesChanged)
            patch.extension_attributes = { ...(patch.extension_attributes ?? {}), website_ids: websiteIds };
          await client.updateProduct(article.sku, patch, 'all');
          outcome = 'updated';
        } else {
          outcome = 'unchanged';
        }
      }
      for (const text of storeTextPayloads(article, writeCtx)) {
        const scoped = await client.getProduct(article.sku, text.storeCode);
        const diff = scoped
          ? diffProductPayload(scoped as MagentoProductPayload, text.product as MagentoProductPayload)
          : text.product;
        if (diff) {
          await client.updateProduct(article.sku, text.product, text.storeCode);
          if (outcome === 'unchanged') outcome = 'updated';
        }
      }
      return outcome;
    },

    async linkVariant(parentSku, childSku, attributes) {
      const existing = await client.listConfigurableOptions(parentSku);
      for (const [code, label] of Object.entries(attributes)) {
        const id = await attributeId(code);
        if (existing.some((o) => String(o.attribute_id) === String(id))) continue;
        try {
          await client.addConfigurableOption(parentSku, {
            attribute_id: String(id),
            label: code,
            position: existing.length,
            is_use_default: true,
            values: [{ value_index: await optionId(code, label) }],
          });
        } catch (error) {
          // Another variant's job may have added the same axis a moment ago: that is success.
          const now = await client.listConfigurableOptions(parentSku);
          if (!now.some((o) => String(o.attribute_id) === String(id))) throw error;
        }
      }
      const children = await client.getConfigurableChildren(parentSku);
      if (children.some((c) => c.sku === childSku)) return;
      try {
        await client.addConfigurableChild(parentSku, childSku);
      } catch (error) {
        // The other shop of this installation linked it a moment ago, or our own link went
        // through and only its answer was lost: attached is success.
        const now = await client.getConfigurableChildren(parentSku);
        if (!now.some((c) => c.sku === childSku)) throw error;
      }
    },

    async *searchProducts(updatedFrom) {
      const { searchCriteria } = await import('../../connectors/magento/search-criteria.ts');
      let criteria = searchCriteria().sortBy('updated_at', 'ASC').pageSize(100);
      if (updatedFrom) criteria = criteria.where('updated_at', 'gteq', updatedFrom);
      for await (const product of client.searchProducts(criteria)) {
        const state = await productState(product);
        if (product.type_id === 'configurable') {
          state.childSkus = (await client.getConfigurableChildren(product.sku)).map((c) => c.sku);
        }
        yield { ...state, updatedAt: (product as { updated_at?: string }).updated_at };
      }
    },

    async getArticles(sku) {
      const product = await client.getProduct(sku);
      if (!product) return null;
      const context = await readContext();
      const articles =
        product.type_id === 'configurable'
          ? mapConfigurableProduct(product, await client.getConfigurableChildren(sku), context)
          : [mapMagentoProduct(product, context)];
      // What the shop has on hand seeds a new Specter article's stock (Specter is master after).
      const stocked = articles.filter((a) => a.kind !== 'configurable');
      const source = shop.stock.msiSource;
      if (source) {
        const items = await client.getSourceItems(
          stocked.map((a) => a.sku),
          source,
        );
        for (const article of stocked) {
          const item = items.find((i) => i.sku === article.sku);
          if (item) article.initialStock = item.quantity;
        }
      } else {
        for (const article of stocked) {
          const item = await client.getStockItem(article.sku);
          if (item?.qty !== null && item?.qty !== undefined) article.initialStock = item.qty;
        }
      }
      return articles;
    },

    async setBasePrices(prices) {
      const failures = await client.updateBasePrices(
        prices.map((p) => ({ sku: p.sku, price: p.price, store_id: 0 })),
      );
      return failures.map((f) => ({
        sku: failedSku(
          f,
          prices.map((p) => p.sku),
        ),
        message: f.message,
      }));
    },

    async getTierPrices(skus) {
      if (skus.length === 0) return [];
      const rows = await client.getTierPrices(skus);
      const codes: Map<number, string> =
        groupCodes ?? new Map((await client.listCustomerGroups()).map((g) => [g.id, g.code]));
      groupCodes = codes;
      const idByCode = new Map([...codes].map(([id, code]) => [code, id]));
      return rows
        .filter((r) => r.price_type === 'fixed')
        .map((r) => ({
          sku: r.sku,
          websiteId: r.website_id,
          customerGroupId: idByCode.get(r.customer_group) ?? -1,
          quantity: r.quantity,
          price: r.price,
        }));
    },

    async setCustomerGroupPrices(prices) {
      const failures = await client.setCustomerGroupPrices(
        prices.map((p) => ({
          sku: p.sku,
          website_id: p.websiteId,
          customer_group_id: p.customerGroupId,
          price: p.price,
        })),
      );
      return failures.map((f) => ({
        sku: failedSku(
          f,
          prices.map((p) => p.sku),
        ),
        message: f.message,
      }));
    },

    async replaceTierPrices(skus, prices) {
      const rows = [];
      for (const p of prices) {
        rows.push({
          sku: p.sku,
          website_id: p.websiteId,
          customer_group: await customerGroupCode(p.customerGroupId),
          quantity: p.quantity,
          price: p.price,
          price_type: 'fixed' as const,
        });
      }
      // PUT replaces every tier price of the SKUs it names; SKUs left with none get an empty set.
      const empty = skus.filter((sku) => !prices.some((p) => p.sku === sku));
      const failures = rows.length ? await client.replaceTierPrices(rows) : [];
      if (empty.length) {
        const current = await client.getTierPrices(empty);
        if (current.length) await client.deleteTierPrices(current);
      }
      return failures.map((f) => ({ sku: failedSku(f, skus), message: f.message }));
    },

    async setStock(levels) {
      const failures: { sku: string; message: string }[] = [];
      const source = shop.stock.msiSource;
      if (source) {
        const items = levels.map((l) => ({
          sku: l.sku,
          source_code: source,
          quantity: l.qty,
          status: (l.inStock ? 1 : 0) as 0 | 1,
        }));
        try {
          await client.saveSourceItems(items);
        } catch (error) {
          if (!(error instanceof PermanentError) || items.length === 1) throw error;
          // One bad SKU fails the whole batch in Magento: save one by one to find it.
          for (const item of items) {
            try {
              await client.saveSourceItems([item]);
            } catch (single) {
              if (!(single instanceof PermanentError)) throw single;
              failures.push({ sku: item.sku, message: single.message });
            }
          }
        }
        return failures;
      }
      for (const level of levels) {
        try {
          let itemId = stockItemIds.get(level.sku);
          if (itemId === undefined) {
            const item = await client.getStockItem(level.sku);
            if (!item?.item_id)
              throw new PermanentError(`Product ${level.sku} does not exist in Magento`, {
                code: 'unknown-sku',
              });
            itemId = item.item_id;
            stockItemIds.set(level.sku, itemId);
          }
          await client.updateStockItem(level.sku, itemId, { qty: level.qty, is_in_stock: level.inStock });
        } catch (error) {
          if (!(error instanceof PermanentError)) throw error;
          failures.push({ sku: level.sku, message: error.message });
        }
      }
      return failures;
    },
  };
}
