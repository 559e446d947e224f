// The structure of one catalogue entry, as far as matching by SKU cares: what kind of thing it is
// and, for a variant, which configurable it hangs under. Pure.

export type ShapeKind = 'simple' | 'configurable' | 'variant';

export interface Shape {
  kind: ShapeKind;
  /** For a variant: the SKU of its configurable / main article. */
  parentSku?: string;
}

export type Verdict = { outcome: 'create' } | { outcome: 'match' } | { outcome: 'conflict'; reason: string };

const KIND_WORDS: Record<ShapeKind, string> = {
  simple: 'a simple article',
  configurable: 'a configurable (main article)',
  variant: 'a variant',
};

function describe(shape: Shape): string {
  return shape.kind === 'variant' && shape.parentSku
    ? `${KIND_WORDS.variant} of ${shape.parentSku}`
    : KIND_WORDS[shape.kind];
}

/**
 * What an initial sync does with one source entry given what the target holds under the same SKU:
 * create it, bind it to the existing one, or stop and tell a person (same SKU, different structure).
 * SKUs compare case-insensitively (Magento's SKU look-up does), so callers pass the target's shape
 * found under the lower-cased SKU.
 */
export function judge(source: Shape, target: Shape | undefined): Verdict {
  if (!target) return { outcome: 'create' };
  if (source.kind !== target.kind) {
    return {
      outcome: 'conflict',
      reason: `is ${describe(source)} in the source but ${describe(target)} in the target`,
    };
  }
  if (
    source.kind === 'variant' &&
    (source.parentSku ?? '').toLowerCase() !== (target.parentSku ?? '').toLowerCase()
  ) {
    return {
      outcome: 'conflict',
      reason: `is ${describe(source)} in the source but ${describe(target)} in the target`,
    };
  }
  return { outcome: 'match' };
}

/**
 * As `judge`, and a variant whose configurable exists in the target as something else is a
 * conflict too: it could only be created as an orphan that no configurable links.
 */
export function judgeInIndex(source: Shape & { sku: string }, target: ShapeIndex): Verdict {
  const own = judge(source, target.get(source.sku));
  if (own.outcome === 'conflict' || source.kind !== 'variant' || !source.parentSku) return own;
  const parent = target.get(source.parentSku);
  if (parent && parent.kind !== 'configurable') {
    return {
      outcome: 'conflict',
      reason: `is a variant of ${source.parentSku}, which is ${describe(parent)} in the target`,
    };
  }
  return own;
}

/** Target shapes by lower-cased SKU: the one index an initial sync keeps in memory. */
export class ShapeIndex {
  private readonly shapes = new Map<string, Shape>();

  set(sku: string, shape: Shape): void {
    this.shapes.set(sku.toLowerCase(), shape);
  }

  get(sku: string): Shape | undefined {
    return this.shapes.get(sku.toLowerCase());
  }

  get size(): number {
    return this.shapes.size;
  }
}
