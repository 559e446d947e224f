// Replay for tests: puts every finished job of the environment back in the queue, as an operator
// replaying everything would, so a test can show a second run changes nothing.
import type { Environment } from '../../src/demo/environment.ts';
import { magentoOrder, magentoOrders } from './compare.ts';

export async function replayAllJobs(env: Environment): Promise<number> {
  const done = await env.store.db
    .selectFrom('jobs')
    .select(['id', 'dedupe_key'])
    .where('status', '=', 'done')
    .where('kind', '<>', 'item.failed')
    .orderBy('id')
    .execute();
  const queued = new Set(
    (await env.store.db.selectFrom('jobs').select('dedupe_key').where('status', '=', 'queued').execute()).map(
      (j) => j.dedupe_key,
    ),
  );
  // One queued job per dedupe key is allowed: replay the newest done job of each key.
  const newest = new Map<string, string>();
  for (const job of done) {
    const key = job.dedupe_key ?? `id:${job.id}`;
    if (job.dedupe_key && queued.has(job.dedupe_key)) continue;
    newest.set(key, String(job.id));
  }
  const ids = [...newest.values()];
  for (let i = 0; i < ids.length; i += 500) {
    await env.store.db
      .updateTable('jobs')
      .set({ status: 'queued', attempts: 0, run_at: new Date(), finished_at: null })
      .where('id', 'in', ids.slice(i, i + 500))
      .execute();
  }
  env.runtime.poke();
  return ids.length;
}

export async function shipmentAndCaptureCounts(env: Environment) {
  let shipments = 0;
  let invoices = 0;
  let captures = 0;
  for (const url of env.magentoUrls) {
    for (const order of await magentoOrders(url)) {
      const detail = await magentoOrder(url, order.entity_id);
      shipments += detail.shipments.length;
      invoices += detail.invoices.length;
      captures += detail.captures.length;
    }
  }
  return { shipments, invoices, captures };
}
