import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const bin = join(import.meta.dirname, '../../bin/koppla.mjs');

describe('koppla check-config', () => {
  it('exits non-zero naming the bad path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'koppla-config-'));
    const file = join(dir, 'bad.yaml');
    writeFileSync(
      file,
      `connections:
  - id: acme
    flowMode: combo
    specter: { url: 'http://127.0.0.1:1', sbmId: 1, apiUserKey: a, integrationKey: b }
    shops:
      - id: se
        magento: { url: 'http://127.0.0.1:2', auth: { token: t } }
        storeCode: default
        websiteId: 1
        currency: SEK
      - id: no
        magento: { url: 'http://127.0.0.1:2', auth: { token: t } }
        websiteId: 2
        currency: NOK
`,
    );
    const result = spawnSync(process.execPath, [bin, 'check-config', file], { encoding: 'utf8' });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('connections[0].shops[1].storeCode: required');
  });

  it('exits zero on a valid file', () => {
    const result = spawnSync(
      process.execPath,
      [bin, 'check-config', join(import.meta.dirname, '../../examples/koppla.yaml')],
      {
        encoding: 'utf8',
      },
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('valid (1 connection(s), 1 shop(s))');
  });
});
