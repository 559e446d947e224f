// Checks of one connection against its remotes, for `koppla doctor`. Each check says what was
// found and, when it fails, what to do about it.
import type { Check } from '../cli/commands/doctor.ts';
import type { ConnectionConfig, ShopConfig } from '../config/schema.ts';
import type { SecretStore } from '../store/secrets.ts';
import { magentoClientFor, specterClientFor } from './build.ts';

function failure(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function check(name: string, run: () => Promise<string>, fix: string): Promise<Check> {
  try {
    return { name, ok: true, detail: await run() };
  } catch (error) {
    return { name, ok: false, detail: `${failure(error)} — ${fix}` };
  }
}

async function specterChecks(connection: ConnectionConfig, secrets?: SecretStore): Promise<Check[]> {
  const prefix = `${connection.id}: Specter`;
  const checks: Check[] = [];
  const base = await specterClientFor(connection, undefined, secrets).catch((error) => error as Error);
  if (base instanceof Error) {
    return [
      {
        name: `${prefix} credentials`,
        ok: false,
        detail: `${base.message} — set the secret or environment variable`,
      },
    ];
  }
  const account = await check(
    `${prefix} credentials`,
    async () => {
      const answer = await base.checkAccountSettings();
      return `account ${answer.sbmId} answers (${answer.message})`;
    },
    'check sbmId, apiUserId, apiUserKey and integrationKey in the connection config against Specter > Settings > Webshop integration',
  );
  checks.push(account);
  if (!account.ok) return checks;

  for (const webshopId of new Set(connection.shops.map((s) => s.webshopId))) {
    const client = await specterClientFor(connection, webshopId, secrets);
    checks.push(
      await check(
        `${prefix} web shop ${webshopId ?? '(default)'}`,
        async () => {
          // Looking up an order number that cannot exist exercises the order/webshop module and
          // the web shop number without creating anything.
          const found = await client.getOrderInfo({ externalOrderNo: 'KOPPLA-DOCTOR-PROBE', webshopId });
          return found
            ? 'reachable (probe order unexpectedly exists)'
            : 'order module active, web shop known';
        },
        'activate the Order/Invoice and Webshop connection modules in Specter and check the shop’s webshopId (Specter gives one per web shop)',
      ),
    );
  }

  const mapped = connection.shops.flatMap((s) =>
    s.priceLists.map((p) => ({ shop: s, priceListId: p.priceListId })),
  );
  const baseLists = connection.shops
    .filter((s) => s.basePriceList)
    .map((s) => ({ shop: s, priceListId: s.basePriceList! }));
  if (mapped.length + baseLists.length > 0) {
    checks.push(
      await check(
        `${prefix} price lists`,
        async () => {
          const lists = await base.getPriceLists();
          const missing = [...mapped, ...baseLists].filter(
            (m) => !lists.some((l) => l.priceListId === m.priceListId),
          );
          if (missing.length > 0) {
            throw new Error(
              `price list(s) ${[...new Set(missing.map((m) => m.priceListId))].join(', ')} not found in Specter`,
            );
          }
          const wrongCurrency = baseLists.filter(
            (b) => lists.find((l) => l.priceListId === b.priceListId)?.currency !== b.shop.currency,
          );
          if (wrongCurrency.length > 0) {
            throw new Error(
              wrongCurrency
                .map(
                  (w) => `shop ${w.shop.id} is in ${w.shop.currency} but price list ${w.priceListId} is not`,
                )
                .join('; '),
            );
          }
          return `${lists.length} price list(s); every mapped list exists`;
        },
        'fix priceLists / basePriceList in the shop config to ids Specter shows under Prices > Price lists',
      ),
    );
  }
  return checks;
}

async function magentoChecks(
  connection: ConnectionConfig,
  shop: ShopConfig,
  secrets?: SecretStore,
): Promise<Check[]> {
  const prefix = `${connection.id}/${shop.id}: Magento`;
  const client = await magentoClientFor(connection, shop, secrets).catch((error) => error as Error);
  if (client instanceof Error) {
    return [
      {
        name: `${prefix} credentials`,
        ok: false,
        detail: `${client.message} — set the secret or environment variable`,
      },
    ];
  }
  const checks: Check[] = [];
  const store = await check(
    `${prefix} store view`,
    async () => {
      const views = await client.listStoreViews();
      const view = views.find((v) => v.code === shop.storeCode);
      if (!view)
        throw new Error(`no store view "${shop.storeCode}" (has: ${views.map((v) => v.code).join(', ')})`);
      if (view.website_id !== shop.websiteId) {
        throw new Error(
          `store view "${shop.storeCode}" belongs to website ${view.website_id}, not ${shop.websiteId}`,
        );
      }
      return `store view ${shop.storeCode} (id ${view.id}) on website ${shop.websiteId}`;
    },
    'check the URL, the admin user or integration token, storeCode and websiteId in the shop config',
  );
  checks.push(store);
  if (!store.ok) return checks;
  if (shop.stock.msiSource) {
    checks.push(
      await check(
        `${prefix} MSI source`,
        async () => {
          const sources = await client.listSources();
          if (!sources.some((s) => s.source_code === shop.stock.msiSource)) {
            throw new Error(`no inventory source "${shop.stock.msiSource}"`);
          }
          return `source ${shop.stock.msiSource} exists`;
        },
        'create the source in Magento (Stores > Inventory > Sources) or fix stock.msiSource',
      ),
    );
  }
  if (shop.priceLists.length > 0) {
    checks.push(
      await check(
        `${prefix} customer groups`,
        async () => {
          const groups = await client.listCustomerGroups();
          const missing = shop.priceLists.filter((p) => !groups.some((g) => g.id === p.customerGroupId));
          if (missing.length > 0)
            throw new Error(`customer group(s) ${missing.map((m) => m.customerGroupId).join(', ')} missing`);
          return `${shop.priceLists.length} price list mapping(s) point at existing customer groups`;
        },
        'fix priceLists[].customerGroupId to ids from Magento (Customers > Customer Groups)',
      ),
    );
  }
  return checks;
}

async function callbackCheck(connection: ConnectionConfig): Promise<Check> {
  const name = `${connection.id}: Specter callbacks`;
  if (!connection.callbackBaseUrl) {
    return {
      name,
      ok: true,
      detail: 'not set up (callbackBaseUrl absent): changes in Specter are found by polling only',
    };
  }
  return check(
    name,
    async () => {
      const response = await fetch(new URL('/health', connection.callbackBaseUrl), {
        signal: AbortSignal.timeout(5_000),
      });
      if (!response.ok)
        throw new Error(`${connection.callbackBaseUrl}/health answered HTTP ${response.status}`);
      return `${connection.callbackBaseUrl} reaches this Koppla`;
    },
    'make callbackBaseUrl the address Specter can reach Koppla at (open the port or proxy /callbacks/specter/)',
  );
}

export async function checkConnection(connection: ConnectionConfig, secrets?: SecretStore): Promise<Check[]> {
  const checks = await specterChecks(connection, secrets);
  for (const shop of connection.shops) checks.push(...(await magentoChecks(connection, shop, secrets)));
  checks.push(await callbackCheck(connection));
  return checks;
}
