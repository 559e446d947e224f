// Bad input on the articles stream (erp-master: Specter -> Magento): each bad article ends as one
// dead letter naming it, while a good article changed at the same time reaches Magento.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { controlCall } from '../../src/demo/emulator-control.ts';
import {
  account,
  type BadInputEnvironment,
  lettersAbout,
  settle,
  startBadInputEnvironment,
} from './harness.ts';

let h: BadInputEnvironment;
let serial = 0;

async function putArticle(articleNo: string, fields: Record<string, unknown>): Promise<void> {
  await controlCall(h.specterUrl, 'PUT', `${account}/articles/${encodeURIComponent(articleNo)}`, {
    name: `Artikel ${articleNo}`,
    priceExclVat: 100,
    vatPercent: 25,
    ...fields,
  });
}

async function magentoProduct(sku: string) {
  return controlCall<{ global: { name: string; price?: number; type_id: string } }>(
    h.magentoUrl,
    'GET',
    `/state/products/${encodeURIComponent(sku)}`,
  ).catch(() => undefined);
}

/** Puts a bad article and a good one in Specter, settles; answers the bad one's letters. */
async function badNextToGood(articleNo: string, fields: Record<string, unknown>) {
  await putArticle(articleNo, fields);
  const good = `GOOD-${++serial}`;
  await putArticle(good, { name: `Bra vara ${serial}` });
  await settle(h.env);
  expect(await magentoProduct(good), `${good} next to ${articleNo}`).toBeDefined();
  return lettersAbout(h.env, articleNo);
}

beforeAll(async () => {
  h = await startBadInputEnvironment('erp-master');
  await settle(h.env);
}, 60_000);
afterAll(async () => {
  await h?.stop();
});

describe('bad articles from Specter', () => {
  it('a main article with no variants: created as an empty configurable, nothing refused', async () => {
    const letters = await badNextToGood('EMPTY-MAIN', { isMainArticle: true });
    expect(letters).toEqual([]);
    expect((await magentoProduct('EMPTY-MAIN'))?.global.type_id).toBe('configurable');
  });

  it('emoji and åäö in a name: åäö arrive intact, the article is created', async () => {
    const letters = await badNextToGood('EMOJI-1', { name: 'Tröja Åsa 🎉 Öland' });
    expect(letters).toEqual([]);
    expect((await magentoProduct('EMOJI-1'))?.global.name).toMatch(/^Tröja Åsa .*Öland$/);
  });

  it('a SKU that differs from another only in case: one letter naming the SKU, in plain words', async () => {
    const letters = await badNextToGood('art-00002', { name: 'Skuggkopia' });
    expect(letters).toHaveLength(1);
    expect(letters[0]!.message).toContain('art-00002');
    // Magento's placeholders are filled in, so the merchant reads which field and value failed.
    expect(letters[0]!.message).not.toContain('%field');
    expect(letters[0]!.message).toContain('SKU = art-00002');
  });
});
