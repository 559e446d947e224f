import { describe, expect, it } from 'vitest';
import { servedOperations } from '../../../emulators/magento/index.ts';
import { schema, validatorFor } from './helpers.ts';

describe('magento emulator: schema contract', () => {
  it('describes every (method, path) the emulator serves', () => {
    const missing = servedOperations({ customerGroupPrices: true }).filter(
      (op) => !schema.paths[op.path]?.[op.method.toLowerCase()],
    );
    expect(missing).toEqual([]);
  });

  it('marks the non-core extension routes with x-extension', () => {
    const ext = Object.entries(schema.paths).filter(([path]) => path.includes('/koppla-ext/'));
    expect(ext.length).toBeGreaterThan(0);
    for (const [, ops] of ext)
      for (const op of Object.values(ops)) expect((op as Record<string, unknown>)['x-extension']).toBe(true);
  });

  it('compiles every response schema and uses Magento definition names', () => {
    for (const [path, ops] of Object.entries(schema.paths)) {
      for (const [method, op] of Object.entries(ops))
        validatorFor(`${method} ${path} compile`, op.responses['200']?.schema ?? op.responses['202']?.schema);
    }
    expect(Object.keys(schema.definitions)).toEqual(
      expect.arrayContaining([
        'catalog-data-product-interface',
        'sales-data-order-interface',
        'framework-search-search-result-interface',
      ]),
    );
  });
});
