import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runPluginOnFixture } from '../../src/plugins/index.ts';
import holdUntilPaid from './hold-until-paid.ts';

const fixture = new URL('./fixtures/order-invoice.json', import.meta.url).pathname;
const order = () => JSON.parse(readFileSync(fixture, 'utf8'));

describe('hold-until-paid', () => {
  it('holds an unpaid order of a held payment method, with the reason', async () => {
    const run = await runPluginOnFixture({
      plugin: holdUntilPaid,
      fixture,
      settings: { paymentMethods: ['checkmo'] },
    });
    expect(run.skipped?.reason).toMatch(/held until paid: payment method checkmo, status "pending"/);
    expect(run.changes).toEqual([]);
  });

  it('lets the order through once Magento has it as processing', async () => {
    const run = await runPluginOnFixture({
      plugin: holdUntilPaid,
      fixture: { ...order(), status: 'processing', state: 'processing' },
      settings: { paymentMethods: ['checkmo'] },
    });
    expect(run.skipped).toBeUndefined();
  });

  it('leaves other payment methods alone', async () => {
    const run = await runPluginOnFixture({
      plugin: holdUntilPaid,
      fixture: { ...order(), paymentMethod: 'klarna_kp' },
      settings: { paymentMethods: ['checkmo', 'banktransfer'] },
    });
    expect(run.skipped).toBeUndefined();
  });

  it('refuses settings without payment methods', async () => {
    await expect(runPluginOnFixture({ plugin: holdUntilPaid, fixture, settings: {} })).rejects.toThrow(
      /paymentMethods/,
    );
  });
});
