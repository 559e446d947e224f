import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { criteria, TestMagento } from './helpers.ts';

describe('magento emulator: searchCriteria on /V1/products', () => {
  let m: TestMagento;
  beforeAll(async () => {
    m = await TestMagento.start({ sizes: { simpleArticles: 12 } });
    await m.control('POST', '/products/bulk', {
      products: [
        {
          sku: 'SC-A',
          name: 'Alfa kopp',
          price: 100,
          type_id: 'simple',
          custom_attributes: [{ attribute_code: 'tags', value: 'red,blue' }],
        },
        { sku: 'SC-B', name: 'Beta kopp', price: 200, type_id: 'virtual' },
        {
          sku: 'SC-C',
          name: 'Gamma skål',
          price: 300,
          type_id: 'simple',
          custom_attributes: [{ attribute_code: 'tags', value: 'green' }],
        },
      ],
    });
  });
  afterAll(() => m.close());

  const skus = async (query: string) =>
    (await m.get(`/V1/products${query}`)).body.items.map((p: { sku: string }) => p.sku);

  it('eq, neq and like with %', async () => {
    expect(await skus(criteria([[['sku', 'SC-B', 'eq']]]))).toEqual(['SC-B']);
    expect(await skus(criteria([[['sku', 'SC-%', 'like']], [['sku', 'SC-B', 'neq']]]))).toEqual([
      'SC-A',
      'SC-C',
    ]);
    expect(await skus(criteria([[['name', '%kopp', 'like']]]))).toEqual(['SC-A', 'SC-B']);
  });

  it('entity_id windows, alone and ORed with another field, answer what the filters say', async () => {
    const ids = async (query: string) =>
      (await m.get(`/V1/products${query}`)).body.items.map((p: { id: number }) => p.id);
    expect(await ids(criteria([[['entity_id', '3', 'gteq']], [['entity_id', '6', 'lt']]]))).toEqual([
      3, 4, 5,
    ]);
    expect(await ids(criteria([[['entity_id', '3', 'gt']], [['entity_id', '6', 'lteq']]]))).toEqual([
      4, 5, 6,
    ]);
    expect(await ids(criteria([[['entity_id', '2', 'eq']]]))).toEqual([2]);
    expect(await ids(criteria([[['entity_id', '14', 'from']], [['entity_id', '99', 'to']]]))).toEqual([
      14, 15,
    ]);
    // An OR group with entity_id in it does not narrow the window.
    expect(
      await ids(
        criteria([
          [
            ['entity_id', '1', 'eq'],
            ['sku', 'SC-C', 'eq'],
          ],
        ]),
      ),
    ).toEqual([1, 15]);
    expect((await m.get(`/V1/products${criteria([[['entity_id', '10', 'gteq']]])}`)).body.total_count).toBe(
      6,
    );
  });

  it('in, nin, gt, gteq, lt, lteq, from/to', async () => {
    expect(await skus(criteria([[['sku', 'SC-A,SC-C', 'in']]]))).toEqual(['SC-A', 'SC-C']);
    expect(await skus(criteria([[['sku', 'SC-%', 'like']], [['sku', 'SC-A,SC-C', 'nin']]]))).toEqual([
      'SC-B',
    ]);
    expect(await skus(criteria([[['sku', 'SC-%', 'like']], [['price', '200', 'gt']]]))).toEqual(['SC-C']);
    expect(await skus(criteria([[['sku', 'SC-%', 'like']], [['price', '200', 'gteq']]]))).toEqual([
      'SC-B',
      'SC-C',
    ]);
    expect(await skus(criteria([[['sku', 'SC-%', 'like']], [['price', '200', 'lt']]]))).toEqual(['SC-A']);
    expect(await skus(criteria([[['sku', 'SC-%', 'like']], [['price', '200', 'lteq']]]))).toEqual([
      'SC-A',
      'SC-B',
    ]);
    expect(
      await skus(criteria([[['sku', 'SC-%', 'like']], [['price', '150', 'from']], [['price', '250', 'to']]])),
    ).toEqual(['SC-B']);
  });

  it('null, notnull and finset', async () => {
    expect(await skus(criteria([[['sku', 'SC-%', 'like']], [['tags', '', 'null']]]))).toEqual(['SC-B']);
    expect(await skus(criteria([[['sku', 'SC-%', 'like']], [['tags', '', 'notnull']]]))).toEqual([
      'SC-A',
      'SC-C',
    ]);
    expect(await skus(criteria([[['tags', 'blue', 'finset']]]))).toEqual(['SC-A']);
  });

  it('ORs filters inside a group and ANDs groups', async () => {
    expect(
      await skus(
        criteria([
          [
            ['sku', 'SC-A'],
            ['sku', 'SC-C'],
          ],
        ]),
      ),
    ).toEqual(['SC-A', 'SC-C']);
    expect(
      await skus(
        criteria([
          [
            ['sku', 'SC-A'],
            ['sku', 'SC-C'],
          ],
          [['type_id', 'virtual']],
        ]),
      ),
    ).toEqual([]);
    expect(
      await skus(
        criteria([
          [
            ['sku', 'SC-A'],
            ['sku', 'SC-B'],
          ],
          [['type_id', 'virtual']],
        ]),
      ),
    ).toEqual(['SC-B']);
  });

  it('sorts, pages and counts; past the last page is empty with total_count kept', async () => {
    const q = (page: number) =>
      criteria([[['sku', 'SC-%', 'like']]], {
        '[sortOrders][0][field]': 'price',
        '[sortOrders][0][direction]': 'DESC',
        '[pageSize]': 2,
        '[currentPage]': page,
      });
    const first = await m.get(`/V1/products${q(1)}`);
    expect(first.body.items.map((p: { sku: string }) => p.sku)).toEqual(['SC-C', 'SC-B']);
    expect(first.body.total_count).toBe(3);
    expect(first.body.search_criteria).toMatchObject({
      page_size: 2,
      current_page: 1,
      sort_orders: [{ field: 'price', direction: 'DESC' }],
    });
    expect(await skus(q(2))).toEqual(['SC-A']);
    const past = await m.get(`/V1/products${q(3)}`);
    expect(past.body.items).toEqual([]);
    expect(past.body.total_count).toBe(3);
  });

  it('returns every product without paging and accepts camelCase keys', async () => {
    expect((await m.get('/V1/products')).body.total_count).toBe(15);
    const camel = await m.get(
      '/V1/products?searchCriteria[filterGroups][0][filters][0][field]=sku&searchCriteria[filterGroups][0][filters][0][value]=ART-0000%25&searchCriteria[filterGroups][0][filters][0][conditionType]=like',
    );
    expect(camel.body.total_count).toBe(9);
  });

  it('rejects an unknown condition type with 400', async () => {
    const res = await m.get(`/V1/products${criteria([[['sku', 'x', 'bogus']]])}`);
    expect(res.status).toBe(400);
  });
});
