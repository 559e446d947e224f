// Walks a Magento list endpoint page by page. Magento pages by offset and, past the last page, quietly
// answers with the last page again; so the only safe stop is counting items against total_count, and
// anything that does not add up (a repeat, a short page, a total that moves) is an error, not an end.

import { TransientError } from '../../domain/errors.ts';
import type { MagentoSearchResult } from './magento-types.ts';

export interface PagingOptions<T> {
  pageSize: number;
  /** What is being listed, for error messages ("products", "orders"). */
  what: string;
  /** Identity of an item, to notice an item served twice. */
  keyOf: (item: T) => string | number;
  /**
   * The list is sorted so that new and changed rows land at its end (ascending updated_at): rows
   * added while paging are read at the end instead of failing the scan, and a row served twice (it
   * changed and moved to the end) is passed over. Such a change can push one unread row back onto a
   * page already read; a caller that polls with an overlap window sees it on the next poll.
   */
  appendsAtEnd?: boolean;
}

function inconsistent(what: string, page: number, reason: string): TransientError {
  // Transient: offset paging goes wrong when rows change while we page (an order updated moves to
  // the end). A later run usually sees a still list; a server that always does this dead-letters.
  return new TransientError(`Magento paging of ${what} is inconsistent at page ${page}: ${reason}`, {
    code: 'magento-paging-inconsistent',
    details: { what, page },
  });
}

export async function* pageThrough<T>(
  fetchPage: (currentPage: number) => Promise<MagentoSearchResult<T>>,
  options: PagingOptions<T>,
): AsyncGenerator<T, void, undefined> {
  const { pageSize, what, keyOf } = options;
  const seenKeys = new Set<string | number>();
  let total: number | undefined;
  let seen = 0;
  for (let page = 1; ; page++) {
    const result = await fetchPage(page);
    if (!result || !Array.isArray(result.items) || typeof result.total_count !== 'number') {
      throw inconsistent(what, page, 'the answer has no items list or no total_count');
    }
    if (total === undefined) total = result.total_count;
    else if (options.appendsAtEnd && result.total_count > total) total = result.total_count;
    else if (result.total_count !== total) {
      throw inconsistent(
        what,
        page,
        `total_count changed from ${total} to ${result.total_count} while paging`,
      );
    }
    const items = result.items;
    if (items.length > pageSize) {
      throw inconsistent(what, page, `${items.length} items on a page of size ${pageSize}`);
    }
    const fresh: T[] = [];
    for (const item of items) {
      const key = keyOf(item);
      if (seenKeys.has(key)) {
        if (options.appendsAtEnd) continue;
        throw inconsistent(what, page, `${String(key)} was already returned on an earlier page`);
      }
      seenKeys.add(key);
      fresh.push(item);
    }
    if (options.appendsAtEnd && items.length > 0 && fresh.length === 0) {
      // Not rows moving to the end: a page of nothing but repeats is a server ignoring currentPage.
      throw inconsistent(what, page, 'the page holds only items already returned');
    }
    seen += items.length;
    if (seen > total) throw inconsistent(what, page, `${seen} items returned but total_count is ${total}`);
    yield* fresh;
    if (seen === total) return;
    // Growing list: a short page is its end as of this read.
    if (options.appendsAtEnd && items.length < pageSize) return;
    if (items.length < pageSize) {
      throw inconsistent(
        what,
        page,
        `only ${items.length} items on this page and ${seen} in all, but total_count is ${total}`,
      );
    }
  }
}

/** Drains an async iterable into an array (for lists that are small by nature). */
export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of iterable) all.push(item);
  return all;
}
