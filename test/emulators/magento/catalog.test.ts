import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestMagento } from './helpers.ts';

describe('magento emulator: catalogue', () => {
  let m: TestMagento;
  beforeAll(async () => {
    m = await TestMagento.start({
      sizes: { simpleArticles: 2, configurables: 1, variantsPerConfigurable: 3, storeViews: 2 },
    });
  });
  afterAll(() => m.close());

  it('creates, reads, updates and deletes a product; unknown sku is 404 with Magento text', async () => {
    const created = await m.post(
      '/V1/products',
      {
        product: {
          sku: 'NY-1',
          name: 'Ny kökshandduk',
          price: 99,
          type_id: 'simple',
          attribute_set_id: 4,
          extension_attributes: { website_ids: [1], stock_item: { qty: 5, is_in_stock: true } },
          custom_attributes: [{ attribute_code: 'tax_class_id', value: '2' }],
        },
      },
      { store: 'all' },
    );
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ sku: 'NY-1', name: 'Ny kökshandduk', price: 99, type_id: 'simple' });
    expect(created.body.extension_attributes.website_ids).toEqual([1]);
    expect(created.body.extension_attributes.stock_item).toMatchObject({ qty: 5, is_in_stock: true });
    const updated = await m.put('/V1/products/NY-1', { product: { price: 89 } }, { store: 'all' });
    expect(updated.body.price).toBe(89);
    expect((await m.del('/V1/products/NY-1')).body).toBe(true);
    const gone = await m.get('/V1/products/NY-1');
    expect(gone.status).toBe(404);
    expect(gone.body).toEqual({
      message: "The product that was requested doesn't exist. Verify the product and try again.",
    });
  });

  it('answers only the fields asked for with `fields`, nested and per list element', async () => {
    // Raw requests: a filtered answer is partial by design, so the route's schema does not apply.
    const raw = async (path: string) => {
      const res = await fetch(`${m.emulator.url}/rest/default${path}`, {
        headers: { authorization: `Bearer ${m.token}` },
      });
      return { status: res.status, body: await res.json() };
    };
    const fields = encodeURIComponent(
      'items[sku,type_id,extension_attributes[configurable_product_links]],total_count',
    );
    const search = await raw(`/V1/products?searchCriteria[pageSize]=50&fields=${fields}`);
    expect(search.status).toBe(200);
    expect(Object.keys(search.body).sort()).toEqual(['items', 'total_count']);
    const configurable = search.body.items.find((p: { type_id: string }) => p.type_id === 'configurable');
    expect(Object.keys(configurable).sort()).toEqual(['extension_attributes', 'sku', 'type_id']);
    expect(Object.keys(configurable.extension_attributes)).toEqual(['configurable_product_links']);
    expect(configurable.extension_attributes.configurable_product_links).toHaveLength(3);
    // A simple product has no links: its extension_attributes come back empty, not with stock.
    const simple = search.body.items.find((p: { type_id: string }) => p.type_id === 'simple');
    expect(simple.extension_attributes).toEqual({});
    // One product: a top-level object with selected fields inside it.
    const one = await raw(
      `/V1/products/ART-00001?fields=${encodeURIComponent('sku,extension_attributes[stock_item[qty]]')}`,
    );
    expect(one.body).toEqual({
      sku: 'ART-00001',
      extension_attributes: { stock_item: { qty: expect.any(Number) } },
    });
    const broken = await raw(
      `/V1/products/ART-00001?fields=${encodeURIComponent('sku,extension_attributes[stock_item')}`,
    );
    expect(broken.status).toBe(400);
    expect(broken.body.message).toContain('not closed');
  });

  it('answers 400 with message and parameters for an invalid product', async () => {
    const res = await m.post('/V1/products', { product: { sku: 'NO-NAME', price: 10 } });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      message: 'The "%1" attribute value is empty. Set the attribute and try again.',
      parameters: ['name'],
    });
    const missing = await m.post('/V1/products', {});
    expect(missing.body).toEqual({
      message: '"%fieldName" is required. Enter and try again.',
      parameters: { fieldName: 'product' },
    });
  });

  it('stores a store-view override when writing through a store code and keeps the global value', async () => {
    await m.put('/V1/products/ART-00001', { product: { name: 'Strikket lue' } }, { store: 'no_nb' });
    expect((await m.get('/V1/products/ART-00001', { store: 'no_nb' })).body.name).toBe('Strikket lue');
    const global = await m.get('/V1/products/ART-00001', { store: 'all' });
    expect(global.body.name).not.toBe('Strikket lue');
    expect((await m.get('/V1/products/ART-00001', { store: 'default' })).body.name).toBe(global.body.name);
    await m.put('/V1/products/ART-00001', { product: { name: 'Global mössa' } }, { store: 'all' });
    expect((await m.get('/V1/products/ART-00001', { store: 'default' })).body.name).toBe('Global mössa');
    expect((await m.get('/V1/products/ART-00001', { store: 'no_nb' })).body.name).toBe('Strikket lue');
  });

  it('scopes custom attributes like description per store view', async () => {
    await m.put(
      '/V1/products/ART-00002',
      { product: { custom_attributes: [{ attribute_code: 'description', value: 'Norsk tekst' }] } },
      { store: 'no_nb' },
    );
    const desc = (p: { custom_attributes: { attribute_code: string; value: unknown }[] }) =>
      p.custom_attributes.find((a) => a.attribute_code === 'description')?.value;
    expect(desc((await m.get('/V1/products/ART-00002', { store: 'no_nb' })).body)).toBe('Norsk tekst');
    expect(desc((await m.get('/V1/products/ART-00002', { store: 'all' })).body)).not.toBe('Norsk tekst');
  });

  it('serves seeded configurables with options, links and children', async () => {
    const parent = (await m.get('/V1/products/CFG-00001')).body;
    expect(parent.type_id).toBe('configurable');
    expect(
      parent.extension_attributes.configurable_product_options.map((o: { label: string }) => o.label),
    ).toEqual(['Färg', 'Storlek']);
    expect(parent.extension_attributes.configurable_product_links).toHaveLength(3);
    const children = (await m.get('/V1/configurable-products/CFG-00001/children')).body;
    expect(children.map((c: { sku: string }) => c.sku)).toEqual([
      'CFG-00001-1',
      'CFG-00001-2',
      'CFG-00001-3',
    ]);
  });

  it('builds a configurable through the option and child routes', async () => {
    const options = (await m.get('/V1/products/attributes/color/options')).body;
    expect(options[0]).toEqual({ label: ' ', value: '' });
    const added = await m.post('/V1/products/attributes/color/options', { option: { label: 'Lila' } });
    expect(added.body).toMatch(/^id_\d+$/);
    const lila = added.body.slice(3);
    const dup = await m.post('/V1/products/attributes/color/options', { option: { label: 'Lila' } });
    expect(dup.status).toBe(400);

    await m.post('/V1/products', {
      product: { sku: 'KONF', name: 'Konf', type_id: 'configurable', attribute_set_id: 4 },
    });
    await m.post('/V1/products', {
      product: {
        sku: 'KONF-L',
        name: 'Konf lila',
        price: 120,
        type_id: 'simple',
        custom_attributes: [{ attribute_code: 'color', value: lila }],
      },
    });
    await m.post('/V1/products', {
      product: {
        sku: 'KONF-L2',
        name: 'Konf lila 2',
        price: 120,
        type_id: 'simple',
        custom_attributes: [{ attribute_code: 'color', value: lila }],
      },
    });
    const optionId = await m.post('/V1/configurable-products/KONF/options', {
      option: {
        attribute_id: '93',
        label: 'Färg',
        position: 0,
        is_use_default: true,
        values: [{ value_index: Number(lila) }],
      },
    });
    expect(typeof optionId.body).toBe('number');
    expect((await m.post('/V1/configurable-products/KONF/child', { childSku: 'KONF-L' })).body).toBe(true);
    const again = await m.post('/V1/configurable-products/KONF/child', { childSku: 'KONF-L' });
    expect(again.status).toBe(400);
    const same = await m.post('/V1/configurable-products/KONF/child', { childSku: 'KONF-L2' });
    expect(same.status).toBe(400);
    expect(same.body.message).toBe('Products "%1" and "%2" have the same set of attribute values.');
    expect((await m.del('/V1/configurable-products/KONF/children/KONF-L')).body).toBe(true);
    expect((await m.get('/V1/configurable-products/KONF/children')).body).toEqual([]);
    expect((await m.del('/V1/configurable-products/KONF/children/KONF-L')).status).toBe(404);
  });

  it('serves the store structure of the seeded multishop', async () => {
    const views = (await m.get('/V1/store/storeViews')).body;
    expect(views.map((v: { code: string }) => v.code)).toEqual(['admin', 'default', 'no_nb']);
    const configs = (await m.get('/V1/store/storeConfigs')).body;
    expect(configs.find((c: { code: string }) => c.code === 'no_nb')).toMatchObject({
      locale: 'nb_NO',
      base_currency_code: 'NOK',
      default_display_currency_code: 'NOK',
    });
    expect((await m.get('/V1/store/websites')).body.map((w: { code: string }) => w.code)).toEqual([
      'admin',
      'base',
      'no',
    ]);
    expect((await m.get('/V1/store/storeGroups')).body).toHaveLength(3);
  });

  it('lets a test define any layout through the control surface', async () => {
    const res = await m.control('POST', '/stores', {
      websites: [
        { code: 'se', baseCurrency: 'SEK' },
        { code: 'dk', baseCurrency: 'DKK' },
        { code: 'fi', baseCurrency: 'EUR' },
      ],
      views: [
        { code: 'se_sv', websiteCode: 'se', locale: 'sv_SE' },
        { code: 'dk_da', websiteCode: 'dk', locale: 'da_DK' },
        { code: 'fi_fi', websiteCode: 'fi', locale: 'fi_FI' },
        { code: 'fi_sv', websiteCode: 'fi', locale: 'sv_FI' },
      ],
    });
    expect(res.status).toBe(200);
    const configs = (await m.get('/V1/store/storeConfigs', { store: 'all' })).body;
    expect(
      configs.map((c: { code: string; base_currency_code: string }) => `${c.code}:${c.base_currency_code}`),
    ).toEqual(['se_sv:SEK', 'dk_da:DKK', 'fi_fi:EUR', 'fi_sv:EUR']);
    expect((await m.get('/V1/products/ART-00001', { store: 'dk_da' })).status).toBe(200);
  });
});
