// The two remote systems of a chaos run, started in the runner's own process so they outlive every
// worker that is killed, plus the connection config (two shops on one Magento) the workers load.
import { type RunningMagentoEmulator, startMagentoEmulator } from '../emulators/magento/index.ts';
import { type RunningSpecterEmulator, startSpecterEmulator } from '../emulators/specter/index.ts';
import { controlCall } from '../src/demo/emulator-control.ts';
import { DEMO_SBM_ID, demoConnectionConfig, demoShopConfig, planShops } from '../src/demo/environment.ts';
import type { ChaosPlan } from './plan.ts';

export interface ChaosSystems {
  magento: RunningMagentoEmulator;
  specter: RunningSpecterEmulator;
  /** The raw connection config (validated by each worker on start). */
  connection: Record<string, unknown>;
  /** Shop id -> Magento store view code, Specter web shop id. */
  shops: { id: string; storeCode: string; webshopId: number; prefix: string }[];
  close(): Promise<void>;
}

export async function startSystems(plan: ChaosPlan): Promise<ChaosSystems> {
  const plans = planShops(2);
  const specter = await startSpecterEmulator({
    seed: plan.seed,
    sizes: {
      simpleArticles: plan.simpleArticles,
      configurables: plan.configurables,
      variantsPerConfigurable: plan.variantsPerConfigurable,
      customers: 5,
    },
  });
  for (const shop of plans) {
    if (shop.webshopId === 1) continue;
    await controlCall(specter.url, 'POST', `/accounts/${DEMO_SBM_ID}/webshops`, {
      webshopId: shop.webshopId,
      name: `Webbshop ${shop.id}`,
    });
  }
  // Both shops on one installation (two websites): Magento's catalogue, stock and price are shared.
  const magento = await startMagentoEmulator({ seed: plan.seed, sizes: { storeViews: 2 } });
  const shops = plans.map((shop) => {
    const config = demoShopConfig(shop, magento.url);
    (config.magento as Record<string, unknown>).timeoutSeconds = plan.clientTimeoutSeconds;
    return config;
  });
  const connection = demoConnectionConfig('erp-master', shops, specter.url, 1);
  (connection.specter as Record<string, unknown>).timeoutSeconds = plan.clientTimeoutSeconds;
  return {
    magento,
    specter,
    connection,
    shops: plans.map((p) => ({
      id: p.id,
      storeCode: p.storeCode,
      webshopId: p.webshopId,
      prefix: p.orderNumberPrefix,
    })),
    async close() {
      await magento.close();
      await specter.close();
    },
  };
}

export async function setFaults(systems: ChaosSystems, plan: ChaosPlan | null): Promise<void> {
  await controlCall(systems.magento.url, 'PUT', '/faults', plan?.magentoFaults ?? {});
  await controlCall(systems.specter.url, 'PUT', '/faults', plan?.specterFaults ?? {});
}
