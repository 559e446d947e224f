// The example plugins (and a faulty one) in a running Koppla with both emulators: each changes the
// end state as it promises, and a misbehaving plugin dead-letters only its own jobs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitForDrain } from '../../src/demo/drain.ts';
import { controlCall } from '../../src/demo/emulator-control.ts';
import { DEMO_SBM_ID, type Environment, startEnvironment } from '../../src/demo/environment.ts';
import { timelineOf } from '../../src/store/timeline.ts';
import { magentoProducts, type SpecterOrder, specterArticles, specterOrders } from '../e2e/compare.ts';

const account = `/accounts/${DEMO_SBM_ID}`;
const example = (name: string) => new URL(`../../examples/plugins/${name}.ts`, import.meta.url).pathname;
const faulty = new URL('./fixtures/faulty.ts', import.meta.url).pathname;

async function until<T>(
  what: string,
  probe: () => Promise<T>,
  done: (v: T) => boolean,
  ms = 30_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

describe('example plugins end to end (ecom-master)', () => {
  let env: Environment;
  let sku: string;

  const placeOrder = async (email: string, paymentMethod: string) => {
    const order = await controlCall<{ entity_id: number; increment_id: string }>(
      env.magentoUrl,
      'POST',
      '/orders',
      {
        customer: { email, firstname: 'Test', lastname: 'Kund' },
        billingAddress: {},
        items: [{ sku, qty: 1 }],
        paymentMethod,
        shippingMethod: 'flatrate_flatrate',
        shippingAmountInclTax: 49,
      },
    );
    return order;
  };
  const inSpecter = async (incrementId: string): Promise<SpecterOrder | undefined> =>
    (await specterOrders(env)).find((o) => o.externalOrderNo === incrementId);

  beforeAll(async () => {
    env = await startEnvironment({
      flowMode: 'ecom-master',
      simpleArticles: 4,
      configurables: 1,
      variantsPerConfigurable: 2,
      adjustConfig(connection) {
        connection.plugins = [
          { use: example('attribute-to-field'), settings: { attribute: 'gtin', field: 'ean' } },
          { use: example('hold-until-paid'), settings: { paymentMethods: ['banktransfer'] } },
          {
            use: example('invoice-fee'),
            settings: {
              paymentMethods: ['checkmo'],
              articleNo: 'FAKTAVG',
              amountInclVat: 29,
              chargedIn: 'specter',
            },
          },
          { use: faulty },
        ];
      },
    });
    // The fee is booked on an article Specter must have.
    await controlCall(env.specterUrl, 'PUT', `${account}/articles/FAKTAVG`, {
      name: 'Fakturaavgift',
      priceExclVat: 23.2,
      vatPercent: 25,
    });
    expect(await waitForDrain(env, 60_000)).toBe(true);
    const products = await magentoProducts(env.magentoUrl);
    const children = new Set(products.flatMap((p) => p.children));
    sku = products.find((p) => p.type_id === 'simple' && !children.has(p.sku))!.sku;
    // Enough stock for every order the tests place.
    await controlCall(env.magentoUrl, 'POST', '/products/bulk', { products: [{ sku, qty: 1000 }] });
    expect(await waitForDrain(env, 60_000)).toBe(true);
  }, 90_000);
  afterAll(async () => {
    await env?.stop();
  });

  it('attribute-to-field: a Magento custom attribute lands in the Specter bar code', async () => {
    await controlCall(env.magentoUrl, 'POST', '/products/bulk', {
      products: [{ sku, custom_attributes: [{ attribute_code: 'gtin', value: '7350012345678' }] }],
    });
    expect(await waitForDrain(env, 60_000)).toBe(true);
    const article = (await specterArticles(env)).find((a) => a.articleNo === sku);
    expect(article?.barCode).toBe('7350012345678');
    const timeline = await timelineOf(env.store.db, env.connection.id, 'article', sku);
    expect(
      timeline.some(
        (e) => e.kind === 'mapped' && e.message.includes('attribute-to-field') && e.message.includes('ean'),
      ),
    ).toBe(true);
  }, 90_000);

  it('invoice-fee: the fee row is in the Specter order and its total includes it', async () => {
    const order = await placeOrder('faktura@example.se', 'checkmo');
    const specter = await until('the checkmo order in Specter', () => inSpecter(order.increment_id), Boolean);
    const fee = specter!.rows.find((r) => r.articleNo === 'FAKTAVG');
    expect(fee).toMatchObject({ noOfItems: 1, vatPercent: 25, priceExclVat: 23.2 });
    const timeline = await timelineOf(env.store.db, env.connection.id, 'order', order.increment_id);
    expect(timeline.find((e) => e.kind === 'mapped')?.message).toMatch(
      /invoice-fee \(orders\.afterMap\) changed .*lines\[1\]: added/,
    );
  }, 60_000);

  it('hold-until-paid: a bank-transfer order reaches Specter only after it is paid in Magento', async () => {
    const order = await placeOrder('bank@example.se', 'banktransfer');
    const held = await until(
      'the hold on the timeline',
      () => timelineOf(env.store.db, env.connection.id, 'order', order.increment_id),
      (events) => events.some((e) => e.kind === 'skipped' && e.message.includes('hold-until-paid')),
    );
    expect(held.find((e) => e.kind === 'skipped')?.message).toMatch(
      /held until paid: payment method banktransfer/,
    );
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await inSpecter(order.increment_id)).toBeUndefined();

    // Paid: invoiced in Magento, which moves the order to processing.
    const token = (await (
      await fetch(`${env.magentoUrl}/rest/V1/integration/admin/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: 'admin123' }),
      })
    ).json()) as string;
    const invoiced = await fetch(`${env.magentoUrl}/rest/V1/order/${order.entity_id}/invoice`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ capture: false, notify: false }),
    });
    expect(invoiced.ok).toBe(true);
    const specter = await until('the paid order in Specter', () => inSpecter(order.increment_id), Boolean);
    expect(specter!.rows.some((r) => r.articleNo === 'FAKTAVG')).toBe(false);
  }, 90_000);

  it('a plugin that throws, hangs or returns a wrong shape dead-letters only that order', async () => {
    const bad = {
      throw: await placeOrder('throw@example.se', 'klarna_kp'),
      hang: await placeOrder('hang@example.se', 'klarna_kp'),
      shape: await placeOrder('shape@example.se', 'klarna_kp'),
    };
    const good = await placeOrder('good@example.se', 'klarna_kp');
    await until('the good order in Specter', () => inSpecter(good.increment_id), Boolean);
    const letters = await until(
      'three dead letters',
      () =>
        env.store.db
          .selectFrom('dead_letters')
          .selectAll()
          .where('cause_code', '=', 'plugin-error')
          .execute(),
      (rows) => rows.length >= 3,
    );
    const byOrder = new Map(letters.map((l) => [l.entity_key, l.message]));
    expect(byOrder.get(bad.throw.increment_id)).toMatch(/Plugin "faulty" .* orders\.beforeMap: threw: boom/);
    expect(byOrder.get(bad.hang.increment_id)).toMatch(
      /Plugin "faulty" .* orders\.beforeMap: did not answer within 300 ms/,
    );
    expect(byOrder.get(bad.shape.increment_id)).toMatch(
      /Plugin "faulty" .* orders\.beforeMap: returned a wrong shape: lines/,
    );
    for (const order of Object.values(bad)) expect(await inSpecter(order.increment_id)).toBeUndefined();
  }, 90_000);
});
