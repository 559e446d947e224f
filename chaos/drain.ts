// Waits until the workers have caught up after the burst: no job queued or running, Specter's
// feeds read and acknowledged for every web shop, and every Magento order bound or dead-lettered;
// all of it three checks in a row, a second apart.
import { controlCall } from '../src/demo/emulator-control.ts';
import { DEMO_SBM_ID } from '../src/demo/environment.ts';
import type { Store } from '../src/store/db.ts';
import type { ChaosSystems } from './systems.ts';

interface FeedState {
  pending: string[];
  openBatch: unknown;
}

async function busy(store: Store, systems: ChaosSystems): Promise<string | null> {
  const jobs = await store.db
    .selectFrom('jobs')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('status', 'in', ['queued', 'running'])
    .executeTakeFirstOrThrow();
  if (Number(jobs.n) > 0) return `${jobs.n} jobs queued or running`;
  for (const shop of systems.shops) {
    const feeds = await controlCall<Record<string, FeedState>>(
      systems.specter.url,
      'GET',
      `/accounts/${DEMO_SBM_ID}/webshops/${shop.webshopId}/feeds`,
    );
    for (const [name, feed] of Object.entries(feeds)) {
      if (feed.pending.length > 0 || feed.openBatch)
        return `feed ${name} of web shop ${shop.webshopId} unread`;
    }
  }
  const placed = (await controlCall<{ orders: unknown[] }>(systems.magento.url, 'GET', '/state/summary'))
    .orders.length;
  const bound = await store.db
    .selectFrom('bindings')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('entity_type', '=', 'order')
    .executeTakeFirstOrThrow();
  const dead = await store.db
    .selectFrom('dead_letters')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('stream', '=', 'orders')
    .where('resolved_at', 'is', null)
    .executeTakeFirstOrThrow();
  if (Number(bound.n) + Number(dead.n) < placed) return `${placed - Number(bound.n)} orders not yet bound`;
  return null;
}

export async function drain(
  store: Store,
  systems: ChaosSystems,
  timeoutMs: number,
): Promise<{ drained: boolean; seconds: number; last: string | null }> {
  const started = Date.now();
  let quiet = 0;
  let last: string | null = null;
  while (Date.now() - started < timeoutMs) {
    last = await busy(store, systems);
    quiet = last === null ? quiet + 1 : 0;
    if (quiet >= 3) return { drained: true, seconds: Math.round((Date.now() - started) / 1000), last };
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  return { drained: false, seconds: Math.round((Date.now() - started) / 1000), last };
}
