// Reads Specter's whole article register page by page (getArticleList), pages fetched side by side
// under the concurrency limit and handed on in order.
import type { Article } from '../../domain/types.ts';
import type { SpecterPort } from '../ports.ts';
import type { Limiter } from './limiter.ts';
import { ShapeIndex } from './shape.ts';

export const SPECTER_PAGE = 1000;

/**
 * Visits every page in order. Pages are read ahead speculatively (up to the limiter's width) until
 * one comes back short: the total the answer carries is not trusted to be there, so the end is
 * found by the data itself, at the cost of at most a few empty reads past it.
 */
export async function eachSpecterPage(
  specter: SpecterPort,
  limiter: Limiter,
  visit: (articles: Article[]) => Promise<void>,
  pageSize = SPECTER_PAGE,
): Promise<void> {
  const pending: Promise<Article[]>[] = [];
  let next = 1;
  let ended = false;
  const fill = () => {
    while (!ended && pending.length < limiter.width) {
      const page = next++;
      const read = limiter.run(async () =>
        (await specter.listArticles(page, pageSize)).items.map((i) => i.article),
      );
      read.catch(() => {});
      pending.push(read);
    }
  };
  fill();
  while (pending.length > 0) {
    const articles = await (pending.shift() as Promise<Article[]>);
    if (articles.length < pageSize) ended = true;
    fill();
    if (articles.length > 0) await visit(articles);
    if (ended) {
      // Pages read ahead past the end are empty; wait for them so nothing is left running.
      await Promise.allSettled(pending.splice(0));
    }
  }
}

export async function readSpecterShapes(specter: SpecterPort, limiter: Limiter): Promise<ShapeIndex> {
  const index = new ShapeIndex();
  await eachSpecterPage(specter, limiter, async (articles) => {
    for (const a of articles)
      index.set(a.sku, a.kind === 'variant' ? { kind: 'variant', parentSku: a.parentSku } : { kind: a.kind });
  });
  return index;
}
