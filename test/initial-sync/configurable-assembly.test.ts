import { describe, expect, it } from 'vitest';
import { ConfigurableAssembly } from '../../src/flows/initial-sync/configurable-assembly.ts';

const ATTRIBUTE_IDS = { color: 93, size: 141 };

function assembly(attributeIds: Record<string, number> = ATTRIBUTE_IDS) {
  const failures: { sku: string; message: string }[] = [];
  const subject = new ConfigurableAssembly(attributeIds, (sku, message) => failures.push({ sku, message }));
  return { subject, failures };
}

/** The operations ready now, written short: `axis CFG color=1,2` or `link CFG<-CFG-R`. */
function ready(subject: ConfigurableAssembly): string[] {
  return subject
    .takeReady()
    .map((op) =>
      op.kind === 'axis'
        ? `axis ${op.parentSku} ${op.option.label}=${op.option.values.map((v) => v.value_index).join(',')} #${op.option.position} id ${op.option.attribute_id}`
        : `link ${op.parentSku}<-${op.childSku}`,
    );
}

describe('ConfigurableAssembly: axes and links go out as soon as what they need exists', () => {
  it('declares the axes once the configurable exists, with the values of the variants read so far', () => {
    const { subject, failures } = assembly();
    subject.parentSent('CFG');
    subject.variantSent('CFG-R', 'CFG', { color: 1, size: 10 });
    subject.variantSent('CFG-B', 'CFG', { color: 2, size: 10 });
    expect(ready(subject)).toEqual([]); // the configurable is not created yet
    subject.productSettled('CFG');
    expect(ready(subject)).toEqual(['axis CFG color=1,2 #0 id 93', 'axis CFG size=10 #1 id 141']);
    // A variant read after the declaration needs no new declaration: Magento lists the values of
    // the children it links.
    subject.variantSent('CFG-G', 'CFG', { color: 3, size: 10 });
    expect(ready(subject)).toEqual([]);
    expect(failures).toEqual([]);
  });

  it('links a child only when its product exists and every axis of its configurable is declared', () => {
    const { subject } = assembly();
    subject.parentSent('CFG');
    subject.variantSent('CFG-R', 'CFG', { color: 1 });
    subject.variantSent('CFG-B', 'CFG', { color: 2 });
    subject.productSettled('CFG');
    expect(ready(subject)).toHaveLength(1);
    subject.productSettled('CFG-R');
    expect(ready(subject)).toEqual([]); // the axis is sent, not yet run
    subject.axisSettled('CFG');
    expect(ready(subject)).toEqual(['link CFG<-CFG-R']);
    subject.productSettled('CFG-B');
    expect(ready(subject)).toEqual(['link CFG<-CFG-B']);
  });

  it('waits for every axis of a configurable, not just the first one run', () => {
    const { subject } = assembly();
    subject.parentSent('CFG');
    subject.variantSent('CFG-1', 'CFG', { color: 1, size: 10 });
    subject.productSettled('CFG');
    subject.productSettled('CFG-1');
    expect(ready(subject)).toHaveLength(2);
    subject.axisSettled('CFG');
    expect(ready(subject)).toEqual([]);
    subject.axisSettled('CFG');
    expect(ready(subject)).toEqual(['link CFG<-CFG-1']);
  });

  it('takes variants read before their configurable', () => {
    const { subject } = assembly();
    subject.variantSent('CFG-R', 'CFG', { color: 1 });
    subject.productSettled('CFG-R');
    expect(ready(subject)).toEqual([]); // nothing known about CFG yet
    subject.parentSent('CFG');
    subject.productSettled('CFG');
    expect(ready(subject)).toEqual(['axis CFG color=1 #0 id 93']);
    subject.axisSettled('CFG');
    expect(ready(subject)).toEqual(['link CFG<-CFG-R']);
  });

  it('links the variants of a configurable that exists in Magento without declaring axes', () => {
    const { subject } = assembly();
    subject.parentExists('CFG');
    subject.variantSent('CFG-R', 'CFG', { color: 1 });
    expect(ready(subject)).toEqual([]);
    subject.productSettled('CFG-R');
    expect(ready(subject)).toEqual(['link CFG<-CFG-R']);
  });

  it('leaves the links of a configurable it never read until the reading is done, then sends them', () => {
    const { subject } = assembly();
    subject.variantSent('ORPHAN-1', 'ORPHAN', { color: 1 });
    subject.productSettled('ORPHAN-1');
    expect(ready(subject)).toEqual([]);
    subject.readingDone();
    expect(ready(subject)).toEqual(['link ORPHAN<-ORPHAN-1']);
  });

  it('refuses a variant that varies by an axis its configurable was declared without', () => {
    const { subject, failures } = assembly();
    subject.parentSent('CFG');
    subject.variantSent('CFG-R', 'CFG', { color: 1 });
    subject.productSettled('CFG');
    ready(subject);
    subject.variantSent('CFG-R-L', 'CFG', { color: 1, size: 11 });
    subject.productSettled('CFG-R-L');
    subject.axisSettled('CFG');
    expect(ready(subject)).toEqual([]);
    expect(failures).toHaveLength(1);
    expect(failures[0]?.sku).toBe('CFG-R-L');
    expect(failures[0]?.message).toContain('varies by size');
    expect(failures[0]?.message).toContain('its axes are color');
  });

  it('reports a configurable Magento did not create, and links none of its variants', () => {
    const { subject, failures } = assembly();
    subject.parentSent('CFG');
    subject.variantSent('CFG-R', 'CFG', { color: 1 });
    subject.productSettled('CFG-R');
    subject.productSettled('CFG', 'The value of attribute "name" must be set');
    subject.readingDone();
    expect(ready(subject)).toEqual([]);
    subject.reportUnlinked();
    expect(failures).toEqual([
      {
        sku: 'CFG',
        message: 'Magento did not create the product: The value of attribute "name" must be set',
      },
    ]);
  });

  it('reports a refused axis once on the configurable and links none of its variants', () => {
    const { subject, failures } = assembly();
    subject.parentSent('CFG');
    subject.variantSent('CFG-1', 'CFG', { color: 1, size: 10 });
    subject.productSettled('CFG');
    subject.productSettled('CFG-1');
    ready(subject);
    subject.axisSettled('CFG', 'Something went wrong while saving option.');
    subject.axisSettled('CFG');
    expect(ready(subject)).toEqual([]);
    expect(failures).toEqual([
      { sku: 'CFG', message: 'Magento refused the variant axes: Something went wrong while saving option.' },
    ]);
  });

  it('fails a configurable whose axis has no attribute in Magento', () => {
    const { subject, failures } = assembly({ color: 93 });
    subject.parentSent('CFG');
    subject.variantSent('CFG-1', 'CFG', { color: 1, fit: 7 });
    subject.productSettled('CFG');
    expect(ready(subject)).toEqual([]);
    expect(failures).toEqual([
      { sku: 'CFG', message: 'Magento has no product attribute "fit" (needed for variants)' },
    ]);
  });

  it('sends the links of a new configurable without axis values once the reading is done (Magento says why)', () => {
    const { subject, failures } = assembly();
    subject.parentSent('CFG');
    subject.variantSent('CFG-1', 'CFG', {});
    subject.productSettled('CFG');
    subject.productSettled('CFG-1');
    expect(ready(subject)).toEqual([]);
    subject.readingDone();
    expect(ready(subject)).toEqual(['link CFG<-CFG-1']);
    subject.linkSettled('CFG-1', "The parent product doesn't have configurable product options.");
    expect(failures).toEqual([
      {
        sku: 'CFG-1',
        message:
          "Magento did not link the variant to its configurable: The parent product doesn't have configurable product options.",
      },
    ]);
  });

  it('reports a simple product Magento did not create', () => {
    const { subject, failures } = assembly();
    subject.productSettled('SIMPLE-1', 'Invalid price');
    expect(failures).toEqual([
      { sku: 'SIMPLE-1', message: 'Magento did not create the product: Invalid price' },
    ]);
  });

  it('reports a variant that was never linked although its configurable did not fail', () => {
    const { subject, failures } = assembly();
    subject.parentSent('CFG');
    subject.variantSent('CFG-1', 'CFG', { color: 1 });
    subject.readingDone();
    // The configurable's product never finished: its axes were never declared.
    subject.reportUnlinked();
    expect(failures).toEqual([
      { sku: 'CFG-1', message: 'CFG-1 was not linked to its configurable CFG: its axes were never declared' },
    ]);
  });
});
