// An initial sync's share of its connection's lanes. The sync holds them in the store (see
// src/engine/lane-holds.ts) so that its requests and the workers' jobs together stay within the
// connection's limit, fleet-wide. It starts with what is free, grows as jobs finish, and renews
// the hold's lease while it runs; its limiters get exactly the lanes held.
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { LaneHolds } from '../../engine/lane-holds.ts';
import type { Limiter } from './limiter.ts';

export interface FleetLanesOptions {
  connectionId: string;
  /** What the sync is, for the holder's name an operator sees. */
  purpose: string;
  /** The most lanes the sync uses. */
  wanted: number;
  limiters: Limiter[];
  logger?: Logger;
  /** How long a hold lasts unless renewed (its lanes free up this long after a crash). */
  leaseMs?: number;
  /** How often the hold is renewed, and grown when lanes freed up. */
  renewMs?: number;
  /** How often it asks again while it holds no lane. */
  waitMs?: number;
  /** How often a wait for a first lane is logged. */
  waitLogMs?: number;
}

export class FleetLanes {
  private id: string | null = null;
  private lanes = 0;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private renewing: Promise<void> = Promise.resolve();
  /** The most lanes held at once during the run. */
  peak = 0;
  private readonly holder: string;
  private readonly leaseMs: number;
  private readonly renewMs: number;
  private readonly waitMs: number;

  constructor(
    private readonly holds: LaneHolds,
    private readonly options: FleetLanesOptions,
  ) {
    this.holder = `${options.purpose} (${hostname()} pid ${process.pid})`;
    this.leaseMs = options.leaseMs ?? 30_000;
    this.renewMs = options.renewMs ?? 5_000;
    this.waitMs = options.waitMs ?? 1_000;
  }

  /** Waits until at least one lane is held, then keeps the hold renewed until `release`. */
  async take(): Promise<number> {
    let waitingSince: number | undefined;
    let loggedAt = 0;
    for (;;) {
      const taken = await this.renew();
      if (taken > 0) break;
      const now = Date.now();
      waitingSince ??= now;
      if (now - loggedAt >= (this.options.waitLogMs ?? 10_000)) {
        loggedAt = now;
        this.options.logger?.warn(
          { connection: this.options.connectionId, waitedSeconds: Math.round((now - waitingSince) / 1000) },
          'initial sync waiting for a free lane: the connection limit is taken by running jobs, polls and other holds',
        );
      }
      await new Promise((resolve) => setTimeout(resolve, this.waitMs));
    }
    this.schedule();
    return this.lanes;
  }

  /** Gives the lanes back to the workers. */
  async release(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.renewing;
    if (this.id !== null) await this.holds.release(this.id);
    this.id = null;
  }

  private schedule(): void {
    if (this.stopped) return;
    const delay = this.lanes > 0 ? this.renewMs : this.waitMs;
    this.timer = setTimeout(() => {
      this.renewing = this.renew()
        .then(
          () => undefined,
          // The store did not answer: the lanes held stay in use (the lease outlasts several
          // renewals), and the next renewal tries again.
          (error: unknown) =>
            this.options.logger?.warn(
              { err: error, connection: this.options.connectionId },
              'renewing the lane hold failed',
            ),
        )
        .finally(() => this.schedule());
    }, delay);
    // A renewal alone never keeps the process up: the sync's own work does.
    this.timer.unref();
  }

  private async renew(): Promise<number> {
    const held = await this.holds.hold({
      connectionId: this.options.connectionId,
      holder: this.holder,
      id: this.id,
      wanted: this.options.wanted,
      leaseMs: this.leaseMs,
    });
    if (this.stopped) {
      // Released while this renewal ran: give back what it took.
      if (held.id !== null && held.id !== this.id) await this.holds.release(held.id);
      return 0;
    }
    this.id = held.id;
    if (held.lanes !== this.lanes) {
      this.options.logger?.info(
        { connection: this.options.connectionId, lanes: held.lanes, takenByOthers: held.takenByOthers },
        'initial sync lanes',
      );
    }
    this.lanes = held.lanes;
    this.peak = Math.max(this.peak, held.lanes);
    for (const limiter of this.options.limiters) limiter.setLimit(held.lanes);
    if (held.id !== null && held.owed > 0 && held.lanes > 1) await this.giveBack(held.id, held.owed);
    return this.lanes;
  }

  /**
   * Live work of the connection (a poll or feed read waiting for a lane, or ready jobs with none
   * running) waits while the sync holds every lane, and a hold never shrinks by itself (its calls
   * may be in flight): the sync lowers its limiters, waits until its calls fit, and then writes the
   * smaller hold, keeping at least one lane. Live work so waits at most one renewal interval and
   * one call, not the whole sync; the hold grows back once nobody waits for the lane.
   */
  private async giveBack(id: string, owed: number): Promise<void> {
    const lanes = Math.max(1, this.lanes - owed);
    for (const limiter of this.options.limiters) limiter.setLimit(lanes);
    // Not past a third of the lease: the hold is renewed only after this, and a call that hangs
    // must not let it lapse. The next renewal tries again.
    let timer: NodeJS.Timeout | undefined;
    const fits = await Promise.race([
      Promise.all(this.options.limiters.map((limiter) => limiter.inFlightAtMost(lanes))).then(() => true),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), this.leaseMs / 3);
      }),
    ]).finally(() => clearTimeout(timer));
    if (!fits || this.stopped) return;
    await this.holds.shrink(id, lanes);
    this.options.logger?.info(
      { connection: this.options.connectionId, lanes, owed },
      'initial sync gives lanes to waiting polls and jobs',
    );
    this.lanes = lanes;
  }
}
