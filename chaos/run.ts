// One chaos run: emulators with faults in this process, Koppla workers as child processes on one
// PostgreSQL, a burst of traffic while workers are SIGKILLed at random moments, then faults off,
// drain, and a record-by-record comparison of both systems.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { controlCall } from '../src/demo/emulator-control.ts';
import { seededRandom } from '../src/demo/traffic.ts';
import { openStore } from '../src/store/db.ts';
import { migrateToLatest } from '../src/store/migrate.ts';
import { type Comparison, compareSystems } from './compare.ts';
import { createChaosDatabase } from './database.ts';
import { drain } from './drain.ts';
import { Fleet } from './fleet.ts';
import type { ChaosPlan } from './plan.ts';
import { setFaults, startSystems } from './systems.ts';
import { runBurst, stockUp, type TrafficCounts } from './traffic.ts';

/** The record-by-record comparison of both systems, and how the run went. */
export interface ChaosReport extends Comparison {
  plan: string;
  seconds: number;
  kills: number;
  killsByRunner: number;
  killsAfterCreate: number;
  workerCrashes: number;
  deadLetters: Record<string, number>;
  traffic: TrafficCounts;
  /** API calls the emulators answered during setup and burst (Specter's by outcome, faults included). */
  requests: { magento: number; specterByOutcome: Record<string, number> };
  drained: boolean;
  drainSeconds: number;
  passed: boolean;
}

export interface ChaosOptions {
  log?: (line: string) => void;
}

export async function runChaos(plan: ChaosPlan, options: ChaosOptions = {}): Promise<ChaosReport> {
  const log = options.log ?? (() => {});
  const started = Date.now();
  const database = await createChaosDatabase();
  const store = openStore({ databaseUrl: database.url, poolSize: 4 });
  const dir = mkdtempSync(join(tmpdir(), 'koppla-chaos-'));
  let fleet: Fleet | undefined;
  let systems: Awaited<ReturnType<typeof startSystems>> | undefined;
  try {
    await migrateToLatest(store.db);
    systems = await startSystems(plan);
    const articles = await stockUp(systems, 400);
    const configPath = join(dir, 'connection.json');
    writeFileSync(configPath, JSON.stringify(systems.connection));
    await setFaults(systems, plan);
    const crashes: string[] = [];
    fleet = new Fleet({
      databaseUrl: database.url,
      configPath,
      size: plan.workers,
      killAfterCreate: plan.killAfterCreate,
      onCrash: (detail) => crashes.push(detail),
    });
    await fleet.start();
    log(
      `workers started; waiting for the ${articles.length} articles and their stock to reach Magento (with faults)`,
    );
    const stockedSkus = articles.filter((a) => a.stockKeeping && !a.isMainArticle).map((a) => a.articleNo);
    await waitForCatalogue(systems.magento.url, articles.length - 1, stockedSkus, 180_000);

    const random = seededRandom(plan.seed);
    const killAt = Array.from(
      { length: plan.kills },
      () => (0.05 + random() * 0.9) * plan.burstSeconds * 1000,
    ).sort((a, b) => a - b);
    const burstStart = Date.now();
    const killer = (async () => {
      for (const at of killAt) {
        const wait = burstStart + at - Date.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        // A replacement may still be starting; wait for a live one rather than skip a kill.
        while (!fleet!.killRandom(random)) await new Promise((resolve) => setTimeout(resolve, 200));
        log(`kill ${fleet!.counts.killedByRunner}/${plan.kills}`);
      }
    })();
    log(
      `burst: ${plan.orders} orders, ${plan.articleChanges} article changes, ${plan.stockChanges} stock changes`,
    );
    const traffic = await runBurst(systems, plan, articles);
    await killer;
    const requests = {
      magento: (await controlCall<{ total: number }>(systems.magento.url, 'GET', '/requests')).total,
      specterByOutcome:
        (await controlCall<{ byOutcome?: Record<string, number> }>(systems.specter.url, 'GET', '/requests'))
          .byOutcome ?? {},
    };
    log('burst done; faults off, workers restarted without the kill hook, draining');
    fleet.disarm();
    await setFaults(systems, null);
    await fleet.replaceAll();
    let drained = await drain(store, systems, plan.drainTimeoutSeconds * 1000);
    let comparison: Comparison = await compareSystems(systems);
    // Eventual consistency is the bar: one more drain if a value was still on its way.
    for (let round = 0; round < 2 && !clean(comparison); round++) {
      log(`not yet equal (${comparison.examples[0] ?? ''}); draining again`);
      await new Promise((resolve) => setTimeout(resolve, 5_000));
      drained = await drain(store, systems, 60_000);
      comparison = await compareSystems(systems);
    }
    const dead = await store.db
      .selectFrom('dead_letters')
      .select(['cause_code', (eb) => eb.fn.countAll<string>().as('n')])
      .where('resolved_at', 'is', null)
      .groupBy('cause_code')
      .execute();
    const letters = await store.db
      .selectFrom('dead_letters')
      .select(['stream', 'entity_key', 'message'])
      .where('resolved_at', 'is', null)
      .limit(5)
      .execute();
    const counts = fleet.counts;
    const report: ChaosReport = {
      plan: plan.name,
      seconds: Math.round((Date.now() - started) / 1000),
      ordersPlaced: comparison.ordersPlaced,
      ordersInSpecter: comparison.ordersInSpecter,
      duplicates: comparison.duplicates,
      missing: comparison.missing,
      stockDifferences: comparison.stockDifferences,
      articleDifferences: comparison.articleDifferences,
      shipmentsDoubled: comparison.shipmentsDoubled,
      invoicesDoubled: comparison.invoicesDoubled,
      capturesDoubled: comparison.capturesDoubled,
      deliveriesNotApplied: comparison.deliveriesNotApplied,
      strangers: comparison.strangers,
      kills: counts.killedByRunner + counts.killedAfterCreate,
      killsByRunner: counts.killedByRunner,
      killsAfterCreate: counts.killedAfterCreate,
      workerCrashes: counts.crashes,
      deadLetters: Object.fromEntries(dead.map((d) => [d.cause_code, Number(d.n)])),
      traffic,
      requests,
      drained: drained.drained,
      drainSeconds: drained.seconds,
      examples: [
        ...comparison.examples,
        ...letters.map((l) => `dead letter ${l.stream} ${l.entity_key}: ${l.message}`),
        ...crashes.slice(0, 3),
      ],
      passed: false,
    };
    // A run that placed fewer orders than planned proved less than it claims: it does not pass.
    report.passed =
      clean(comparison) &&
      report.workerCrashes === 0 &&
      dead.length === 0 &&
      report.kills >= plan.kills &&
      comparison.ordersPlaced >= plan.orders;
    return report;
  } finally {
    await fleet?.stop();
    await systems?.close();
    await store.close();
    await database.drop().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  }
}

function clean(c: Comparison): boolean {
  return (
    c.missing === 0 &&
    c.duplicates === 0 &&
    c.strangers === 0 &&
    c.stockDifferences === 0 &&
    c.articleDifferences === 0 &&
    c.shipmentsDoubled === 0 &&
    c.invoicesDoubled === 0 &&
    c.capturesDoubled === 0 &&
    c.deliveriesNotApplied === 0
  );
}

/**
 * Waits until Magento has the catalogue and its stock: the burst places orders only for products
 * that are salable, so a burst that starts before the stock is written (products arrive first,
 * their stock by its own stream) places no orders at all on a loaded machine.
 */
async function waitForCatalogue(
  magentoUrl: string,
  count: number,
  stockedSkus: string[],
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const summary = await controlCall<{ products: number }>(magentoUrl, 'GET', '/state/summary');
    if (summary.products >= count) {
      const stock = await controlCall<{ salable: Record<string, number> }>(magentoUrl, 'GET', '/state/stock');
      if (stockedSkus.every((sku) => (stock.salable[sku] ?? 0) > 0)) return;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`The catalogue and its stock did not reach Magento within ${timeoutMs / 1000} s`);
}
