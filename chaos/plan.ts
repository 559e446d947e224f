// How big a chaos run is: the traffic, the faults on both emulators, and how often workers die.
import type { FaultSettings as MagentoFaults } from '../emulators/magento/index.ts';
import type { FaultSettings as SpecterFaults } from '../emulators/specter/index.ts';

export interface ChaosPlan {
  name: string;
  seed: number;
  /** Articles Specter owns (erp-master): simple ones, plus configurables with variants. */
  simpleArticles: number;
  configurables: number;
  variantsPerConfigurable: number;
  orders: number;
  articleChanges: number;
  stockChanges: number;
  /** Share of the orders that Specter delivers during the burst (shipment + invoice + capture back). */
  deliverShare: number;
  /** How long the burst is spread over. */
  burstSeconds: number;
  /** Worker processes alive at once. */
  workers: number;
  /** Kills made by the runner (the create-then-bind hook adds its own on top). */
  kills: number;
  /** Probability that a worker kills itself right after a Specter order create, before the bind. */
  killAfterCreate: number;
  magentoFaults: MagentoFaults;
  specterFaults: SpecterFaults;
  /** Client time-out in the connection config, so injected hangs cost seconds, not half a minute. */
  clientTimeoutSeconds: number;
  drainTimeoutSeconds: number;
}

const magentoFaults: MagentoFaults = {
  latencyMs: 15,
  errorRate: 0.04,
  rateLimit: { share: 0.03, retryAfterSeconds: 1 },
  timeoutRate: 0.01,
  dropRate: 0.02,
};

const specterFaults: SpecterFaults = {
  latencyMs: 15,
  errorRate: 0.04,
  rateLimit: 30,
  timeoutRate: 0.01,
  dropRate: 0.02,
};

export const fullPlan: ChaosPlan = {
  name: 'full',
  seed: 7,
  simpleArticles: 60,
  configurables: 10,
  variantsPerConfigurable: 4,
  orders: 2_000,
  articleChanges: 5_000,
  stockChanges: 20_000,
  deliverShare: 0.3,
  burstSeconds: 300,
  workers: 2,
  kills: 24,
  killAfterCreate: 0.01,
  magentoFaults,
  specterFaults: { ...specterFaults, rateLimit: 40 },
  clientTimeoutSeconds: 3,
  drainTimeoutSeconds: 900,
};

export const quickPlan: ChaosPlan = {
  ...fullPlan,
  name: 'quick',
  simpleArticles: 30,
  configurables: 5,
  variantsPerConfigurable: 3,
  orders: 300,
  articleChanges: 600,
  stockChanges: 3_000,
  burstSeconds: 75,
  kills: 6,
  killAfterCreate: 0.02,
  specterFaults,
  drainTimeoutSeconds: 150,
};

/** The run inside the normal test suite: the same machinery, small. */
export const testPlan: ChaosPlan = {
  ...quickPlan,
  name: 'test',
  simpleArticles: 12,
  configurables: 2,
  variantsPerConfigurable: 3,
  orders: 40,
  articleChanges: 60,
  stockChanges: 300,
  burstSeconds: 20,
  kills: 2,
  killAfterCreate: 0.05,
  drainTimeoutSeconds: 70,
};
