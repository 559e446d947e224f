// Loading plugins from paths (relative to the config's folder) and checking their settings, as a
// connection does at startup.
import { execFile } from 'node:child_process';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/load.ts';
import { loadPlugins } from '../../src/plugins/load.ts';

const here = dirname(fileURLToPath(import.meta.url));
const root = `${here}/../..`;

async function problems(entries: { use: string; settings?: Record<string, unknown> }[]): Promise<string[]> {
  try {
    await loadPlugins(entries, { baseDir: here, source: 'connection demo' });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  return [];
}

describe('loading plugins', () => {
  it('loads TypeScript modules by path, relative to the config folder, in config order, with parsed settings', async () => {
    const set = await loadPlugins(
      [
        { use: './fixtures/settings-plugin.ts', settings: { fee: 29 } },
        { use: '../../examples/plugins/hold-until-paid.ts', settings: { paymentMethods: ['banktransfer'] } },
      ],
      { baseDir: here },
    );
    expect(set.plugins.map((p) => [p.plugin.name, p.index, p.timeoutMs])).toEqual([
      ['settings-plugin', 0, 5000],
      ['hold-until-paid', 1, 5000],
    ]);
    // Defaults from the plugin's schema are filled in.
    expect(set.plugins[0]!.settings).toEqual({ fee: 29, label: 'Avgift' });
    expect(set.plugins[1]!.settings).toEqual({
      paymentMethods: ['banktransfer'],
      paidStatuses: ['processing', 'complete'],
    });
  });

  it('a missing setting stops startup with a path-named message', async () => {
    expect(await problems([{ use: './fixtures/settings-plugin.ts', settings: {} }])).toEqual([
      'plugins[0].settings.fee: required',
    ]);
  });

  it('reports every bad setting of every plugin, by position', async () => {
    const found = await problems([
      { use: './fixtures/settings-plugin.ts', settings: { fee: 29 } },
      { use: './fixtures/settings-plugin.ts', settings: { fee: -1, colour: 'red' } },
    ]);
    expect(found).toContain('plugins[1].settings.fee: Too small: expected number to be >0');
    expect(found.some((p) => p.startsWith('plugins[1].settings') && p.includes('colour'))).toBe(true);
    expect(found.every((p) => p.startsWith('plugins[1]'))).toBe(true);
  });

  it('names a module that cannot be found or is not a plugin', async () => {
    const found = await problems([
      { use: './fixtures/nowhere.ts' },
      { use: './fixtures/not-a-plugin.ts' },
      { use: 'no-such-koppla-plugin' },
    ]);
    expect(found[0]).toMatch(/^plugins\[0\]\.use: cannot load "\.\/fixtures\/nowhere\.ts"/);
    expect(found[1]).toMatch(/^plugins\[1\]\.use: cannot load .*does not export a plugin/);
    expect(found[2]).toMatch(/^plugins\[2\]\.use: cannot load "no-such-koppla-plugin"/);
  });

  it('loads a package by name', async () => {
    // zod is a package, but not a plugin: proves the name was resolved and imported.
    expect(await problems([{ use: 'zod' }])).toEqual([
      'plugins[0].use: cannot load "zod": it does not export a plugin (export default definePlugin({...}))',
    ]);
  });
});

describe('koppla plugin test', () => {
  it('prints the before/after diff of a plugin on a recorded payload', async () => {
    const { stdout } = await promisify(execFile)(
      'npx',
      [
        'tsx',
        'bin/koppla.mjs',
        'plugin',
        'test',
        'examples/plugins/invoice-fee.ts',
        '--fixture',
        'examples/plugins/fixtures/order-invoice.json',
        '--settings',
        JSON.stringify({ paymentMethods: ['checkmo'], articleNo: 'FAKTAVG', amountInclVat: 29 }),
      ],
      { cwd: root },
    );
    expect(stdout).toContain('plugin invoice-fee on domain Order (stream orders)');
    expect(stdout).toContain('orders.afterMap:');
    expect(stdout).toMatch(/lines\[1\]: added \{"lineId":0,"sku":"FAKTAVG"/);
  }, 30_000);
});
