import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const bin = join(import.meta.dirname, '../../bin/koppla.mjs');

describe('koppla demo --duration --json', () => {
  it('runs three shops headless, drains, and reports every shop with nothing lost or doubled', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'koppla-demo-'));
    const { status, stdout, stderr } = await new Promise<{ status: number; stdout: string; stderr: string }>(
      (resolve) => {
        execFile(
          process.execPath,
          [bin, 'demo', '--duration', '15', '--json', '--shops', '3', '--data-dir', dir],
          { maxBuffer: 10_000_000 },
          (error, out, err) =>
            resolve({ status: error ? Number(error.code ?? 1) : 0, stdout: out, stderr: err }),
        );
      },
    );
    expect(stderr).toBe('');
    const summary = JSON.parse(stdout);
    expect(Object.keys(summary.shops)).toEqual(['se', 'no', 'shop3']);
    expect(summary.drained).toBe(true);
    expect(summary.duplicates).toBe(0);
    expect(summary.missing).toBe(0);
    expect(summary.stockDifferences).toBe(0);
    expect(summary.ordersInSpecter).toBe(summary.ordersPlaced);
    expect(summary.jobsRun).toBeGreaterThan(100);
    expect(status).toBe(0);
  }, 240_000);
});
