import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestMagento } from './helpers.ts';

const sizes = { simpleArticles: 5, configurables: 2, variantsPerConfigurable: 3, orders: 4, storeViews: 3 };

describe('magento emulator: seeding and instance isolation', () => {
  let a: TestMagento;
  let b: TestMagento;
  beforeAll(async () => {
    [a, b] = await Promise.all([
      TestMagento.start({ seed: 7, sizes }),
      TestMagento.start({ seed: 7, sizes }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([a.close(), b.close()]);
  });

  it('seeds the same catalogue and orders from the same seed', async () => {
    const [pa, pb] = await Promise.all([a.get('/V1/products'), b.get('/V1/products')]);
    expect(pa.body).toEqual(pb.body);
    expect(pa.body.total_count).toBe(5 + 2 + 2 * 3);
    const skus = pa.body.items.map((p: { sku: string }) => p.sku);
    expect(skus.slice(0, 7)).toEqual([
      'ART-00001',
      'ART-00002',
      'ART-00003',
      'ART-00004',
      'ART-00005',
      'CFG-00001',
      'CFG-00001-1',
    ]);
    expect(pa.body.items.some((p: { name: string }) => /[åäöÅÄÖ]/.test(p.name))).toBe(true);
    const variant = pa.body.items.find((p: { sku: string }) => p.sku === 'CFG-00001-2');
    expect(variant.custom_attributes.map((c: { attribute_code: string }) => c.attribute_code)).toEqual(
      expect.arrayContaining(['color', 'size']),
    );
    const [oa, ob] = await Promise.all([a.get('/V1/orders'), b.get('/V1/orders')]);
    expect(oa.body.total_count).toBe(4);
    expect(oa.body).toEqual(ob.body);
  });

  it('seeds a different catalogue from another seed', async () => {
    const other = await TestMagento.start({ seed: 8, sizes });
    try {
      const names = async (m: TestMagento) =>
        (await m.get('/V1/products')).body.items.map(
          (p: { name: string; price: number }) => `${p.name}:${p.price}`,
        );
      expect(await names(other)).not.toEqual(await names(a));
    } finally {
      await other.close();
    }
  });

  it('lays out three store views on two websites', async () => {
    const views = (await a.get('/V1/store/storeConfigs')).body;
    expect(
      views.map(
        (v: { code: string; default_display_currency_code: string; website_id: number }) =>
          `${v.code}:${v.default_display_currency_code}:${v.website_id}`,
      ),
    ).toEqual(['default:SEK:1', 'no_nb:NOK:2', 'en:EUR:2']);
  });

  it('keeps two instances independent', async () => {
    await a.put('/V1/products/ART-00001', { product: { price: 1 } }, { store: 'all' });
    expect((await a.get('/V1/products/ART-00001')).body.price).toBe(1);
    expect((await b.get('/V1/products/ART-00001')).body.price).not.toBe(1);
    const tokenOfA = a.token;
    expect((await b.get('/V1/products', { token: tokenOfA })).status).toBe(401);
  });
});
