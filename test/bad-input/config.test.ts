// Broken connection configs: each is refused before anything runs, with a problem line that names
// the setting to fix (its path), never a stack trace or a half-started connection.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { ConfigError, loadConfigFile, parseConfigText, validateConfig } from '../../src/config/load.ts';
import { demoConnectionConfig, demoShopConfig, planShops } from '../../src/demo/environment.ts';

function goodConnection(): Record<string, unknown> {
  const shops = planShops(2).map((p) => demoShopConfig(p, 'https://shop.example.se'));
  return demoConnectionConfig('erp-master', shops, 'https://api.specter.se', 60);
}

function problemsOf(change: (c: Record<string, any>) => void): string[] {
  const connection = goodConnection();
  change(connection);
  try {
    validateConfig({ connections: [connection] });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  return [];
}

describe('broken configs', () => {
  it('the untouched demo config is valid (the baseline of every case below)', () => {
    expect(problemsOf(() => {})).toEqual([]);
  });

  it('an unknown flow mode names flowMode', () => {
    const problems = problemsOf((c) => {
      c.flowMode = 'erp-first';
    });
    expect(problems.join('\n')).toContain('connections[0].flowMode');
  });

  it('a missing Specter URL names specter.url as required', () => {
    const problems = problemsOf((c) => {
      delete c.specter.url;
    });
    expect(problems).toContain('connections[0].specter.url: required');
  });

  it('a Magento URL that is not a URL names the shop’s magento.url', () => {
    const problems = problemsOf((c) => {
      c.shops[1].magento.url = 'shop dot example';
    });
    expect(problems.join('\n')).toContain('connections[0].shops[1].magento.url');
  });

  it('a currency that is not a currency code names the shop’s currency', () => {
    const problems = problemsOf((c) => {
      c.shops[0].currency = 'kronor';
    });
    expect(problems.join('\n')).toContain('connections[0].shops[0].currency');
  });

  it('a negative poll interval names streams.orders.pollSeconds', () => {
    const problems = problemsOf((c) => {
      c.streams.orders.pollSeconds = -5;
    });
    expect(problems.join('\n')).toContain('connections[0].streams.orders.pollSeconds');
  });

  it('a misspelt setting is named as unknown', () => {
    const problems = problemsOf((c) => {
      c.shops[0].storeCod = 'default';
    });
    expect(problems).toContain('connections[0].shops[0].storeCod: unknown setting');
  });

  it('a connection without shops names shops', () => {
    const problems = problemsOf((c) => {
      c.shops = [];
    });
    expect(problems.join('\n')).toContain('connections[0].shops');
  });

  it('a Specter id that is text names specter.sbmId', () => {
    const problems = problemsOf((c) => {
      c.specter.sbmId = 'tusen-ett';
    });
    expect(problems.join('\n')).toContain('connections[0].specter.sbmId');
  });

  it('a payment mapping to a number instead of a Specter code names the method', () => {
    const problems = problemsOf((c) => {
      c.shops[0].payments.klarna_kp = 7;
    });
    expect(problems.join('\n')).toContain('connections[0].shops[0].payments.klarna_kp');
  });

  it('several problems at once are all listed', () => {
    const problems = problemsOf((c) => {
      c.flowMode = 'both';
      delete c.shops[0].storeCode;
      c.limits.concurrency = 0;
    });
    expect(problems.length).toBeGreaterThanOrEqual(3);
    expect(problems).toContain('connections[0].shops[0].storeCode: required');
  });

  it('a YAML syntax error names the line', () => {
    const text = stringify({ connections: [goodConnection()] }).replace(
      'flowMode: erp-master',
      'flowMode: [erp-master',
    );
    expect(() => parseConfigText(text)).toThrow(ConfigError);
    try {
      parseConfigText(text);
    } catch (error) {
      expect((error as ConfigError).problems[0]).toMatch(/^line \d+: /);
    }
  });

  it('a config file that does not exist names the file', () => {
    const path = join(tmpdir(), 'koppla-no-such-config.yaml');
    expect(() => loadConfigFile(path)).toThrow(/koppla-no-such-config\.yaml[\s\S]*cannot read the file/);
  });

  it('a file that is valid YAML but not a config says what is missing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'koppla-config-'));
    const path = join(dir, 'koppla.yaml');
    writeFileSync(path, 'just: a list\nof: things\n');
    expect(() => loadConfigFile(path)).toThrow(/connections/);
  });
});
