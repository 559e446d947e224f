import { describe, expect, it } from 'vitest';
import { judge, ShapeIndex } from '../../src/flows/initial-sync/shape.ts';

describe('judge: what an initial sync does with one SKU', () => {
  const cases = [
    { name: 'missing in the target', source: { kind: 'simple' }, target: undefined, outcome: 'create' },
    {
      name: 'simple on both sides',
      source: { kind: 'simple' },
      target: { kind: 'simple' },
      outcome: 'match',
    },
    {
      name: 'variant under the same parent (case-insensitive)',
      source: { kind: 'variant', parentSku: 'CFG-1' },
      target: { kind: 'variant', parentSku: 'cfg-1' },
      outcome: 'match',
    },
    {
      name: 'configurable vs simple',
      source: { kind: 'configurable' },
      target: { kind: 'simple' },
      outcome: 'conflict',
    },
    {
      name: 'variant under a different parent',
      source: { kind: 'variant', parentSku: 'CFG-1' },
      target: { kind: 'variant', parentSku: 'CFG-2' },
      outcome: 'conflict',
    },
    {
      name: 'variant vs simple',
      source: { kind: 'variant', parentSku: 'CFG-1' },
      target: { kind: 'simple' },
      outcome: 'conflict',
    },
  ] as const;
  for (const c of cases) {
    it(c.name, () => {
      expect(judge(c.source, c.target).outcome).toBe(c.outcome);
    });
  }

  it('names both structures in a conflict', () => {
    const verdict = judge({ kind: 'variant', parentSku: 'CFG-1' }, { kind: 'variant', parentSku: 'CFG-2' });
    expect(verdict).toEqual({
      outcome: 'conflict',
      reason: 'is a variant of CFG-1 in the source but a variant of CFG-2 in the target',
    });
  });

  it('looks SKUs up case-insensitively', () => {
    const index = new ShapeIndex();
    index.set('ART-1', { kind: 'simple' });
    expect(index.get('art-1')).toEqual({ kind: 'simple' });
  });
});
