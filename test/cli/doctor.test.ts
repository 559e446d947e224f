import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMagentoEmulator } from '../../emulators/magento/index.ts';
import { startSpecterEmulator } from '../../emulators/specter/index.ts';

const bin = join(import.meta.dirname, '../../bin/koppla.mjs');

function config(
  magentoUrl: string,
  specterUrl: string,
  overrides: { password?: string; storeCode?: string; priceList?: string } = {},
) {
  return `connections:
  - id: acme
    flowMode: erp-master
    specter:
      url: ${specterUrl}
      sbmId: 1001
      apiUserId: 7
      apiUserKey: demo-api-user-key
      integrationKey: demo-integration-key
    shops:
      - id: se
        magento: { url: ${magentoUrl}, auth: { username: admin, password: ${overrides.password ?? 'admin123'} } }
        storeCode: ${overrides.storeCode ?? 'default'}
        websiteId: 1
        webshopId: 1
        currency: SEK
        stock: { warehouses: ['1'], msiSource: default }
        priceLists: [{ priceListId: '${overrides.priceList ?? '1'}', customerGroupId: 2 }]
`;
}

describe('koppla doctor', () => {
  let magento: Awaited<ReturnType<typeof startMagentoEmulator>>;
  let specter: Awaited<ReturnType<typeof startSpecterEmulator>>;
  const dir = mkdtempSync(join(tmpdir(), 'koppla-doctor-'));
  const env = { ...process.env, KOPPLA_SECRET_KEYS: `k1:${randomBytes(32).toString('base64')}` };

  beforeAll(async () => {
    magento = await startMagentoEmulator({});
    specter = await startSpecterEmulator({ sizes: { simpleArticles: 2, configurables: 0 } });
  });
  afterAll(async () => {
    await magento.close();
    await specter.close();
  });

  // The emulators run in this process, so the child must be awaited, never run synchronously.
  const run = (text: string) => {
    const file = join(dir, `c-${Math.random().toString(36).slice(2)}.yaml`);
    writeFileSync(file, text);
    return new Promise<{ status: number; stdout: string }>((resolve) => {
      execFile(
        process.execPath,
        [bin, 'doctor', '-c', file, '--data-dir', join(dir, 'data')],
        { env },
        (error, stdout) => {
          resolve({ status: error ? Number(error.code ?? 1) : 0, stdout });
        },
      );
    });
  };

  it('passes every check of a working connection', async () => {
    const result = await run(config(magento.url, specter.url));
    expect(result.stdout).toContain('ok   acme: Specter credentials');
    expect(result.stdout).toContain('ok   acme: Specter web shop 1');
    expect(result.stdout).toContain('ok   acme: Specter price lists');
    expect(result.stdout).toContain('ok   acme/se: Magento store view');
    expect(result.stdout).toContain('ok   acme/se: Magento MSI source');
    expect(result.stdout).not.toContain('FAIL');
    expect(result.status).toBe(0);
  }, 60_000);

  it('names each broken part and what to do', async () => {
    const result = await run(config(magento.url, specter.url, { storeCode: 'sv_se', priceList: '77' }));
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(
      /FAIL acme: Specter price lists: price list\(s\) 77 not found in Specter — fix priceLists/,
    );
    expect(result.stdout).toMatch(/FAIL acme\/se: Magento store view: no store view "sv_se"/);
    const wrongPassword = await run(config(magento.url, specter.url, { password: 'wrong' }));
    expect(wrongPassword.stdout).toMatch(/FAIL acme\/se: Magento store view: .*(sign-in|401)/);
  }, 60_000);
});
