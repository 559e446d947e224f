// Writes to Magento through its asynchronous bulk API: many operations per request, sent side by
// side under the concurrency limit, then waited for; each failed operation is traced back to its SKU.
import { BulkOperationStatus, bulkFailures, type MagentoClient } from '../../connectors/magento/index.ts';
import { forEachLimited, type Limiter, Pipe } from './limiter.ts';

interface SentBulk {
  uuid: string;
  skus: string[];
}

interface Buffer {
  route: string;
  method: 'POST' | 'PUT';
  items: unknown[];
  skus: string[];
}

export interface BulkFailure {
  sku: string;
  message: string;
}

export class MagentoBulkWriter {
  private readonly buffers = new Map<string, Buffer>();
  private readonly sent: SentBulk[] = [];
  private readonly pipe: Pipe;
  /** Requests made: bulk submissions and status polls. */
  calls = 0;

  constructor(
    private readonly client: MagentoClient,
    private readonly limiter: Limiter,
    private readonly batchSize = 250,
    private readonly pollMs = 50,
  ) {
    this.pipe = new Pipe(limiter.limit);
  }

  /** Queues one operation; sends a full batch (waiting only when every lane is busy). */
  async add(route: string, method: 'POST' | 'PUT', item: unknown, sku: string): Promise<void> {
    const key = `${method} ${route}`;
    let buffer = this.buffers.get(key);
    if (!buffer) {
      buffer = { route, method, items: [], skus: [] };
      this.buffers.set(key, buffer);
    }
    buffer.items.push(item);
    buffer.skus.push(sku);
    if (buffer.items.length >= this.batchSize) await this.send(key);
  }

  private async send(key: string): Promise<void> {
    const buffer = this.buffers.get(key);
    if (!buffer || buffer.items.length === 0) return;
    this.buffers.delete(key);
    await this.pipe.submit(async () => {
      this.calls++;
      const uuid = await this.limiter.run(() =>
        this.client.bulk(buffer.route, buffer.items, 'all', buffer.method),
      );
      this.sent.push({ uuid, skus: buffer.skus });
    });
  }

  /** Sends what is buffered, waits until Magento has run every operation, answers the failures. */
  async finish(): Promise<BulkFailure[]> {
    for (const key of [...this.buffers.keys()]) await this.send(key);
    await this.pipe.drain();
    const bulks = this.sent.splice(0);
    const failures: BulkFailure[] = [];
    await forEachLimited(bulks, this.limiter.limit, async (bulk) => {
      for (;;) {
        this.calls++;
        const status = await this.limiter.run(() => this.client.bulkStatus(bulk.uuid));
        const listed = status.operations_list.length;
        const open =
          status.operations_list.filter((op) => op.status === BulkOperationStatus.open).length +
          Math.max(0, (status.operation_count ?? listed) - listed);
        if (open === 0) {
          for (const failure of bulkFailures(status))
            failures.push({
              sku: bulk.skus[failure.id] ?? `operation ${failure.id}`,
              message: failure.message,
            });
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, this.pollMs));
      }
    });
    return failures;
  }
}
