import * as crypto from 'node:crypto';
import { MagentoError } from '../errors.ts';
import type { RouteDef } from '../route-types.ts';
import type { BulkOperation, EmulatorState } from '../state.ts';

/** Operation statuses of Magento_AsynchronousOperations. */
export const OPERATION = {
  COMPLETE: 1,
  RETRIABLY_FAILED: 2,
  NOT_RETRIABLY_FAILED: 3,
  OPEN: 4,
  REJECTED: 5,
} as const;

export function topicName(route: RouteDef): string {
  const path = route.path.replace(/[{}]/g, '').split('/').filter(Boolean).join('.').toLowerCase();
  return `async.${path}.${route.method.toLowerCase()}`;
}

/**
 * The one-shot crypto.hash gives the digest createHash().update().digest() does, without a Hash
 * object per bulk entry; it is missing before Node 20.12, where the Hash object is still used.
 */
const sha256Hex: (text: string) => string =
  typeof crypto.hash === 'function'
    ? (text) => crypto.hash('sha256', text, 'hex')
    : (text) => crypto.createHash('sha256').update(text).digest('hex');

export interface QueuedOperation {
  bulkUuid: string;
  operationId: number;
  run: () => unknown;
}

/** Registers a bulk with one open operation per accepted item, answering as Magento's async webapi does. */
export function acceptBulk(
  state: EmulatorState,
  route: RouteDef,
  items: unknown[],
  makeRun: (item: Record<string, unknown>) => () => unknown,
  enqueue: (op: QueuedOperation) => void,
): Record<string, unknown> {
  const bulkUuid = crypto.randomUUID();
  // Worked out once per bulk, not twice per entry.
  const topic = topicName(route);
  const operations: BulkOperation[] = [];
  const requestItems = items.map((item, id) => {
    const serialized = JSON.stringify(item);
    const dataHash = sha256Hex(serialized);
    const accepted = item !== null && typeof item === 'object' && !Array.isArray(item);
    operations.push({
      id,
      topic_name: topic,
      status: accepted ? OPERATION.OPEN : OPERATION.REJECTED,
      result_message: accepted ? null : 'Input data is not an object',
      error_code: null,
      serialized_data: serialized,
      result: null,
    });
    if (accepted) enqueue({ bulkUuid, operationId: id, run: makeRun(item as Record<string, unknown>) });
    return {
      id,
      data_hash: dataHash,
      status: accepted ? 'accepted' : 'rejected',
      ...(accepted ? {} : { error_message: 'Input data is not an object' }),
    };
  });
  state.bulks.set(bulkUuid, {
    bulk_uuid: bulkUuid,
    description: `Topic ${topic}`,
    start_time: state.clock.timestamp(),
    user_id: 1,
    operations,
  });
  return {
    bulk_uuid: bulkUuid,
    request_items: requestItems,
    errors: requestItems.some((r) => r.status !== 'accepted'),
  };
}

/** Runs one queued operation and records its outcome. */
export async function processOperation(state: EmulatorState, op: QueuedOperation): Promise<void> {
  const operation = state.bulks.get(op.bulkUuid)?.operations[op.operationId];
  if (!operation) return;
  try {
    const result = await op.run();
    operation.status = OPERATION.COMPLETE;
    operation.result_message = 'Service execution success ';
    operation.result = { answer: result ?? null };
  } catch (error) {
    const isClientError = error instanceof MagentoError && error.status < 500;
    operation.status = isClientError ? OPERATION.NOT_RETRIABLY_FAILED : OPERATION.RETRIABLY_FAILED;
    operation.result_message =
      error instanceof MagentoError
        ? fillPlaceholders(error.message, error.parameters)
        : String((error as Error)?.message ?? error);
    operation.error_code = error instanceof MagentoError ? error.status : 0;
  }
}

/** Operation result messages are rendered phrases: the %placeholders carry their values. */
export function fillPlaceholders(
  message: string,
  parameters: Record<string, unknown> | unknown[] | undefined,
): string {
  if (!parameters) return message;
  if (Array.isArray(parameters))
    return message.replace(/%(\d+)/g, (m, n) =>
      parameters[Number(n) - 1] === undefined ? m : String(parameters[Number(n) - 1]),
    );
  return message.replace(/%([A-Za-z_]+)/g, (m, key) => (key in parameters ? String(parameters[key]) : m));
}

/** An operation as Magento's detailed status lists it. */
export function detailedOperation(operation: BulkOperation, bulkUuid: string): Record<string, unknown> {
  const { result, ...fields } = operation;
  return {
    ...fields,
    bulk_uuid: bulkUuid,
    result_serialized_data: result ? JSON.stringify(result.answer) : null,
  };
}

export function getBulk(state: EmulatorState, uuid: string) {
  const bulk = state.bulks.get(uuid);
  if (!bulk) throw new MagentoError(404, 'Bulk uuid %bulkUuid not exist', { bulkUuid: uuid });
  return bulk;
}
