// What each flow mode means, stream by stream. A stream's `enabled` in the config overrides the
// preset; the direction of articles is fixed by the mode (it says who owns the catalogue).
import type { ConnectionConfig, FlowMode } from './schema.ts';

export type StreamName = 'orders' | 'orderStatus' | 'articles' | 'prices' | 'priceLists' | 'stock';
export type Direction = 'magento->specter' | 'specter->magento';

export interface StreamPlan {
  stream: StreamName;
  enabled: boolean;
  direction: Direction;
}

const presets: Record<FlowMode, Record<StreamName, { enabled: boolean; direction: Direction }>> = {
  'ecom-master': {
    orders: { enabled: true, direction: 'magento->specter' },
    orderStatus: { enabled: false, direction: 'specter->magento' },
    articles: { enabled: true, direction: 'magento->specter' },
    prices: { enabled: false, direction: 'specter->magento' },
    priceLists: { enabled: false, direction: 'specter->magento' },
    stock: { enabled: false, direction: 'specter->magento' },
  },
  'erp-master': {
    orders: { enabled: true, direction: 'magento->specter' },
    orderStatus: { enabled: true, direction: 'specter->magento' },
    articles: { enabled: true, direction: 'specter->magento' },
    prices: { enabled: true, direction: 'specter->magento' },
    priceLists: { enabled: true, direction: 'specter->magento' },
    stock: { enabled: true, direction: 'specter->magento' },
  },
  combo: {
    orders: { enabled: true, direction: 'magento->specter' },
    orderStatus: { enabled: true, direction: 'specter->magento' },
    articles: { enabled: true, direction: 'magento->specter' },
    prices: { enabled: true, direction: 'specter->magento' },
    priceLists: { enabled: true, direction: 'specter->magento' },
    stock: { enabled: true, direction: 'specter->magento' },
  },
};

export function streamPlan(
  connection: Pick<ConnectionConfig, 'flowMode' | 'streams'>,
): Record<StreamName, StreamPlan> {
  const preset = presets[connection.flowMode];
  const plan = {} as Record<StreamName, StreamPlan>;
  for (const stream of Object.keys(preset) as StreamName[]) {
    const override = connection.streams[stream]?.enabled;
    plan[stream] = {
      stream,
      enabled: override ?? preset[stream].enabled,
      direction: preset[stream].direction,
    };
  }
  return plan;
}
