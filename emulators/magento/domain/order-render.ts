import type {
  Address,
  EmulatorState,
  InvoiceRecord,
  OrderItem,
  OrderRecord,
  ShipmentRecord,
  StatusHistory,
} from '../state.ts';

/** The sales-data-order-interface shape. Base amounts equal order amounts: base and display currency match per website. */

function renderItem(item: OrderItem): Record<string, unknown> {
  const { product_options, ...rest } = item;
  return {
    ...rest,
    base_original_price: item.original_price,
    base_row_invoiced: item.row_invoiced,
    base_tax_invoiced: item.tax_invoiced,
    qty_backordered: 0,
    qty_returned: 0,
    free_shipping: 0,
    no_discount: 0,
    is_qty_decimal: 0,
    ...(product_options ? { product_option: { extension_attributes: {} } } : {}),
  };
}

function renderAddress(address: Address): Record<string, unknown> {
  return { ...address, street: [...address.street] };
}

export function renderHistory(history: StatusHistory): Record<string, unknown> {
  return { ...history };
}

export function renderOrder(state: EmulatorState, order: OrderRecord): Record<string, unknown> {
  const items = order.items.map(renderItem);
  const view = state.views.find((v) => v.id === order.store_id);
  const website = state.websites.find((w) => w.website_id === view?.website_id);
  const group = state.groups.find((g) => g.id === view?.store_group_id);
  const base = (field: string, value: number) => ({ [field]: value, [`base_${field}`]: value });
  return {
    entity_id: order.entity_id,
    increment_id: order.increment_id,
    state: order.state,
    status: order.status,
    store_id: order.store_id,
    store_name: [website?.name, group?.name, view?.name].filter(Boolean).join('\n'),
    created_at: order.created_at,
    updated_at: order.updated_at,
    customer_email: order.customer_email,
    customer_firstname: order.customer_firstname,
    customer_lastname: order.customer_lastname,
    customer_is_guest: order.customer_is_guest,
    customer_group_id: order.customer_group_id,
    ...(order.customer_id !== undefined ? { customer_id: order.customer_id } : {}),
    customer_note_notify: 1,
    email_sent: 1,
    is_virtual: order.shipping_address ? 0 : 1,
    order_currency_code: order.order_currency_code,
    base_currency_code: order.base_currency_code,
    store_currency_code: order.base_currency_code,
    global_currency_code: order.base_currency_code,
    base_to_global_rate: 1,
    base_to_order_rate: 1,
    store_to_base_rate: 0,
    store_to_order_rate: 0,
    ...base('subtotal', order.subtotal),
    ...base('subtotal_incl_tax', order.subtotal_incl_tax),
    ...base('shipping_amount', order.shipping_amount),
    ...base('shipping_incl_tax', order.shipping_incl_tax),
    ...base('shipping_tax_amount', order.shipping_tax_amount),
    ...base('shipping_discount_amount', 0),
    ...base('discount_amount', order.discount_amount),
    ...base('discount_tax_compensation_amount', order.discount_tax_compensation_amount),
    ...base('tax_amount', order.tax_amount),
    ...base('grand_total', order.grand_total),
    ...base('total_invoiced', order.total_invoiced),
    ...base('total_paid', order.total_paid),
    ...base('total_canceled', order.total_canceled),
    ...base('total_due', Math.round((order.grand_total - order.total_paid) * 100) / 100),
    ...base('shipping_invoiced', order.shipping_invoiced),
    ...(order.coupon_code ? { coupon_code: order.coupon_code, discount_description: order.coupon_code } : {}),
    shipping_description: order.shipping_description,
    total_item_count: order.items.filter((i) => i.parent_item_id === undefined).length,
    total_qty_ordered: order.items
      .filter((i) => i.parent_item_id === undefined)
      .reduce((s, i) => s + i.qty_ordered, 0),
    weight: order.items.filter((i) => i.parent_item_id === undefined).reduce((s, i) => s + i.row_weight, 0),
    items,
    billing_address: renderAddress(order.billing_address),
    payment: {
      ...order.payment,
      additional_information: [...order.payment.additional_information],
      ...base('amount_ordered', order.payment.amount_ordered),
      ...(order.payment.amount_paid !== undefined ? base('amount_paid', order.payment.amount_paid) : {}),
      account_status: null,
      cc_last4: null,
    },
    status_histories: [...order.status_histories].reverse().map(renderHistory),
    extension_attributes: {
      shipping_assignments: [
        {
          shipping: {
            ...(order.shipping_address ? { address: renderAddress(order.shipping_address) } : {}),
            method: order.shipping_method,
            total: {
              ...base('shipping_amount', order.shipping_amount),
              ...base('shipping_incl_tax', order.shipping_incl_tax),
              ...base('shipping_tax_amount', order.shipping_tax_amount),
              ...base('shipping_discount_amount', 0),
            },
          },
          items: items.filter((i) => i.parent_item_id === undefined),
        },
      ],
      payment_additional_info: [
        { key: 'method_title', value: order.payment.additional_information[0] ?? order.payment.method },
      ],
    },
  };
}

export function renderShipment(
  shipment: ShipmentRecord,
  order: OrderRecord | undefined,
): Record<string, unknown> {
  const { notified, ...rest } = shipment;
  return {
    ...rest,
    email_sent: notified ? 1 : 0,
    billing_address_id: order?.billing_address.entity_id,
    shipping_address_id: order?.shipping_address?.entity_id,
    customer_id: order?.customer_id,
    items: shipment.items.map((i) => ({ ...i })),
    tracks: shipment.tracks.map((t) => ({ ...t })),
    comments: shipment.comments.map((c) => ({ ...c })),
    packages: [],
  };
}

export function renderInvoice(
  invoice: InvoiceRecord,
  order: OrderRecord | undefined,
): Record<string, unknown> {
  const { notified, ...rest } = invoice;
  const base = (field: string, value: number) => ({ [field]: value, [`base_${field}`]: value });
  return {
    ...rest,
    ...base('subtotal', invoice.subtotal),
    ...base('subtotal_incl_tax', invoice.subtotal_incl_tax),
    ...base('tax_amount', invoice.tax_amount),
    ...base('shipping_amount', invoice.shipping_amount),
    ...base('shipping_incl_tax', invoice.shipping_incl_tax),
    ...base('shipping_tax_amount', invoice.shipping_tax_amount),
    ...base('discount_amount', invoice.discount_amount),
    ...base('grand_total', invoice.grand_total),
    email_sent: notified ? 1 : 0,
    billing_address_id: order?.billing_address.entity_id,
    shipping_address_id: order?.shipping_address?.entity_id,
    items: invoice.items.map((i) => ({ ...i })),
    comments: [],
  };
}
