// Reads Specter's article register in a worker thread (specter-pages-worker.ts): the main thread
// asks for a page and gets the mapped articles back, with the same errors the client would throw.
import { Worker } from 'node:worker_threads';
import { PermanentError, type SyncError, TransientError } from '../../domain/errors.ts';
import type { SpecterClientSettings } from '../build.ts';
import type { ArticleInfoItem } from '../ports.ts';

/** Old-generation heap of the reading thread. */
const PAGES_THREAD_HEAP_MB = 32;

export interface PagesWorkerData {
  settings: SpecterClientSettings;
  /** The main thread hands out a permit before each attempt (the connection's rate limit). */
  rateLimited: boolean;
}

export type PagesRequest =
  | { type: 'list'; id: number; page: number; pageSize: number }
  | { type: 'permit'; id: number };

interface SerializedError {
  kind: SyncError['kind'];
  message: string;
  code: string;
  retryAfterMs?: number;
  details?: Record<string, unknown>;
}

type PagesReply =
  | { type: 'page'; id: number; result: { items: ArticleInfoItem[]; total: number } }
  | { type: 'failed'; id: number; error: SerializedError }
  | { type: 'permit'; id: number };

interface Waiting {
  resolve: (result: { items: ArticleInfoItem[]; total: number }) => void;
  reject: (error: unknown) => void;
}

function revive(error: SerializedError): SyncError {
  const options = { code: error.code, retryAfterMs: error.retryAfterMs, details: error.details };
  return error.kind === 'transient'
    ? new TransientError(error.message, options)
    : new PermanentError(error.message, options);
}

export class SpecterPagesThread {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 0;
  private ended: Error | undefined;

  constructor(settings: SpecterClientSettings, beforeRequest?: () => Promise<void>) {
    const workerData: PagesWorkerData = { settings, rateLimited: beforeRequest !== undefined };
    this.worker = new Worker(new URL('./specter-pages-worker.mjs', import.meta.url), {
      workerData,
      // Its live data is the page being parsed and the few waiting to be handed over; without caps
      // V8 sizes the thread's heap from the machine's memory and lets a long sync's garbage pile
      // up (a 128 MB cap still let the run's RSS grow 40-80 MB from 5,000 to 50,000 articles).
      resourceLimits: { maxOldGenerationSizeMb: PAGES_THREAD_HEAP_MB, maxYoungGenerationSizeMb: 8 },
    });
    this.worker.on('message', (reply: PagesReply) => {
      if (reply.type === 'permit') {
        // A limiter that fails still lets the attempt go: the remote's answer tells what is wrong.
        void (beforeRequest ?? (async () => {}))()
          .catch(() => {})
          .then(() => this.worker.postMessage({ type: 'permit', id: reply.id } satisfies PagesRequest));
        return;
      }
      const waiting = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      if (reply.type === 'page') waiting?.resolve(reply.result);
      else waiting?.reject(revive(reply.error));
    });
    const fail = (error: Error) => {
      this.ended ??= error;
      for (const waiting of this.waiting.values()) waiting.reject(error);
      this.waiting.clear();
    };
    this.worker.on('error', (error) => fail(error));
    this.worker.on('exit', (code) => fail(new Error(`The Specter page reader stopped (exit code ${code})`)));
  }

  listArticles(page: number, pageSize: number): Promise<{ items: ArticleInfoItem[]; total: number }> {
    if (this.ended) return Promise.reject(this.ended);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ type: 'list', id, page, pageSize } satisfies PagesRequest);
    });
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}
