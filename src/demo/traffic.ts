// Demo traffic, like a real shop's day: orders in the webshops, sales at the till (stock changes
// in Specter), deliveries packed in the warehouse. Deterministic from the seed.

import { controlCall } from './emulator-control.ts';
import { DEMO_SBM_ID, type Environment } from './environment.ts';

/** A small seeded generator (mulberry32): the same seed gives the same traffic, run after run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Traffic {
  ordersPlaced(): number;
  stop(): Promise<void>;
}

export interface TrafficOptions {
  seed: number;
  orderEveryMs?: number;
  stockEveryMs?: number;
  deliverEveryMs?: number;
}

export function startTraffic(env: Environment, options: TrafficOptions): Traffic {
  const rnd = seededRandom(options.seed);
  const account = `/accounts/${DEMO_SBM_ID}`;
  let placed = 0;
  const running = new Set<Promise<unknown>>();
  const timers: NodeJS.Timeout[] = [];
  const every = (ms: number, task: () => Promise<void>) => {
    const timer = setInterval(() => {
      const p = task()
        .catch(() => {})
        .finally(() => running.delete(p));
      running.add(p);
    }, ms);
    timers.push(timer);
  };

  every(options.orderEveryMs ?? 2_500, async () => {
    for (const url of env.magentoUrls) {
      const result = await controlCall<{ orders: unknown[] }>(url, 'POST', '/orders/random', { count: 1 });
      placed += result.orders.length;
    }
  });
  every(options.stockEveryMs ?? 3_000, async () => {
    const stock = await controlCall<{ articleNo: string; available: number }[]>(
      env.specterUrl,
      'GET',
      `${account}/stock`,
    );
    if (stock.length === 0) return;
    const pick = stock[Math.floor(rnd() * stock.length)]!;
    const delta = rnd() < 0.7 ? -1 : 5;
    await controlCall(
      env.specterUrl,
      'POST',
      `${account}/articles/${encodeURIComponent(pick.articleNo)}/stock`,
      { delta },
    );
  });
  every(options.deliverEveryMs ?? 4_000, async () => {
    const orders = await controlCall<{ orderNo: number; deliveryStatus: string; statusId: number }[]>(
      env.specterUrl,
      'GET',
      `${account}/orders`,
    );
    const open = orders.filter((o) => o.deliveryStatus === 'N' && o.statusId !== 5);
    if (open.length === 0) return;
    const order = open[Math.floor(rnd() * open.length)]!;
    await controlCall(env.specterUrl, 'POST', `${account}/orders/${order.orderNo}/deliver`, {
      trackingNo: `PN${Math.floor(rnd() * 1e9)}SE`,
      carrier: 'POSTNORD',
    });
  });

  return {
    ordersPlaced: () => placed,
    async stop() {
      for (const timer of timers) clearInterval(timer);
      await Promise.all([...running]);
    },
  };
}
