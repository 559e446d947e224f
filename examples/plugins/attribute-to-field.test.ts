import { describe, expect, it } from 'vitest';
import { mapArticleToSpecter } from '../../src/connectors/specter/index.ts';
import type { Article } from '../../src/domain/types.ts';
import { runPluginOnFixture } from '../../src/plugins/index.ts';
import attributeToField from './attribute-to-field.ts';

const fixture = new URL('./fixtures/product-with-gtin.json', import.meta.url).pathname;

describe('attribute-to-field', () => {
  it("puts a Magento product's gtin attribute in Specter's bar code", async () => {
    const run = await runPluginOnFixture({
      plugin: attributeToField,
      fixture,
      settings: { attribute: 'gtin', field: 'ean' },
    });
    expect(run.source).toBe('raw Magento product');
    expect(run.changes).toEqual([{ path: 'ean', after: '7350012345678' }]);
    expect(mapArticleToSpecter(run.after as Article).barCode).toBe('7350012345678');
  });

  it('converts a weight in grams to the article weight in kg', async () => {
    const run = await runPluginOnFixture({
      plugin: attributeToField,
      fixture,
      settings: { attribute: 'weight_g', field: 'weightKg', divideBy: 1000 },
    });
    expect(run.changes).toEqual([{ path: 'weightKg', before: 0.4, after: 0.42 }]);
  });

  it('does nothing for articles coming from Specter', async () => {
    const run = await runPluginOnFixture({
      plugin: attributeToField,
      fixture: { articleNo: 'MUGG-01', name: 'Mugg' },
      settings: { attribute: 'gtin', field: 'ean' },
    });
    expect(run.source).toBe('raw Specter article');
    expect(run.changes).toEqual([]);
  });

  it('names a wrong setting', async () => {
    await expect(
      runPluginOnFixture({
        plugin: attributeToField,
        fixture,
        settings: { attribute: 'gtin', field: 'colour' },
      }),
    ).rejects.toThrow(/settings\.field/);
  });
});
