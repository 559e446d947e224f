// The burst of a chaos run: orders in both shops, article and stock changes in Specter, and
// deliveries of orders Specter has, spread evenly over the burst. Deterministic from the seed;
// every call goes to the emulators' control surfaces (no faults there).
import { controlCall } from '../src/demo/emulator-control.ts';
import { DEMO_SBM_ID } from '../src/demo/environment.ts';
import { seededRandom } from '../src/demo/traffic.ts';
import type { ChaosPlan } from './plan.ts';
import type { ChaosSystems } from './systems.ts';

const account = `/accounts/${DEMO_SBM_ID}`;

export interface TrafficCounts {
  ordersPlaced: number;
  articleChanges: number;
  stockChanges: number;
  deliveries: number;
  /** Order placements the Magento emulator refused, with the first reason (placed counts only successes). */
  orderErrors: number;
  firstOrderError?: string;
}

interface ArticleRow {
  articleNo: string;
  isMainArticle: boolean;
  stockKeeping: boolean;
}

const WORDS = ['Åsa', 'Ölands', 'Märta', 'Björk', 'Sjö', 'Fjäll', 'Tröja', 'Väska', 'Kåpa', 'Mössa'];

/** Gives every stock-kept article a deep stock before the run, so the burst's orders can be placed. */
export async function stockUp(systems: ChaosSystems, level: number): Promise<ArticleRow[]> {
  const articles = await controlCall<ArticleRow[]>(systems.specter.url, 'GET', `${account}/articles`);
  for (const a of articles) {
    if (!a.stockKeeping || a.isMainArticle) continue;
    await controlCall(
      systems.specter.url,
      'POST',
      `${account}/articles/${encodeURIComponent(a.articleNo)}/stock`,
      {
        set: level,
      },
    );
  }
  return articles;
}

export async function runBurst(
  systems: ChaosSystems,
  plan: ChaosPlan,
  articles: ArticleRow[],
  shouldStop: () => boolean = () => false,
): Promise<TrafficCounts> {
  const rnd = seededRandom(plan.seed * 7919);
  const counts: TrafficCounts = {
    ordersPlaced: 0,
    articleChanges: 0,
    stockChanges: 0,
    deliveries: 0,
    orderErrors: 0,
  };
  const specter = systems.specter.url;
  const stocked = articles.filter((a) => a.stockKeeping && !a.isMainArticle);
  const changeable = articles.filter((a) => a.articleNo !== 'FRAKT');
  const pick = <T>(list: T[]) => list[Math.floor(rnd() * list.length)]!;
  const started = Date.now();
  const durationMs = plan.burstSeconds * 1000;
  const deliveriesWanted = Math.round(plan.orders * plan.deliverShare);
  let tick = 0;

  for (;;) {
    const progress = Math.min(1, (Date.now() - started) / durationMs);
    const due = (total: number, done: number) => Math.max(0, Math.round(total * progress) - done);

    const orders = due(plan.orders, counts.ordersPlaced);
    for (let i = 0; i < orders; i += 10) {
      const count = Math.min(10, orders - i);
      const storeCode = systems.shops[tick++ % systems.shops.length]!.storeCode;
      const placed = await controlCall<{ orders: unknown[] }>(systems.magento.url, 'POST', '/orders/random', {
        count,
        storeCode,
      }).catch((error: Error) => {
        counts.orderErrors++;
        counts.firstOrderError ??= error.message;
        return { orders: [] };
      });
      counts.ordersPlaced += placed.orders.length;
    }

    for (let i = due(plan.articleChanges, counts.articleChanges); i > 0; i--) {
      const article = pick(changeable);
      const change: Record<string, unknown> = {
        name: `${pick(WORDS)} ${pick(WORDS)} ${article.articleNo.slice(-3)}`,
      };
      if (!article.isMainArticle) change.priceExclVat = Math.round((50 + rnd() * 950) * 100) / 100;
      await controlCall(
        specter,
        'PUT',
        `${account}/articles/${encodeURIComponent(article.articleNo)}`,
        change,
      );
      counts.articleChanges++;
    }

    for (let i = due(plan.stockChanges, counts.stockChanges); i > 0; i--) {
      const article = pick(stocked);
      // Till sales and goods received, and now and then a stock count that sets the level outright.
      const body = rnd() < 0.1 ? { set: 150 + Math.floor(rnd() * 300) } : { delta: rnd() < 0.6 ? -1 : 2 };
      await controlCall(
        specter,
        'POST',
        `${account}/articles/${encodeURIComponent(article.articleNo)}/stock`,
        body,
      );
      counts.stockChanges++;
    }

    const deliveries = due(deliveriesWanted, counts.deliveries);
    if (deliveries > 0) {
      const open = (
        await controlCall<{ orderNo: number; deliveryStatus: string; statusId: number }[]>(
          specter,
          'GET',
          `${account}/orders`,
        )
      ).filter((o) => o.deliveryStatus === 'N' && o.statusId !== 5);
      for (let i = 0; i < Math.min(deliveries, open.length); i++) {
        const order = open.splice(Math.floor(rnd() * open.length), 1)[0]!;
        await controlCall(specter, 'POST', `${account}/orders/${order.orderNo}/deliver`, {
          trackingNo: `PN${Math.floor(rnd() * 1e9)}SE`,
          carrier: 'POSTNORD',
        });
        counts.deliveries++;
      }
    }

    if (progress >= 1 || shouldStop()) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return counts;
}
