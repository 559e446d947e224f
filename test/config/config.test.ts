import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, formatPath, parseConfigText } from '../../src/config/load.ts';
import { streamPlan } from '../../src/config/presets.ts';

const example = readFileSync(new URL('../../examples/koppla.yaml', import.meta.url), 'utf8');

function problemsOf(text: string): string[] {
  try {
    parseConfigText(text);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('connection config', () => {
  it('accepts the example and fills defaults', () => {
    const config = parseConfigText(example);
    const connection = config.connections[0]!;
    expect(connection.shops[0]!.eligibleStatuses).toEqual(['processing']);
    expect(connection.streams.orders.customerMatch).toBe('email-then-orgNo');
    expect(connection.streams.orderStatus.events.delivered?.map((a) => a.action)).toEqual([
      'ship',
      'invoice',
    ]);
    expect(connection.limits.concurrency).toBe(4);
    expect(connection.specter.encoding).toBe('latin1');
  });

  it('names the path of every problem', () => {
    const broken = example
      .replace('        storeCode: default\n', '')
      .replace('currency: SEK', 'currency: kronor')
      .replace('flowMode: erp-master', 'flowMode: erp-first')
      .replace('sbmId: 1001', 'sbmId: 1001\n      sbmID: 2');
    expect(problemsOf(broken)).toEqual(
      expect.arrayContaining([
        'connections[0].shops[0].storeCode: required',
        'connections[0].shops[0].currency: a three-letter ISO 4217 code such as SEK',
        expect.stringMatching(/^connections\[0\]\.flowMode: /),
        'connections[0].specter.sbmID: unknown setting',
      ]),
    );
  });

  it('refuses duplicate shop ids and reports YAML syntax errors by line', () => {
    const twoShops = example.replace(
      '    streams:',
      `      - id: se
        magento: { url: 'https://b.example/', auth: { token: t } }
        storeCode: b
        websiteId: 2
        currency: NOK
    streams:`,
    );
    expect(problemsOf(twoShops)).toContain('connections[0].shops[1].id: duplicate shop id (also shops[0])');
    expect(problemsOf('connections: [\n  - id: x\n')[0]).toMatch(/^line \d+:/);
  });

  it('formats paths the way a person reads them', () => {
    expect(formatPath(['shops', 1, 'storeCode'])).toBe('shops[1].storeCode');
    expect(formatPath([])).toBe('(top level)');
  });

  it('turns a flow mode into streams, each switchable', () => {
    const config = parseConfigText(example).connections[0]!;
    const plan = streamPlan(config);
    expect(plan.articles).toEqual({ stream: 'articles', enabled: true, direction: 'specter->magento' });
    expect(plan.stock.enabled).toBe(true);
    const ecom = streamPlan({ ...config, flowMode: 'ecom-master' });
    expect(ecom.articles.direction).toBe('magento->specter');
    expect(ecom.stock.enabled).toBe(false);
    const noStock = streamPlan({
      ...config,
      streams: { ...config.streams, stock: { ...config.streams.stock, enabled: false } },
    });
    expect(noStock.stock.enabled).toBe(false);
  });
});
