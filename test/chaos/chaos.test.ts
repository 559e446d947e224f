// The chaos suite at a small size inside the normal tests: both emulators inject faults, a burst
// of orders, article and stock changes in two shops, worker processes SIGKILLed (also between a
// Specter create and the bind), then faults off, drain, compare. The bar: nothing lost, nothing
// doubled, nothing different. `npm run chaos` is the same machinery at full size.
import { describe, expect, it } from 'vitest';
import { testPlan } from '../../chaos/plan.ts';
import { type ChaosReport, runChaos } from '../../chaos/run.ts';

describe('chaos (small): faults on both systems, workers killed, two shops', () => {
  let report: ChaosReport;

  it('loses nothing, doubles nothing and leaves no difference after the backlog drains', {
    timeout: 110_000,
  }, async () => {
    report = await runChaos(testPlan);
    const summary = JSON.stringify({ ...report, requests: undefined }, null, 2);
    expect(report.drained, summary).toBe(true);
    expect(report.ordersPlaced, summary).toBeGreaterThanOrEqual(testPlan.orders);
    expect(report.ordersInSpecter, summary).toBe(report.ordersPlaced);
    expect(report.missing, summary).toBe(0);
    expect(report.duplicates, summary).toBe(0);
    expect(report.strangers, summary).toBe(0);
    expect(report.stockDifferences, summary).toBe(0);
    expect(report.articleDifferences, summary).toBe(0);
    expect(report.shipmentsDoubled + report.invoicesDoubled + report.capturesDoubled, summary).toBe(0);
    expect(report.deliveriesNotApplied, summary).toBe(0);
    expect(report.deadLetters, summary).toEqual({});
    expect(report.workerCrashes, summary).toBe(0);
    expect(report.passed, summary).toBe(true);
  });

  it('really ran under faults and kills', () => {
    expect(report.killsByRunner).toBeGreaterThanOrEqual(2);
    expect(report.kills).toBeGreaterThanOrEqual(testPlan.kills);
    const faults = Object.entries(report.requests.specterByOutcome)
      .filter(([outcome]) => ['http500', 'http503', 'drop', 'timeout', '98'].includes(outcome))
      .reduce((n, [, count]) => n + count, 0);
    expect(faults).toBeGreaterThan(0);
    expect(report.traffic.stockChanges).toBe(testPlan.stockChanges);
    expect(report.traffic.articleChanges).toBe(testPlan.articleChanges);
  });
});
