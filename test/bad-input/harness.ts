// The bad-input suite's environment: startEnvironment with a proxy in front of Magento and one in
// front of Specter (so a test can spoil one answer), plus helpers to settle the backlog fast
// (retry delays are skipped, as if time passed) and to read dead letters.
import type { FlowMode } from '../../src/config/schema.ts';
import { controlCall } from '../../src/demo/emulator-control.ts';
import { DEMO_SBM_ID, type Environment, startEnvironment } from '../../src/demo/environment.ts';
import { type SpoilingProxy, startProxy } from './proxy.ts';

export const account = `/accounts/${DEMO_SBM_ID}`;

export interface BadInputEnvironment {
  env: Environment;
  magentoProxy: SpoilingProxy;
  specterProxy: SpoilingProxy;
  /** The emulators themselves (control surface, no proxy). */
  magentoUrl: string;
  specterUrl: string;
  stop(): Promise<void>;
}

export async function startBadInputEnvironment(
  flowMode: FlowMode,
  options: {
    simpleArticles?: number;
    configurables?: number;
    adjust?: (c: Record<string, unknown>) => void;
  } = {},
): Promise<BadInputEnvironment> {
  const magentoProxy = await startProxy();
  const specterProxy = await startProxy();
  const env = await startEnvironment({
    flowMode,
    simpleArticles: options.simpleArticles ?? 6,
    configurables: options.configurables ?? 1,
    variantsPerConfigurable: 2,
    feedIntervalMs: 500,
    adjustConfig: (raw) => {
      const shops = raw.shops as { magento: { url: string } }[];
      magentoProxy.target = shops[0]!.magento.url;
      for (const shop of shops) shop.magento.url = magentoProxy.url;
      const specter = raw.specter as { url: string };
      specterProxy.target = specter.url;
      specter.url = specterProxy.url;
      // Hung answers cost seconds in these tests, not the default half minute.
      (raw.specter as Record<string, unknown>).timeoutSeconds = 3;
      for (const shop of raw.shops as Record<string, Record<string, unknown>>[])
        shop.magento!.timeoutSeconds = 3;
      options.adjust?.(raw);
    },
  });
  return {
    env,
    magentoProxy,
    specterProxy,
    magentoUrl: magentoProxy.target,
    specterUrl: specterProxy.target,
    async stop() {
      await env.stop();
      await magentoProxy.close();
      await specterProxy.close();
    },
  };
}

/**
 * Runs every detector, lets queued jobs run now instead of after their retry delay, and waits
 * until nothing is queued or running, twice in a row.
 */
export async function settle(
  env: Environment,
  options: { timeoutMs?: number; maxAttempts?: number } = {},
): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  let quiet = 0;
  while (Date.now() < deadline) {
    for (const schedule of env.runtime.flowsOf(env.connection.id)?.schedules ?? [])
      await env.runtime.runScheduleNow(env.connection.id, schedule.name);
    await env.store.db
      .updateTable('jobs')
      .set({ run_at: new Date() })
      .where('status', '=', 'queued')
      .where('run_at', '>', new Date())
      .execute();
    // As if the retries had all run out: a fault that never heals reaches its dead letter now.
    if (options.maxAttempts)
      await env.store.db
        .updateTable('jobs')
        .set({ max_attempts: options.maxAttempts })
        .where('status', 'in', ['queued', 'running'])
        .execute();
    const busy = await env.store.db
      .selectFrom('jobs')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('status', 'in', ['queued', 'running'])
      .executeTakeFirstOrThrow();
    quiet = Number(busy.n) === 0 ? quiet + 1 : 0;
    if (quiet >= 2) return;
    env.runtime.poke();
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  throw new Error('The backlog did not settle');
}

export interface Letter {
  stream: string;
  entity_key: string;
  cause_code: string;
  message: string;
}

export async function deadLetters(env: Environment): Promise<Letter[]> {
  return env.store.db
    .selectFrom('dead_letters')
    .select(['stream', 'entity_key', 'cause_code', 'message'])
    .where('resolved_at', 'is', null)
    .orderBy('id')
    .execute();
}

/** Dead letters about one record (by its entity key). */
export async function lettersAbout(env: Environment, key: string): Promise<Letter[]> {
  return (await deadLetters(env)).filter((l) => l.entity_key === key);
}

export interface OrderInput {
  storeCode?: string;
  items: { sku: string; qty: number }[];
  paymentMethod?: string;
  shippingMethod?: string;
  shippingAmountInclTax?: number;
  customer?: Partial<{ email: string; firstname: string; lastname: string }>;
  street?: string;
  city?: string;
}

let orderSerial = 0;

/** Places an order in the Magento emulator (its control surface). Answers the increment id. */
export async function placeOrder(
  magentoUrl: string,
  input: OrderInput,
): Promise<{ incrementId: string; id: number }> {
  orderSerial++;
  const address = {
    firstname: input.customer?.firstname ?? 'Anna',
    lastname: input.customer?.lastname ?? 'Svensson',
    street: [input.street ?? 'Storgatan 1'],
    city: input.city ?? 'Stockholm',
    postcode: '11122',
    country_id: 'SE',
    telephone: '0701234567',
  };
  const order = await controlCall<{ increment_id: string; entity_id: number }>(
    magentoUrl,
    'POST',
    '/orders',
    {
      storeCode: input.storeCode ?? 'default',
      customer: {
        email: input.customer?.email ?? `kund${orderSerial}.${Date.now()}@example.se`,
        firstname: address.firstname,
        lastname: address.lastname,
      },
      billingAddress: address,
      items: input.items,
      paymentMethod: input.paymentMethod ?? 'checkmo',
      shippingMethod: input.shippingMethod ?? 'flatrate_flatrate',
      shippingAmountInclTax: input.shippingAmountInclTax ?? 49,
    },
  );
  return { incrementId: order.increment_id, id: order.entity_id };
}

export interface SpecterOrderRow {
  orderNo: number;
  externalOrderNo: string;
  rows: { articleNo: string; articleName?: string; noOfItems: number }[];
}

export async function specterOrderFor(
  specterUrl: string,
  externalOrderNo: string,
): Promise<SpecterOrderRow | undefined> {
  const orders = await controlCall<SpecterOrderRow[]>(specterUrl, 'GET', `${account}/orders`);
  return orders.find((o) => o.externalOrderNo === externalOrderNo);
}
