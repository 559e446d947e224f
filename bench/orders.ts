// Orders placed in Magento at a steady rate; latency from placing (the emulator's answer) to the
// order existing in Specter (Specter's own createdAt), read once at the end so the measuring does
// not load the system. Magento has no webhooks (nor does the emulator), so "woken" stands for a
// shop-side push: after each placement the order poll is run at once (Runtime.runScheduleNow, what
// a Magento module calling Koppla would trigger); the other runs rely on polling alone.
import { writeFileSync } from 'node:fs';
import { controlCall } from '../src/demo/emulator-control.ts';
import { DEMO_SBM_ID } from '../src/demo/environment.ts';
import { startBenchEmulators } from './emulators.ts';
import type { BenchContext } from './main.ts';
import { percentiles, startWorkerProcess } from './worker-process.ts';

/**
 * Orders placed a second: 10 in the full run (5,000 orders, 500 s a variant), 12 in the quick run
 * (its three variants then take some 2 min 35 s of `--quick`'s 5 minutes; at 10 a second they took
 * 3 of them). Not faster: one connection on the embedded store kept up with woken orders at 15 a
 * second on some days (p95 0.23-0.44 s) but not on others (p95 2.5 s in a slow hour), and fell
 * behind at 20 (p95 4.5-5.7 s); its worker is then busy in the database, about 35 statements an
 * order.
 */
function ordersPerSecond(quick: boolean): number {
  return Number(process.env.BENCH_ORDERS_PER_SECOND ?? (quick ? 12 : 10));
}
const DEFAULT_POLL_SECONDS = 10;

type Variant = { name: string; pollSeconds: number; wake: boolean };

async function oneRun(variant: Variant, orders: number, context: BenchContext) {
  context.log(`  orders ${variant.name}, ${orders} orders`);
  const env = await startBenchEmulators({
    catalogueIn: 'both',
    // 1,000 sellable articles: enough stock for 5,000 orders (100 ran out after about 2,500).
    catalogue: { configurables: 200, variantsPerConfigurable: 4, simpleArticles: 200 },
    flowMode: 'ecom-master',
    adjust: (raw) => {
      const streams = raw.streams as Record<string, Record<string, unknown>>;
      streams.orders = { pollSeconds: variant.pollSeconds, overlapSeconds: 5 };
      streams.articles = { enabled: false };
      // The remote's allowance: more requests at once are answered 429 and retried a second later.
      raw.limits = { concurrency: context.maxConcurrent };
    },
  });
  const worker = await startWorkerProcess(env.configFile);
  try {
    await env.setFaults({ latencyMs: context.latencyMs, maxConcurrent: context.maxConcurrent });
    await env.resetRequests();
    const placedAt = new Map<string, number>();
    const started = performance.now();
    const stepMs = 1000 / ordersPerSecond(context.quick);
    for (let i = 0; i < orders; i++) {
      const due = started + i * stepMs;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const result = await controlCall<{ orders: { increment_id: string }[] }>(
        env.magentoUrl,
        'POST',
        '/orders/random',
        { count: 1 },
      );
      const now = Date.now();
      for (const o of result.orders) placedAt.set(o.increment_id, now);
      if (variant.wake) worker.wake('orders-poll:se');
    }
    const placingSeconds = (performance.now() - started) / 1000;
    // Wait until every order is in Specter (or give up after a few poll intervals).
    const deadline = Date.now() + (variant.pollSeconds * 3 + 60) * 1000;
    let present: { externalOrderNo: string; createdAt: string }[] = [];
    while (Date.now() < deadline) {
      present = await controlCall(env.specterUrl, 'GET', `/accounts/${DEMO_SBM_ID}/orders`);
      if (present.filter((o) => placedAt.has(o.externalOrderNo)).length >= placedAt.size) break;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    const latencies = present
      .filter((o) => placedAt.has(o.externalOrderNo))
      .map((o) => Date.parse(o.createdAt) - placedAt.get(o.externalOrderNo)!);
    if (process.env.BENCH_ORDERS_DUMP) {
      // BENCH_ORDERS_DUMP=<path prefix>: every order's placing time and latency, to see when slow ones happen.
      const rows = present
        .filter((o) => placedAt.has(o.externalOrderNo))
        .map((o) => ({
          order: o.externalOrderNo,
          placedSecond: Number(
            ((placedAt.get(o.externalOrderNo)! - started - performance.timeOrigin) / 1000).toFixed(1),
          ),
          latencyMs: Date.parse(o.createdAt) - placedAt.get(o.externalOrderNo)!,
        }));
      writeFileSync(`${process.env.BENCH_ORDERS_DUMP}.${variant.name}-${orders}.json`, JSON.stringify(rows));
    }
    const calls = await env.requests();
    const rss = await worker.stop();
    return {
      orders,
      arrived: latencies.length,
      placingSeconds: Number(placingSeconds.toFixed(1)),
      latencyMs: percentiles(latencies),
      callsPerOrder: {
        magento: Number((calls.magento / orders).toFixed(2)),
        specter: Number((calls.specter / orders).toFixed(2)),
      },
      peakRssMb: rss.peakRssMb,
      rssAtStartMb: rss.rssAtStartMb,
      heapAtStartMb: rss.heapAtStartMb,
      peakHeapMb: rss.peakHeapMb,
    };
  } finally {
    await env.close();
  }
}

export async function ordersBenchmark(context: BenchContext) {
  const large = Number(process.env.BENCH_ORDERS ?? (context.quick ? 500 : 5_000));
  const variants: Variant[] = [
    { name: 'woken', pollSeconds: DEFAULT_POLL_SECONDS, wake: true },
    { name: 'poll-1s', pollSeconds: 1, wake: false },
    { name: `poll-${DEFAULT_POLL_SECONDS}s-default`, pollSeconds: DEFAULT_POLL_SECONDS, wake: false },
  ];
  const runs: Record<string, unknown> = {};
  // BENCH_ORDERS_ONLY=poll-1s runs one variant and BENCH_ORDERS=N sets the count (while working on it).
  const only = process.env.BENCH_ORDERS_ONLY;
  for (const variant of variants.filter((v) => !only || v.name === only))
    runs[variant.name] = await oneRun(variant, large, context);
  // RSS at a tenth of the orders, woken variant, to show it stays flat.
  const small = await oneRun(variants[0]!, large / 10, context);
  const big = (runs.woken ?? small) as { peakRssMb: number };
  return {
    parameters: {
      orders: large,
      ordersPerSecond: ordersPerSecond(context.quick),
      latencyMs: context.latencyMs,
      maxConcurrent: context.maxConcurrent,
      measured:
        'placed = Magento emulator answered POST /_emulator/orders/random; present = Specter order createdAt (same clock, one machine)',
      woken:
        'no Magento webhooks exist in the emulator: after each order the bench asks the worker to run the order poll now (runScheduleNow), standing in for a shop-side push; poll interval stays at the default',
    },
    ...runs,
    rss: {
      [`${large / 10}`]: small.peakRssMb,
      [`${large}`]: big.peakRssMb,
      growthMb: big.peakRssMb - small.peakRssMb,
    },
  };
}
