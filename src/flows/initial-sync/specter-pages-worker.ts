// The thread that reads Specter's article register for an initial sync: it fetches a page, parses
// its XML and maps it to articles, and posts the articles back. Parsing a 1,000-article page and
// the garbage it leaves are most of a sync's CPU time beside the writes; here they run beside the
// main thread, which only maps to Magento, writes and binds.
//
// Messages in:  { type: 'list', id, page, pageSize } and { type: 'permit', id } (a rate-limit
//               permit the main thread granted).
// Messages out: { type: 'page', id, result }, { type: 'failed', id, error } and
//               { type: 'permit', id } (asks the main thread for a permit before each attempt).
import { parentPort, workerData } from 'node:worker_threads';
import { SpecterClient } from '../../connectors/specter/index.ts';
import { classifyError } from '../../domain/errors.ts';
import { createSpecterPort } from '../adapters/specter-adapter.ts';
import type { PagesRequest, PagesWorkerData } from './specter-pages.ts';

const port = parentPort;
if (!port) throw new Error('specter-pages-worker runs as a worker thread');
const { settings, rateLimited } = workerData as PagesWorkerData;

const granted = new Map<number, () => void>();
let nextPermit = 0;
// Every attempt, retries included, waits for the connection's rate limit, which lives in the main
// thread with the rest of the connection's requests.
const askPermit = () =>
  new Promise<void>((resolve) => {
    const id = nextPermit++;
    granted.set(id, resolve);
    port.postMessage({ type: 'permit', id });
  });

const specter = createSpecterPort(
  new SpecterClient({ ...settings, beforeRequest: rateLimited ? askPermit : undefined }),
);

port.on('message', async (message: PagesRequest) => {
  if (message.type === 'permit') {
    granted.get(message.id)?.();
    granted.delete(message.id);
    return;
  }
  try {
    const result = await specter.listArticles(message.page, message.pageSize);
    port.postMessage({ type: 'page', id: message.id, result });
  } catch (error) {
    const failure = classifyError(error);
    port.postMessage({
      type: 'failed',
      id: message.id,
      error: {
        kind: failure.kind,
        message: failure.message,
        code: failure.code,
        retryAfterMs: failure.retryAfterMs,
        details: failure.details,
      },
    });
  }
});
