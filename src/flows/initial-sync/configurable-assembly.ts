// Puts the configurables of an initial sync together in Magento while the sync is still reading.
// A configurable needs its product, then its axes (the attributes its variants differ by), then one
// link per child, each child's product existing. Magento takes an axis with any one of its values and
// lists the values the linked children have (its REST tutorial declares a size axis with the value
// of one size, then links three sizes), so the axes can be declared as soon as the configurable
// exists and one variant is known, and each child linked as soon as both are there: no waiting for
// the last page, which may hold a configurable's last variant. No I/O here: the caller sends the
// operations this answers (`takeReady`) and reports back what Magento did with them.
import type { MagentoConfigurableOption } from '../../connectors/magento/index.ts';

export type AssemblyOperation =
  | { kind: 'axis'; parentSku: string; option: MagentoConfigurableOption }
  | { kind: 'link'; parentSku: string; childSku: string };

interface ParentState {
  sku: string;
  /** created: sent by this sync; existing: already in Magento; undefined: not read (yet). */
  origin?: 'created' | 'existing';
  productDone: boolean;
  /** Option ids per axis seen on its variants until the axes are declared. */
  values: Map<string, Set<number>>;
  /** Axis codes declared, once they are. */
  declared?: string[];
  axesOpen: number;
  axesDone: boolean;
  failed: boolean;
  /** Children whose product exists, waiting for the axes. */
  waiting: string[];
}

export class ConfigurableAssembly {
  private readonly parents = new Map<string, ParentState>();
  /** Variants sent and not linked yet, with their configurable's SKU. */
  private readonly children = new Map<string, string>();
  private ready: AssemblyOperation[] = [];
  private reading = true;

  constructor(
    /** Magento's attribute id per axis code (an axis without one cannot be declared). */
    private readonly attributeIds: Record<string, number>,
    private readonly fail: (sku: string, message: string) => void,
  ) {}

  /** A configurable was sent to Magento to be created. */
  parentSent(sku: string): void {
    this.parent(sku).origin = 'created';
  }

  /** A configurable exists in Magento already: its axes are taken as they are there. */
  parentExists(sku: string): void {
    const parent = this.parent(sku);
    parent.origin = 'existing';
    parent.productDone = true;
    this.advance(parent);
  }

  /** A variant was sent to Magento to be created, with the option id of each of its axis values. */
  variantSent(sku: string, parentSku: string, optionIds: Record<string, number>): void {
    const parent = this.parent(parentSku);
    const codes = Object.keys(optionIds);
    if (parent.declared) {
      const unknown = codes.filter((code) => !parent.declared?.includes(code));
      if (unknown.length > 0) {
        this.fail(
          sku,
          `${sku} varies by ${unknown.join(', ')}, which its configurable ${parentSku} does not (its axes are ${parent.declared.join(', ')}, taken from the variants read before it); it was created but not linked`,
        );
        return;
      }
    } else {
      for (const code of codes) {
        const values = parent.values.get(code) ?? new Set<number>();
        values.add(optionIds[code] as number);
        parent.values.set(code, values);
      }
    }
    this.children.set(sku, parentSku);
    this.advance(parent);
  }

  /** Magento ran the creation of a product this sync sent. */
  productSettled(sku: string, failure?: string): void {
    const parent = this.parents.get(sku);
    if (parent?.origin === 'created') {
      if (failure) this.parentFailed(sku, parent, `Magento did not create the product: ${failure}`);
      else {
        parent.productDone = true;
        this.advance(parent);
      }
      return;
    }
    if (failure) this.fail(sku, `Magento did not create the product: ${failure}`);
    const parentSku = this.children.get(sku);
    if (parentSku === undefined) return;
    const childParent = this.parent(parentSku);
    if (failure || childParent.failed) {
      this.children.delete(sku);
      return;
    }
    childParent.waiting.push(sku);
    this.advance(childParent);
  }

  /** Magento ran one axis declaration of a configurable. */
  axisSettled(parentSku: string, failure?: string): void {
    const parent = this.parent(parentSku);
    parent.axesOpen--;
    if (failure) this.parentFailed(parentSku, parent, `Magento refused the variant axes: ${failure}`);
    else if (parent.axesOpen === 0 && !parent.failed) {
      parent.axesDone = true;
      this.advance(parent);
    }
  }

  /** Magento ran one child link. */
  linkSettled(childSku: string, failure?: string): void {
    if (failure) this.fail(childSku, `Magento did not link the variant to its configurable: ${failure}`);
  }

  /**
   * Every article has been read: a configurable that was never read is left to Magento (its
   * children's links go as they are and Magento answers), and one without any axis value gets its
   * links sent without axes, so Magento says what is missing.
   */
  readingDone(): void {
    this.reading = false;
    for (const parent of this.parents.values()) this.advance(parent);
  }

  get hasReady(): boolean {
    return this.ready.length > 0;
  }

  /** Operations that can be sent now. */
  takeReady(): AssemblyOperation[] {
    const ready = this.ready;
    this.ready = [];
    return ready;
  }

  /** Variants never linked though their configurable did not fail: each is reported as failed. */
  reportUnlinked(): void {
    for (const [sku, parentSku] of this.children) {
      if (this.parents.get(parentSku)?.failed) continue;
      this.fail(sku, `${sku} was not linked to its configurable ${parentSku}: its axes were never declared`);
    }
    this.children.clear();
  }

  private parent(sku: string): ParentState {
    let parent = this.parents.get(sku);
    if (!parent) {
      parent = {
        sku,
        productDone: false,
        values: new Map(),
        axesOpen: 0,
        axesDone: false,
        failed: false,
        waiting: [],
      };
      this.parents.set(sku, parent);
    }
    return parent;
  }

  private advance(parent: ParentState): void {
    if (parent.failed) return;
    if (!parent.axesDone) {
      if (parent.origin === 'existing' || (parent.origin === undefined && !this.reading)) {
        parent.axesDone = true;
      } else if (parent.origin === 'created' && parent.productDone && !parent.declared) {
        if (parent.values.size > 0) this.declare(parent);
        else if (!this.reading) parent.axesDone = true;
      }
    }
    if (!parent.axesDone) return;
    for (const childSku of parent.waiting) {
      const parentSku = this.children.get(childSku);
      if (parentSku === undefined) continue;
      this.children.delete(childSku);
      this.ready.push({ kind: 'link', parentSku, childSku });
    }
    parent.waiting = [];
  }

  private declare(parent: ParentState): void {
    const parentSku = parent.sku;
    const codes = [...parent.values.keys()];
    const missing = codes.find((code) => this.attributeIds[code] === undefined);
    if (missing !== undefined) {
      this.parentFailed(
        parentSku,
        parent,
        `Magento has no product attribute "${missing}" (needed for variants)`,
      );
      return;
    }
    codes.forEach((code, position) => {
      this.ready.push({
        kind: 'axis',
        parentSku,
        option: {
          attribute_id: String(this.attributeIds[code]),
          label: code,
          position,
          is_use_default: true,
          values: [...(parent.values.get(code) ?? [])].map((value_index) => ({ value_index })),
        },
      });
    });
    parent.declared = codes;
    parent.axesOpen = codes.length;
    parent.values = new Map();
  }

  private parentFailed(sku: string, parent: ParentState, message: string): void {
    if (parent.failed) return;
    parent.failed = true;
    parent.waiting = [];
    this.fail(sku, message);
  }
}
