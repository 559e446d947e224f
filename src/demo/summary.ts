// The demo's end-of-run summary: compares both systems record by record.

import { controlCall, magentoStoreIds } from './emulator-control.ts';
import { DEMO_SBM_ID, type Environment } from './environment.ts';

interface SpecterOrder {
  orderNo: number;
  externalOrderNo: string;
  webshopId: number;
}

export interface ShopFigures {
  ordersPlaced: number;
  ordersInSpecter: number;
  missing: number;
  duplicates: number;
  stockDifferences: number;
  shipments: number;
  captures: number;
}

export interface DemoSummary {
  durationSeconds: number;
  drained: boolean;
  ordersPlaced: number;
  ordersInSpecter: number;
  duplicates: number;
  missing: number;
  deadLetters: Record<string, number>;
  stockDifferences: number;
  stockDifferenceExamples: { shop: string; sku: string; magento: number; specter: number }[];
  jobsRun: number;
  shipments: number;
  captures: number;
  shops: Record<string, ShopFigures>;
}

export async function summarize(
  env: Environment,
  run: { drained: boolean; durationSeconds: number },
): Promise<DemoSummary> {
  const account = `/accounts/${DEMO_SBM_ID}`;
  const specterOrders = await controlCall<SpecterOrder[]>(env.specterUrl, 'GET', `${account}/orders`);
  const specterStock = await controlCall<{ articleNo: string; stockSiteId: number; available: number }[]>(
    env.specterUrl,
    'GET',
    `${account}/stock`,
  );
  const available = new Map<string, number>();
  for (const s of specterStock) if (String(s.stockSiteId) === '1') available.set(s.articleNo, s.available);

  const shops: Record<string, ShopFigures> = {};
  const examples: DemoSummary['stockDifferenceExamples'] = [];
  const installationsSeen = new Map<string, { salable: Record<string, number> }>();
  for (const shop of env.connection.shops) {
    const url = env.shopInstallations[shop.id]!;
    const summary = await controlCall<{
      orders: { entity_id: number; increment_id: string; store_id: number }[];
      shipments: number;
      captures: number;
    }>(url, 'GET', '/state/summary');
    const views = await magentoStoreIds(url);
    const storeId = views.get(shop.storeCode);
    const mine = summary.orders.filter((o) => o.store_id === storeId);
    const inSpecter = specterOrders.filter((o) => o.webshopId === (shop.webshopId ?? 1));
    const byExternal = new Map<string, number>();
    for (const o of inSpecter)
      byExternal.set(o.externalOrderNo, (byExternal.get(o.externalOrderNo) ?? 0) + 1);
    const wanted = mine.map((o) => `${shop.orderNumberPrefix}${o.increment_id}`);
    const missing = wanted.filter((no) => !byExternal.has(no)).length;
    const duplicates = wanted.filter((no) => (byExternal.get(no) ?? 0) > 1).length;

    let stock = installationsSeen.get(url);
    if (!stock) {
      stock = await controlCall<{ salable: Record<string, number> }>(url, 'GET', '/state/stock');
      installationsSeen.set(url, stock);
    }
    let differences = 0;
    for (const [sku, salable] of Object.entries(stock.salable)) {
      const specter = available.get(sku);
      if (specter === undefined) continue;
      if (Math.max(0, specter) !== salable) {
        differences++;
        if (examples.length < 10) examples.push({ shop: shop.id, sku, magento: salable, specter });
      }
    }
    shops[shop.id] = {
      ordersPlaced: mine.length,
      ordersInSpecter: wanted.filter((no) => byExternal.has(no)).length,
      missing,
      duplicates,
      stockDifferences: differences,
      shipments: summary.shipments,
      captures: summary.captures,
    };
  }

  const dead = await env.store.db
    .selectFrom('dead_letters')
    .select(['cause_code', (eb) => eb.fn.countAll<string>().as('n')])
    .where('resolved_at', 'is', null)
    .groupBy('cause_code')
    .execute();
  const jobs = await env.store.db
    .selectFrom('jobs')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('status', '=', 'done')
    .executeTakeFirstOrThrow();
  const figures = Object.values(shops);
  const sum = (pick: (f: ShopFigures) => number) => figures.reduce((n, f) => n + pick(f), 0);
  // Shops on one installation report that installation's shipments and captures each: count once.
  const perInstallation = new Map<string, ShopFigures>();
  for (const shop of env.connection.shops)
    perInstallation.set(env.shopInstallations[shop.id]!, shops[shop.id]!);
  return {
    durationSeconds: run.durationSeconds,
    drained: run.drained,
    ordersPlaced: sum((f) => f.ordersPlaced),
    ordersInSpecter: specterOrders.length,
    duplicates: sum((f) => f.duplicates),
    missing: sum((f) => f.missing),
    deadLetters: Object.fromEntries(dead.map((d) => [d.cause_code, Number(d.n)])),
    stockDifferences: sum((f) => f.stockDifferences),
    stockDifferenceExamples: examples,
    jobsRun: Number(jobs.n),
    shipments: [...perInstallation.values()].reduce((n, f) => n + f.shipments, 0),
    captures: [...perInstallation.values()].reduce((n, f) => n + f.captures, 0),
    shops,
  };
}
