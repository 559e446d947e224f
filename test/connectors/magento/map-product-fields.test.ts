// The initial sync reads products with Magento's fields filter (PRODUCT_MAPPING_FIELDS): a mapper
// that starts reading a field outside that list would silently see it missing. Mapping the same
// catalogue read with and without the filter must give the same articles.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMagentoEmulator } from '../../../emulators/magento/index.ts';
import { MagentoClient } from '../../../src/connectors/magento/client.ts';
import type { MagentoProduct } from '../../../src/connectors/magento/magento-types.ts';
import {
  mapConfigurableProduct,
  mapMagentoProduct,
  PRODUCT_MAPPING_FIELDS,
} from '../../../src/connectors/magento/map-product.ts';
import { searchCriteria } from '../../../src/connectors/magento/search-criteria.ts';

describe('products read with PRODUCT_MAPPING_FIELDS', () => {
  let emulator: Awaited<ReturnType<typeof startMagentoEmulator>>;
  let client: MagentoClient;
  beforeAll(async () => {
    emulator = await startMagentoEmulator({
      sizes: { simpleArticles: 6, configurables: 3, variantsPerConfigurable: 3 },
    });
    client = new MagentoClient({
      baseUrl: emulator.url,
      auth: { kind: 'admin', username: 'admin', password: 'admin123' },
    });
  });
  afterAll(() => emulator?.close());

  const read = async (fields?: string) => {
    const products: MagentoProduct[] = [];
    for await (const product of client.searchProducts(searchCriteria().pageSize(50), undefined, { fields }))
      products.push(product);
    return products;
  };

  it('map to the same articles as whole products', async () => {
    const whole = await read();
    const filtered = await read(PRODUCT_MAPPING_FIELDS);
    expect(filtered.map((p) => p.sku)).toEqual(whole.map((p) => p.sku));
    // The filter did leave something out, or this test would prove nothing.
    expect(JSON.stringify(filtered).length).toBeLessThan(JSON.stringify(whole).length / 2);

    const codes = ['color', 'size'];
    const attributes = (await Promise.all(codes.map((code) => client.getAttribute(code)))).filter(
      (a) => a !== null,
    );
    const context = { attributes, vatByTaxClassId: { '2': 25 } };
    const articles = (products: MagentoProduct[]) => {
      const byId = new Map(products.map((p) => [p.id, p]));
      return products.flatMap((product) => {
        if (product.type_id !== 'configurable') return [mapMagentoProduct(product, context)];
        const links =
          (product.extension_attributes as { configurable_product_links?: number[] })
            .configurable_product_links ?? [];
        const children = links.map((id) => byId.get(id)).filter((c) => c !== undefined);
        return mapConfigurableProduct(product, children, context);
      });
    };
    const fromWhole = articles(whole);
    expect(fromWhole.filter((a) => a.kind === 'variant')).toHaveLength(9);
    expect(articles(filtered)).toEqual(fromWhole);
  });
});
