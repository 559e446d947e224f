import { addOrderComment, cancelOrder, invoiceOrder, shipOrder } from '../domain/order-actions.ts';
import { renderHistory, renderInvoice, renderOrder, renderShipment } from '../domain/order-render.ts';
import { getOrder, orderFilterRow } from '../domain/orders.ts';
import { MagentoError } from '../errors.ts';
import { bodyField, type RouteDef, route } from '../route-types.ts';
import { parseSearchCriteria, searchResult } from '../search-criteria.ts';

const VIEW = 'Magento_Sales::actions_view';
const SHIP = 'Magento_Sales::ship';
const INVOICE = 'Magento_Sales::invoice';
const CANCEL = 'Magento_Sales::cancel';
const COMMENT = 'Magento_Sales::comment';

const flat = (record: object): Record<string, unknown> => {
  const row: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record))
    if (value === null || typeof value !== 'object') row[key] = value;
  return row;
};

const notFound = () =>
  new MagentoError(404, "The entity that was requested doesn't exist. Verify the entity and try again.");

export const salesRoutes: RouteDef[] = [
  route('GET', '/V1/orders', VIEW, ({ state, query }) =>
    searchResult([...state.orders.values()], orderFilterRow, parseSearchCriteria(query), (o) =>
      renderOrder(state, o),
    ),
  ),
  route('GET', '/V1/orders/{id}', VIEW, ({ state, params }) =>
    renderOrder(state, getOrder(state, Number(params.id))),
  ),
  route('GET', '/V1/orders/{id}/comments', VIEW, ({ state, params }) => {
    const order = getOrder(state, Number(params.id));
    const items = order.status_histories.map(renderHistory);
    return {
      items,
      search_criteria: {
        filter_groups: [
          { filters: [{ field: 'parent_id', value: String(order.entity_id), condition_type: 'eq' }] },
        ],
      },
      total_count: items.length,
    };
  }),
  route('POST', '/V1/orders/{id}/comments', COMMENT, ({ state, params, body }) =>
    addOrderComment(state, Number(params.id), bodyField(body, 'statusHistory')),
  ),
  route('POST', '/V1/orders/{id}/cancel', CANCEL, ({ state, params }) =>
    cancelOrder(state, Number(params.id)),
  ),
  route('POST', '/V1/order/{orderId}/ship', SHIP, ({ state, params, body }) =>
    shipOrder(state, Number(params.orderId), body),
  ),
  route('POST', '/V1/order/{orderId}/invoice', INVOICE, ({ state, params, body }) =>
    invoiceOrder(state, Number(params.orderId), body),
  ),
  route('GET', '/V1/shipments', SHIP, ({ state, query }) =>
    searchResult([...state.shipments.values()], flat, parseSearchCriteria(query), (s) =>
      renderShipment(s, state.orders.get(s.order_id)),
    ),
  ),
  route('GET', '/V1/shipment/{id}', SHIP, ({ state, params }) => {
    const shipment = state.shipments.get(Number(params.id));
    if (!shipment) throw notFound();
    return renderShipment(shipment, state.orders.get(shipment.order_id));
  }),
  route('GET', '/V1/invoices', INVOICE, ({ state, query }) =>
    searchResult([...state.invoices.values()], flat, parseSearchCriteria(query), (i) =>
      renderInvoice(i, state.orders.get(i.order_id)),
    ),
  ),
  route('GET', '/V1/invoices/{id}', INVOICE, ({ state, params }) => {
    const invoice = state.invoices.get(Number(params.id));
    if (!invoice) throw notFound();
    return renderInvoice(invoice, state.orders.get(invoice.order_id));
  }),
];
