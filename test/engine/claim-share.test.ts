import { describe, expect, it } from 'vitest';
import { claimShare } from '../../src/engine/claim-share.ts';

describe('how many jobs one claim takes', () => {
  it('takes at most half of the connection limit, so other workers find free slots', () => {
    expect(claimShare(8, 3, 3)).toBe(1);
    expect(claimShare(8, 6, 6)).toBe(3);
    expect(claimShare(100, 100, 100)).toBe(50);
  });

  it('takes at least one job, also from a connection with a limit of one', () => {
    expect(claimShare(8, 1, 1)).toBe(1);
    expect(claimShare(8, 1, 3)).toBe(1);
  });

  it('never takes more than the worker or the connection has free', () => {
    expect(claimShare(2, 40, 64)).toBe(2);
    expect(claimShare(16, 5, 64)).toBe(5);
    expect(claimShare(0, 10, 10)).toBe(0);
    expect(claimShare(10, 0, 10)).toBe(0);
  });

  it('keeps whole batches where the limit is large: a 16-slot worker on a 64-limit connection', () => {
    expect(claimShare(16, 64, 64)).toBe(16);
    // Its own 16 slots freed while the other workers hold the rest: taken back in one claim.
    expect(claimShare(16, 16, 64)).toBe(16);
  });
});
