import { detailedOperation, getBulk } from '../domain/bulk.ts';
import { type RouteDef, route } from '../route-types.ts';

const R = 'Magento_Logging::system_magento_logging_bulk_operations';

export const bulkStatusRoutes: RouteDef[] = [
  route('GET', '/V1/bulk/{bulkUuid}/status', R, ({ state, params }) => {
    const bulk = getBulk(state, params.bulkUuid as string);
    return {
      operations_list: bulk.operations.map((o) => ({
        id: o.id,
        status: o.status,
        result_message: o.result_message,
        error_code: o.error_code,
      })),
      bulk_id: bulk.bulk_uuid,
      description: bulk.description,
      start_time: bulk.start_time,
      user_id: bulk.user_id,
      operation_count: bulk.operations.length,
    };
  }),
  route('GET', '/V1/bulk/{bulkUuid}/detailed-status', R, ({ state, params }) => {
    const bulk = getBulk(state, params.bulkUuid as string);
    return {
      operations_list: bulk.operations.map((o) => detailedOperation(o, bulk.bulk_uuid)),
      bulk_id: bulk.bulk_uuid,
      description: bulk.description,
      start_time: bulk.start_time,
      user_id: bulk.user_id,
      operation_count: bulk.operations.length,
    };
  }),
  route(
    'GET',
    '/V1/bulk/{bulkUuid}/operation-status/{status}',
    R,
    ({ state, params }) =>
      getBulk(state, params.bulkUuid as string).operations.filter((o) => o.status === Number(params.status))
        .length,
  ),
];
