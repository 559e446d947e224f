import { describe, expect, it } from 'vitest';
import type { MagentoOrder } from '../../../src/connectors/magento/magento-types.ts';
import {
  configurableParentProductIds,
  mapMagentoOrder,
  type OrderShopContext,
} from '../../../src/connectors/magento/map-order.ts';
import { PermanentError } from '../../../src/domain/errors.ts';

const shop: OrderShopContext = {
  shopId: 'se',
  storeCode: 'se_sv',
  language: 'SE',
  parentSkuByProductId: { 100: 'TSHIRT' },
};

/** A registered customer's order: a configurable T-shirt (parent + child), a simple mug, 25 % and 12 % VAT. */
function baseOrder(): MagentoOrder {
  return {
    entity_id: 42,
    increment_id: '000000042',
    store_id: 1,
    status: 'processing',
    state: 'processing',
    created_at: '2026-03-01 09:15:00',
    updated_at: '2026-03-01 09:20:00',
    order_currency_code: 'SEK',
    customer_email: 'anna@example.se',
    customer_firstname: 'Anna',
    customer_lastname: 'Svensson',
    customer_id: 7,
    customer_group_id: 1,
    customer_is_guest: 0,
    billing_address: {
      firstname: 'Anna',
      lastname: 'Svensson',
      street: ['Storgatan 1', ''],
      postcode: '111 22',
      city: 'Stockholm',
      country_id: 'SE',
      telephone: '070-1234567',
    },
    items: [
      {
        item_id: 1,
        product_id: 100,
        product_type: 'configurable',
        sku: 'TSHIRT-BLUE-S',
        name: 'T-shirt',
        qty_ordered: 2,
        price: 160,
        price_incl_tax: 200,
        tax_percent: 25,
        discount_amount: 40,
        row_total_incl_tax: 400,
      },
      {
        item_id: 2,
        parent_item_id: 1,
        product_id: 101,
        product_type: 'simple',
        sku: 'TSHIRT-BLUE-S',
        name: 'T-shirt Blå S',
        qty_ordered: 2,
        price: 0,
        price_incl_tax: 0,
        tax_percent: 0,
        discount_amount: 0,
        row_total_incl_tax: 0,
      },
      {
        item_id: 3,
        product_id: 200,
        product_type: 'simple',
        sku: 'BOOK',
        name: 'Kokbok',
        qty_ordered: 1,
        price: 100,
        price_incl_tax: 106,
        tax_percent: 6,
        discount_amount: 0,
        row_total_incl_tax: 106,
      },
    ],
    payment: { method: 'klarna_kco', last_trans_id: 'klarna-abc-123' },
    shipping_amount: 39.2,
    shipping_tax_amount: 9.8,
    shipping_incl_tax: 49,
    shipping_description: 'PostNord - Ombud',
    grand_total: 515,
    tax_amount: 77.8,
    extension_attributes: {
      shipping_assignments: [
        {
          shipping: {
            method: 'postnord_service_point',
            address: {
              firstname: 'Anna',
              lastname: 'Svensson',
              street: ['Lillgatan 2'],
              postcode: '222 33',
              city: 'Lund',
              country_id: 'SE',
            },
          },
        },
      ],
    },
  };
}

describe('mapMagentoOrder', () => {
  it('maps a registered customer order with a configurable item folded into one line', () => {
    const order = mapMagentoOrder(baseOrder(), shop);
    expect(order).toMatchObject({
      shopId: 'se',
      magentoOrderId: 42,
      incrementId: '000000042',
      storeCode: 'se_sv',
      status: 'processing',
      createdAt: '2026-03-01T09:15:00Z',
      updatedAt: '2026-03-01T09:20:00Z',
      currency: 'SEK',
      paymentMethod: 'klarna_kco',
      paymentReference: 'klarna-abc-123',
      grandTotalInclVat: 515,
      taxTotal: 77.8,
    });
    expect(order.lines).toEqual([
      {
        lineId: 1,
        sku: 'TSHIRT-BLUE-S',
        parentSku: 'TSHIRT',
        name: 'T-shirt Blå S',
        qty: 2,
        unitPriceExclVat: 160,
        unitPriceInclVat: 200,
        vatPercent: 25,
        discountInclVat: 40,
        rowTotalInclVat: 400,
      },
      {
        lineId: 3,
        sku: 'BOOK',
        name: 'Kokbok',
        qty: 1,
        unitPriceExclVat: 100,
        unitPriceInclVat: 106,
        vatPercent: 6,
        discountInclVat: 0,
        rowTotalInclVat: 106,
      },
    ]);
    expect(order.shipping).toEqual({
      method: 'postnord_service_point',
      title: 'PostNord - Ombud',
      amountExclVat: 39.2,
      amountInclVat: 49,
      vatPercent: 25,
    });
    expect(order.customer).toEqual({
      email: 'anna@example.se',
      firstName: 'Anna',
      lastName: 'Svensson',
      isCompany: false,
      magentoCustomerId: 7,
      magentoGroupId: 1,
      billing: {
        firstName: 'Anna',
        lastName: 'Svensson',
        street: ['Storgatan 1'],
        postcode: '111 22',
        city: 'Stockholm',
        countryCode: 'SE',
        phone: '070-1234567',
      },
      shipping: {
        firstName: 'Anna',
        lastName: 'Svensson',
        street: ['Lillgatan 2'],
        postcode: '222 33',
        city: 'Lund',
        countryCode: 'SE',
      },
      language: 'SE',
      currency: 'SEK',
    });
  });

  type Case = {
    name: string;
    change: (o: MagentoOrder) => void;
    check: (o: ReturnType<typeof mapMagentoOrder>) => void;
  };
  const cases: Case[] = [
    {
      name: 'guest order: no customer id, names from billing',
      change: (o) => {
        o.customer_is_guest = 1;
        o.customer_id = undefined;
        o.customer_firstname = undefined;
        o.customer_lastname = undefined;
        o.customer_group_id = 0;
      },
      check: (o) => {
        expect(o.customer.magentoCustomerId).toBeUndefined();
        expect(o.customer.firstName).toBe('Anna');
        expect(o.customer.lastName).toBe('Svensson');
        expect(o.customer.magentoGroupId).toBe(0);
      },
    },
    {
      name: 'company from the billing address, VAT number from vat_id',
      change: (o) => {
        o.billing_address = { ...o.billing_address, company: ' Verkstad AB ', vat_id: 'SE556677889901' };
      },
      check: (o) => {
        expect(o.customer.isCompany).toBe(true);
        expect(o.customer.companyName).toBe('Verkstad AB');
        expect(o.customer.billing.company).toBe('Verkstad AB');
        expect(o.customer.vatNo).toBe('SE556677889901');
      },
    },
    {
      name: 'configurable parent SKU falls back to the parent item SKU when it differs',
      change: (o) => {
        const parent = o.items?.[0];
        if (parent) {
          parent.sku = 'TSHIRT-PARENT';
          parent.product_id = 999;
        }
      },
      check: (o) => {
        expect(o.lines[0]?.sku).toBe('TSHIRT-BLUE-S');
        expect(o.lines[0]?.parentSku).toBe('TSHIRT-PARENT');
      },
    },
    {
      name: 'shipping VAT snapped to an item rate despite cent rounding',
      change: (o) => {
        o.shipping_amount = 7.99;
        o.shipping_tax_amount = 2;
        o.shipping_incl_tax = 9.99;
      },
      check: (o) => expect(o.shipping.vatPercent).toBe(25),
    },
    {
      name: 'free shipping gets the order main VAT rate',
      change: (o) => {
        o.shipping_amount = 0;
        o.shipping_tax_amount = 0;
        o.shipping_incl_tax = 0;
      },
      check: (o) => expect(o.shipping).toMatchObject({ amountInclVat: 0, amountExclVat: 0, vatPercent: 25 }),
    },
    {
      name: 'a shipping discount is taken off the charge',
      change: (o) => {
        o.shipping_discount_amount = 24.5;
      },
      check: (o) =>
        expect(o.shipping).toMatchObject({ amountInclVat: 24.5, amountExclVat: 19.6, vatPercent: 25 }),
    },
    {
      name: 'virtual order without shipping assignment',
      change: (o) => {
        o.extension_attributes = {};
        o.shipping_amount = undefined;
        o.shipping_incl_tax = undefined;
        o.shipping_tax_amount = undefined;
        o.shipping_description = undefined;
      },
      check: (o) => {
        expect(o.shipping).toMatchObject({ method: '', title: '', amountInclVat: 0 });
        expect(o.customer.shipping).toBeUndefined();
      },
    },
    {
      name: 'missing price_incl_tax and row total are computed from price and VAT',
      change: (o) => {
        const book = o.items?.[2];
        if (book) {
          book.price_incl_tax = undefined;
          book.row_total_incl_tax = undefined;
          book.qty_ordered = 3;
        }
      },
      check: (o) => expect(o.lines[1]).toMatchObject({ unitPriceInclVat: 106, rowTotalInclVat: 318 }),
    },
    {
      name: 'no payment transaction id',
      change: (o) => {
        o.payment = { method: 'checkmo', last_trans_id: '' };
      },
      check: (o) => expect(o.paymentReference).toBeUndefined(),
    },
  ];
  it.each(cases)('$name', ({ change, check }) => {
    const order = baseOrder();
    change(order);
    check(mapMagentoOrder(order, shop));
  });

  const missing: { field: string; change: (o: MagentoOrder) => void }[] = [
    {
      field: 'billing_address',
      change: (o) => {
        o.billing_address = undefined;
      },
    },
    {
      field: 'billing_address.city',
      change: (o) => {
        o.billing_address = { ...o.billing_address, city: ' ' };
      },
    },
    {
      field: 'billing_address.street',
      change: (o) => {
        o.billing_address = { ...o.billing_address, street: [''] };
      },
    },
    {
      field: 'billing_address.country_id',
      change: (o) => {
        delete o.billing_address?.country_id;
      },
    },
    {
      field: 'customer_email',
      change: (o) => {
        o.customer_email = undefined;
      },
    },
    {
      field: 'items',
      change: (o) => {
        o.items = [];
      },
    },
    {
      field: 'items[2].tax_percent',
      change: (o) => {
        delete o.items?.[2]?.tax_percent;
      },
    },
    {
      field: 'payment.method',
      change: (o) => {
        o.payment = {};
      },
    },
    {
      field: 'order_currency_code',
      change: (o) => {
        o.order_currency_code = undefined;
      },
    },
    {
      field: 'grand_total',
      change: (o) => {
        o.grand_total = undefined;
      },
    },
  ];
  it.each(missing)(
    'missing $field is a permanent error naming the field and the order',
    ({ field, change }) => {
      const order = baseOrder();
      change(order);
      let thrown: unknown;
      try {
        mapMagentoOrder(order, shop);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(PermanentError);
      const error = thrown as PermanentError;
      expect(error.message).toBe(`Magento order 000000042: required field ${field} is missing`);
      expect(error.code).toBe('magento-missing-field');
      expect(error.details).toMatchObject({ incrementId: '000000042', field });
    },
  );

  it('names the entity id when even the increment id is missing', () => {
    const order = baseOrder();
    (order as { increment_id?: string }).increment_id = undefined;
    expect(() => mapMagentoOrder(order, shop)).toThrow(
      'Magento order with entity id 42: required field increment_id is missing',
    );
  });
});

describe('configurableParentProductIds', () => {
  it('lists the product ids of configurable items once', () => {
    const order = baseOrder();
    order.items?.push({ ...order.items[0]!, item_id: 9 });
    expect(configurableParentProductIds(order)).toEqual([100]);
  });
});
