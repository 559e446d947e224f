// Bad input on the orders stream (Magento -> Specter): each bad order ends as one dead letter
// whose message names what to fix, while a good order placed next to it reaches Specter.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { controlCall } from '../../src/demo/emulator-control.ts';
import {
  type BadInputEnvironment,
  lettersAbout,
  type OrderInput,
  placeOrder,
  settle,
  specterOrderFor,
  startBadInputEnvironment,
} from './harness.ts';

let h: BadInputEnvironment;
const GOOD: OrderInput = { items: [{ sku: 'ART-00001', qty: 1 }] };

/** The order JSON of one Magento order id, changed by `change`, on every read through the proxy. */
function rewriteOrder(id: number, change: (order: Record<string, unknown>) => void) {
  h.magentoProxy.rules.push({
    match: (r) => r.method === 'GET' && new RegExp(`/V1/orders/${id}(\\?|$)`).test(r.url),
    rewriteJson: (json) => {
      change(json as Record<string, unknown>);
      return json;
    },
  });
}

type Item = Record<string, unknown>;
const items = (order: Record<string, unknown>) => order.items as Item[];

/** Places a bad order and a good one, settles, and answers the bad order's letters. */
async function badNextToGood(
  bad: OrderInput,
  spoil?: (id: number) => void,
  maxAttempts?: number,
): Promise<{ bad: string; letters: { message: string; cause_code: string }[] }> {
  const placed = await placeOrder(h.magentoUrl, bad);
  spoil?.(placed.id);
  const good = await placeOrder(h.magentoUrl, GOOD);
  await settle(h.env, { maxAttempts });
  expect(
    await specterOrderFor(h.specterUrl, good.incrementId),
    'the good order next to the bad one',
  ).toBeDefined();
  const letters = await lettersAbout(h.env, placed.incrementId);
  if (process.env.DEBUG_LETTERS) console.log(placed.incrementId, JSON.stringify(letters, null, 1));
  return { bad: placed.incrementId, letters };
}

beforeAll(async () => {
  h = await startBadInputEnvironment('erp-master');
  await settle(h.env);
}, 60_000);
afterAll(async () => {
  await h?.stop();
});

describe('bad orders from Magento', () => {
  it('an order line whose SKU Specter does not have: one letter naming the SKU', async () => {
    await controlCall(h.magentoUrl, 'POST', '/products/bulk', {
      products: [{ sku: 'ONLY-IN-MAGENTO', name: 'Bara i Magento', price: 100, qty: 10, website_ids: [1] }],
    });
    const { bad, letters } = await badNextToGood({ items: [{ sku: 'ONLY-IN-MAGENTO', qty: 1 }] });
    expect(letters, bad).toHaveLength(1);
    expect(letters[0]!.message).toContain('ONLY-IN-MAGENTO');
    expect(await specterOrderFor(h.specterUrl, bad)).toBeUndefined();
  });

  it('a payment method the connection has no mapping for: one letter naming the method', async () => {
    const { letters } = await badNextToGood({ ...GOOD, paymentMethod: 'bitcoin_wallet' });
    expect(letters).toHaveLength(1);
    expect(letters[0]!.message).toContain('bitcoin_wallet');
    expect(letters[0]!.message).toMatch(/payment mapping/);
  });

  it('a shipping method the connection has no mapping for: one letter naming the method', async () => {
    const { letters } = await badNextToGood({ ...GOOD, shippingMethod: 'drone_express' });
    expect(letters).toHaveLength(1);
    expect(letters[0]!.message).toContain('drone_express');
    expect(letters[0]!.message).toMatch(/shipping mapping/);
  });

  it('an order in a currency the shop does not have: one letter naming both currencies', async () => {
    const { letters } = await badNextToGood(GOOD, (id) =>
      rewriteOrder(id, (o) => {
        o.order_currency_code = 'EUR';
        o.base_currency_code = 'EUR';
      }),
    );
    expect(letters).toHaveLength(1);
    expect(letters[0]!.message).toContain('EUR');
    expect(letters[0]!.message).toContain('SEK');
  });

  it('a negative quantity: one letter naming the SKU and the quantity', async () => {
    const { letters } = await badNextToGood(GOOD, (id) =>
      rewriteOrder(id, (o) => {
        items(o)[0]!.qty_ordered = -2;
      }),
    );
    expect(letters).toHaveLength(1);
    expect(letters[0]!.message).toContain('ART-00001');
    expect(letters[0]!.message).toContain('-2');
  });

  it('a fractional quantity: one letter naming the SKU and the quantity', async () => {
    const { letters } = await badNextToGood(GOOD, (id) =>
      rewriteOrder(id, (o) => {
        items(o)[0]!.qty_ordered = 1.5;
      }),
    );
    expect(letters).toHaveLength(1);
    expect(letters[0]!.message).toContain('ART-00001');
    expect(letters[0]!.message).toContain('1.5');
  });

  it('an absurd price (a billion per item): one letter naming the SKU and the price', async () => {
    const { letters } = await badNextToGood(GOOD, (id) =>
      rewriteOrder(id, (o) => {
        const item = items(o)[0]!;
        for (const field of ['price', 'base_price', 'original_price']) item[field] = 1e9;
        for (const field of [
          'price_incl_tax',
          'base_price_incl_tax',
          'row_total_incl_tax',
          'base_row_total_incl_tax',
        ])
          item[field] = 1.25e9;
        item.row_total = 1e9;
        o.grand_total = 1.25e9 + 49;
        o.base_grand_total = 1.25e9 + 49;
      }),
    );
    expect(letters).toHaveLength(1);
    expect(letters[0]!.message).toContain('ART-00001');
  });

  it('a negative price: one letter naming the SKU', async () => {
    const { letters } = await badNextToGood(GOOD, (id) =>
      rewriteOrder(id, (o) => {
        const item = items(o)[0]!;
        for (const field of [
          'price',
          'base_price',
          'price_incl_tax',
          'base_price_incl_tax',
          'row_total',
          'row_total_incl_tax',
        ])
          item[field] = -Math.abs(Number(item[field] ?? 100));
      }),
    );
    expect(letters).toHaveLength(1);
    expect(letters[0]!.message).toContain('ART-00001');
  });

  it('an order with 10,000 lines: one letter saying how many lines and the limit', async () => {
    const { letters } = await badNextToGood(GOOD, (id) =>
      rewriteOrder(id, (o) => {
        const first = items(o)[0]!;
        o.items = Array.from({ length: 10_000 }, (_, i) => ({ ...first, item_id: 900_000 + i }));
      }),
    );
    expect(letters).toHaveLength(1);
    expect(letters[0]!.message).toContain('10000');
  }, 60_000);

  it('two lines with the same SKU: both reach Specter (not a duplicate to drop)', async () => {
    const placed = await placeOrder(h.magentoUrl, { items: [{ sku: 'ART-00002', qty: 1 }] });
    rewriteOrder(placed.id, (o) => {
      const first = items(o)[0]!;
      o.items = [first, { ...first, item_id: Number(first.item_id) + 100_000 }];
      o.grand_total = Number(o.grand_total) + Number(first.row_total_incl_tax);
      o.base_grand_total = o.grand_total;
    });
    await settle(h.env);
    expect(await lettersAbout(h.env, placed.incrementId)).toEqual([]);
    const order = await specterOrderFor(h.specterUrl, placed.incrementId);
    expect(order?.rows.filter((r) => r.articleNo === 'ART-00002').reduce((n, r) => n + r.noOfItems, 0)).toBe(
      2,
    );
  });

  it('emoji and åäö in every text of the order: åäö arrive intact, nothing is refused', async () => {
    const placed = await placeOrder(h.magentoUrl, {
      ...GOOD,
      customer: { firstname: 'Åsa 😀', lastname: 'Öberg-Ängström 🎉', email: `asa.${Date.now()}@example.se` },
      street: 'Gärdesvägen 5 🏠',
      city: 'Västerås ✨',
    });
    await settle(h.env);
    expect(await lettersAbout(h.env, placed.incrementId)).toEqual([]);
    expect(await specterOrderFor(h.specterUrl, placed.incrementId)).toBeDefined();
    const customers = await controlCall<Record<string, unknown>[]>(
      h.specterUrl,
      'GET',
      '/accounts/1001/customers',
    );
    const text = JSON.stringify(customers);
    expect(text).toContain('Öberg-Ängström');
    expect(text).toContain('Västerås');
  });

  it('a name longer than Specter takes: one letter naming the field and its limit', async () => {
    const long = 'Å'.repeat(140);
    const { letters } = await badNextToGood({
      ...GOOD,
      customer: { firstname: long, lastname: 'Berg', email: `lang.${Date.now()}@example.se` },
    });
    expect(letters).toHaveLength(1);
    expect(letters[0]!.message).toContain('firstName');
    expect(letters[0]!.message).toContain('at most 50');
  });

  it('a street longer than Specter takes: one letter naming the address field', async () => {
    const { letters } = await badNextToGood({ ...GOOD, street: `Storgatan ${'9'.repeat(150)}` });
    expect(letters).toHaveLength(1);
    expect(letters[0]!.message).toMatch(/Specter rejected the value of field "\w*address\w*"/i);
  });

  it('an order without a customer e-mail: one letter naming the missing field', async () => {
    const { letters } = await badNextToGood(GOOD, (id) =>
      rewriteOrder(id, (o) => {
        delete o.customer_email;
        delete (o.billing_address as Record<string, unknown>).email;
      }),
    );
    expect(letters).toHaveLength(1);
    expect(letters[0]!.message).toMatch(/e-?mail/i);
  });

  it('an order without lines: one letter saying it has no lines', async () => {
    const { letters } = await badNextToGood(GOOD, (id) =>
      rewriteOrder(id, (o) => {
        o.items = [];
      }),
    );
    expect(letters).toHaveLength(1);
    expect(letters[0]!.message).toMatch(/items/);
  });

  it('an order line without a SKU: one letter naming the missing SKU', async () => {
    const { letters } = await badNextToGood(GOOD, (id) =>
      rewriteOrder(id, (o) => {
        delete items(o)[0]!.sku;
      }),
    );
    expect(letters).toHaveLength(1);
    expect(letters[0]!.message).toMatch(/sku/i);
  });

  it('Magento answering malformed JSON for one order: one letter naming Magento and the answer', async () => {
    const { letters } = await badNextToGood(GOOD, (id) =>
      h.magentoProxy.rules.push({
        match: (r) => r.method === 'GET' && new RegExp(`/V1/orders/${id}(\\?|$)`).test(r.url),
        answer: { status: 200, body: '{"entity_id": 1, "items": [' },
      }),
    );
    expect(letters).toHaveLength(1);
    expect(letters[0]!.message).toMatch(/Magento/);
    expect(letters[0]!.message).toMatch(/JSON/);
  }, 60_000);

  it('Magento answering an HTML error page for one order: one letter naming the status', async () => {
    const { letters } = await badNextToGood(
      GOOD,
      (id) =>
        h.magentoProxy.rules.push({
          match: (r) => r.method === 'GET' && new RegExp(`/V1/orders/${id}(\\?|$)`).test(r.url),
          answer: {
            status: 502,
            contentType: 'text/html',
            body: '<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>',
          },
        }),
      2,
    );
    expect(letters).toHaveLength(1);
    expect(letters[0]!.message).toContain('502');
  }, 60_000);

  it('Specter answering an HTML page to one order submit: one letter, the next order goes through', async () => {
    const placed = await placeOrder(h.magentoUrl, { items: [{ sku: 'ART-00003', qty: 1 }] });
    h.specterProxy.rules.push({
      match: (r) =>
        /newOrderSubmit/i.test(r.url + r.body) && r.body.includes(`externalOrderNo=${placed.incrementId}`),
      answer: {
        status: 200,
        contentType: 'text/html',
        body: "<html><body>Server Error in '/' Application.</body></html>",
      },
    });
    const good = await placeOrder(h.magentoUrl, GOOD);
    await settle(h.env, { maxAttempts: 2 });
    expect(await specterOrderFor(h.specterUrl, good.incrementId)).toBeDefined();
    const letters = await lettersAbout(h.env, placed.incrementId);
    expect(letters).toHaveLength(1);
    expect(letters[0]!.message).toMatch(/Specter/);
  }, 60_000);
});
