// Writes to Magento through its asynchronous bulk API: many operations per request, sent side by
// side under the concurrency limit. Sent bulks are watched while the sync goes on, so operations
// that depend on others (a configurable's axes on its product, a child link on both) can be sent
// as soon as what they need exists, in the lanes the reading leaves idle.
import { bulkFailures, type MagentoClient, openOperationCount } from '../../connectors/magento/index.ts';
import { forEachLimited, type Limiter, Pipe } from './limiter.ts';

/** The outcome of one operation once Magento has run it. */
export interface SettledOperation {
  route: string;
  sku: string;
  /** Magento's message when the operation failed; undefined when it completed. */
  failure?: string;
}

interface SentBulk {
  uuid: string;
  route: string;
  skus: string[];
}

interface Buffer {
  route: string;
  method: 'POST' | 'PUT';
  items: unknown[];
  skus: string[];
}

export class MagentoBulkWriter {
  private readonly buffers = new Map<string, Buffer>();
  /** Sent and not yet seen finished, oldest first. */
  private readonly open: SentBulk[] = [];
  private readonly pipe: Pipe;
  private watcher: Promise<void> | undefined;
  private watchError: unknown;
  /** Requests made: bulk submissions and status polls. */
  calls = 0;

  constructor(
    private readonly client: MagentoClient,
    private readonly limiter: Limiter,
    /** Told about every operation of a bulk once Magento has run them all. */
    private readonly onSettled: (operations: SettledOperation[]) => void,
    private readonly batchSize = 250,
    private readonly pollMs = 50,
    private readonly maxPollMs = 2_000,
  ) {
    this.pipe = new Pipe(limiter.width);
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

  /** True while a sent bulk has not been seen finished. */
  get busy(): boolean {
    return this.open.length > 0;
  }

  /** Sends every partly filled batch. */
  async flush(): Promise<void> {
    for (const key of [...this.buffers.keys()]) await this.send(key);
    await this.pipe.drain();
  }

  /** Waits until Magento has run every operation sent so far (each reported to `onSettled`). */
  async settle(): Promise<void> {
    await this.pipe.drain();
    while ((this.open.length > 0 || this.watcher) && !this.watchError) {
      this.ensureWatching();
      await this.watcher;
    }
    if (this.watchError) throw this.watchError;
  }

  private async send(key: string): Promise<void> {
    const buffer = this.buffers.get(key);
    if (!buffer || buffer.items.length === 0) return;
    this.buffers.delete(key);
    if (this.watchError) throw this.watchError;
    await this.pipe.submit(async () => {
      this.calls++;
      const uuid = await this.limiter.run(() =>
        this.client.bulk(buffer.route, buffer.items, 'all', buffer.method),
      );
      this.open.push({ uuid, route: buffer.route, skus: buffer.skus });
      this.ensureWatching();
    });
  }

  private ensureWatching(): void {
    if (this.watcher || this.open.length === 0) return;
    this.watcher = this.watch()
      .catch((error) => {
        this.watchError ??= error;
      })
      .finally(() => {
        this.watcher = undefined;
      });
  }

  /**
   * Polls the oldest open bulks until none is left: Magento's consumer tends to run operations in
   * the order they were queued, so the oldest are the ones most likely done. While bulks finish, a
   * round polls as many as there are lanes; once a round finds none finished, only the oldest is
   * asked, after a wait that doubles up to `maxPollMs`. A shop whose consumer runs from cron once a
   * minute is then asked about twice a minute while it waits, not every lane every `pollMs`.
   */
  private async watch(): Promise<void> {
    // As many as the lanes it has now (at least one: a poll waits for a lane like any call).
    let width = Math.max(1, this.limiter.limit);
    let wait = this.pollMs;
    while (this.open.length > 0 && !this.watchError) {
      const round = this.open.slice(0, width);
      let finished = 0;
      await forEachLimited(round, round.length, async (bulk) => {
        if (await this.poll(bulk)) {
          this.open.splice(this.open.indexOf(bulk), 1);
          finished++;
        }
      });
      if (finished > 0) {
        width = Math.max(1, this.limiter.limit);
        wait = this.pollMs;
        continue;
      }
      width = 1;
      await new Promise((resolve) => setTimeout(resolve, wait));
      wait = Math.min(wait * 2, this.maxPollMs);
    }
  }

  /** One status request; reports the bulk's operations and answers true once none is open. */
  private async poll(bulk: SentBulk): Promise<boolean> {
    this.calls++;
    const status = await this.limiter.run(() => this.client.bulkStatus(bulk.uuid));
    if (openOperationCount(status) > 0) return false;
    const failures = new Map(bulkFailures(status).map((f) => [f.id, f.message]));
    this.onSettled(
      bulk.skus.map((sku, id) => ({
        route: bulk.route,
        sku,
        ...(failures.has(id) ? { failure: failures.get(id) || 'failed without a message' } : {}),
      })),
    );
    return true;
  }
}
