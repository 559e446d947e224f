import { productFilterRows } from '../domain/product-filter-row.ts';
import {
  attributeValue,
  deleteProduct,
  getProduct,
  productById,
  renderConfigurableOption,
  renderProduct,
  saveProduct,
  touch,
} from '../domain/products.ts';
import { MagentoError } from '../errors.ts';
import { bodyField, type RouteDef, route } from '../route-types.ts';
import { parseSearchCriteria, searchResult } from '../search-criteria.ts';
import type { EmulatorState, ProductRecord, SelectAttribute } from '../state.ts';
import { entityIdBounds, productsInIdWindow } from './product-window.ts';

const R = 'Magento_Catalog::products';
const A = 'Magento_Catalog::attributes_attributes';

function getAttribute(state: EmulatorState, code: string): SelectAttribute {
  const attribute = state.attributes.get(code);
  if (!attribute) {
    throw new MagentoError(
      404,
      'The attribute with a "%1" attributeCode doesn\'t exist. Verify the attribute and try again.',
      [code],
    );
  }
  return attribute;
}

export const catalogRoutes: RouteDef[] = [
  route('GET', '/V1/products', R, ({ state, query, scope }) => {
    const criteria = parseSearchCriteria(query);
    const [low, high] = entityIdBounds(criteria);
    return searchResult(
      productsInIdWindow(state, low, high),
      productFilterRows(criteria, scope.storeId),
      criteria,
      (p) => renderProduct(state, p, scope.storeId),
    );
  }),
  route('GET', '/V1/products/{sku}', R, ({ state, params, scope }) =>
    renderProduct(state, getProduct(state, params.sku as string), scope.storeId),
  ),
  route('POST', '/V1/products', R, ({ state, body, scope }) => {
    const product = saveProduct(state, bodyField(body, 'product'), scope);
    return renderProduct(state, product, scope.storeId);
  }),
  route('PUT', '/V1/products/{sku}', R, ({ state, body, scope, params }) => {
    const product = saveProduct(state, bodyField(body, 'product'), scope, params.sku);
    return renderProduct(state, product, scope.storeId);
  }),
  route('DELETE', '/V1/products/{sku}', R, ({ state, params }) => {
    deleteProduct(state, params.sku as string);
    return true;
  }),

  route('GET', '/V1/products/attributes/{attributeCode}', A, ({ state, params }) => {
    const attribute = getAttribute(state, params.attributeCode as string);
    return {
      attribute_id: attribute.attribute_id,
      attribute_code: attribute.attribute_code,
      frontend_input: 'select',
      default_frontend_label: attribute.label,
      is_required: false,
      scope: 'global',
      options: [
        { label: ' ', value: '' },
        ...attribute.options.map((o) => ({ label: o.label, value: o.value })),
      ],
    };
  }),
  route('GET', '/V1/products/attributes/{attributeCode}/options', A, ({ state, params }) => {
    const attribute = getAttribute(state, params.attributeCode as string);
    // Select attributes list an empty first option, as the admin form needs it.
    return [{ label: ' ', value: '' }, ...attribute.options.map((o) => ({ label: o.label, value: o.value }))];
  }),
  route('POST', '/V1/products/attributes/{attributeCode}/options', A, ({ state, params, body }) => {
    const attribute = getAttribute(state, params.attributeCode as string);
    const option = bodyField<{ label?: unknown; store_labels?: { store_id: number; label: string }[] }>(
      body,
      'option',
    );
    const label = String(
      option.label ?? option.store_labels?.find((l) => l.store_id === 0)?.label ?? '',
    ).trim();
    if (label === '')
      throw new MagentoError(400, 'The attribute option label is empty. Enter a value and try again.');
    if (attribute.options.some((o) => o.label.toLowerCase() === label.toLowerCase())) {
      throw new MagentoError(400, 'Admin store attribute option label "%1" is already exists.', [label]);
    }
    const value = String(attribute.nextOptionId++);
    attribute.options.push({ value, label });
    return `id_${value}`;
  }),

  route('POST', '/V1/configurable-products/{sku}/options', R, ({ state, params, body }) => {
    const product = configurableProduct(state, params.sku as string);
    const option = bodyField<Record<string, unknown>>(body, 'option');
    const attributeId = String(option.attribute_id ?? '');
    const attribute = attributeById(state, attributeId);
    if (!attribute)
      throw new MagentoError(400, 'Provided attribute can not be used with configurable product.');
    if (product.configurableOptions.some((o) => o.attribute_id === attributeId)) {
      throw new MagentoError(400, 'Something went wrong while saving option.');
    }
    const values = Array.isArray(option.values)
      ? option.values.map((v: { value_index?: unknown }) => ({ value_index: Number(v.value_index) }))
      : [];
    if (values.length === 0) throw new MagentoError(400, 'Option values are not specified.');
    const id = state.nextIds.sub++;
    product.configurableOptions.push({
      id,
      attribute_id: attributeId,
      label: String(option.label ?? attribute.label),
      position: Number(option.position ?? product.configurableOptions.length),
      is_use_default: Boolean(option.is_use_default ?? true),
      values,
      product_id: product.id,
    });
    touch(state, product);
    return id;
  }),
  route('GET', '/V1/configurable-products/{sku}/options/all', R, ({ state, params }) =>
    configurableProduct(state, params.sku as string).configurableOptions.map(renderConfigurableOption),
  ),
  route('POST', '/V1/configurable-products/{sku}/child', R, ({ state, params, body }) => {
    const parent = configurableProduct(state, params.sku as string);
    const child = getProduct(state, String(bodyField(body, 'childSku')));
    if (parent.childIds.includes(child.id)) throw new MagentoError(400, 'The product is already attached.');
    if (parent.configurableOptions.length === 0)
      throw new MagentoError(400, "The parent product doesn't have configurable product options.");
    const codes = parent.configurableOptions.map(
      (o) => attributeById(state, o.attribute_id)?.attribute_code ?? '',
    );
    for (const code of codes) {
      if (attributeValue(child, code, 0) === undefined) {
        throw new MagentoError(
          400,
          'The child product doesn\'t have the "%1" attribute value. Verify the value and try again.',
          [code],
        );
      }
    }
    // The child's own signature once, not again for every sibling it is compared with.
    const childSignature = variantSignature(productById(state, child.id) ?? child, codes);
    const clash = parent.childIds.find(
      (id) => variantSignature(productById(state, id) ?? child, codes) === childSignature,
    );
    if (clash !== undefined) {
      throw new MagentoError(400, 'Products "%1" and "%2" have the same set of attribute values.', [
        String(clash),
        String(child.id),
      ]);
    }
    parent.childIds.push(child.id);
    touch(state, parent);
    return true;
  }),
  route('GET', '/V1/configurable-products/{sku}/children', R, ({ state, params, scope }) => {
    const parent = getProduct(state, params.sku as string);
    return parent.childIds
      .map((id) => productById(state, id))
      .filter((p) => p !== undefined)
      .map((p) => renderProduct(state, p, scope.storeId));
  }),
  route('DELETE', '/V1/configurable-products/{sku}/children/{childSku}', R, ({ state, params }) => {
    const parent = configurableProduct(state, params.sku as string);
    const child = state.products.get(params.childSku as string);
    if (!child || !parent.childIds.includes(child.id)) {
      throw new MagentoError(
        404,
        "The option that was requested doesn't exist. Verify the entity and try again.",
      );
    }
    parent.childIds = parent.childIds.filter((id) => id !== child.id);
    touch(state, parent);
    return true;
  }),
];

/** The select attribute with this id (a configurable option names its attribute by id). */
function attributeById(state: EmulatorState, attributeId: string): SelectAttribute | undefined {
  for (const attribute of state.attributes.values())
    if (String(attribute.attribute_id) === attributeId) return attribute;
  return undefined;
}

/** A variant's values of the configurable attributes, as one comparable text. */
function variantSignature(product: ProductRecord, codes: string[]): string {
  return codes.map((code) => String(attributeValue(product, code, 0))).join('|');
}

function configurableProduct(state: EmulatorState, sku: string) {
  const product = getProduct(state, sku);
  if (product.type_id !== 'configurable') {
    throw new MagentoError(400, 'The product with SKU "%1" is not a configurable product.', [sku]);
  }
  return product;
}
