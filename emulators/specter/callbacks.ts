import { CALLBACK_OK_PREFIX, CALLBACK_SECRET, CALLBACK_TIMEOUT_MS, type CallType } from './assumptions.ts';
import { callbackKey } from './auth.ts';
import type { Doorbell } from './changes.ts';
import type { Account, Webshop } from './types.ts';

export interface CallbackAttempt {
  at: string;
  sbmId: number;
  webshopId: number;
  calltype: number;
  url: string;
  attempt: number;
  ok: boolean;
  status?: number;
  error?: string;
  /** the receiver never said `1;` and the retries ran out */
  gaveUp?: boolean;
}

interface PendingCall {
  sbmId: number;
  calltype: CallType;
  secret: string;
  params: Record<string, string>;
  /** how many rings this call stands for */
  rings: number;
}

interface Slot {
  webshopId: number;
  url: string;
  pending?: PendingCall;
  inFlight: boolean;
  timer?: NodeJS.Timeout;
  failures: number;
}

export function callbackSecret(account: Account): string {
  const c = account.credentials;
  return (c.apiVersion === 1 ? c[CALLBACK_SECRET.v1] : c[CALLBACK_SECRET.v2]) ?? '';
}

/**
 * Rings webshops' callback URLs [P: GET url?calltype=N&sbmId=..&<ids>&key=md5(secret+sbmId+calltype)].
 * One slot per (account, webshop, calltype): rings while one is waiting coalesce into it (the latest
 * ids win: a ring is a doorbell, the data is in the feeds). A ring during a call in flight is sent
 * after it, so the shop never misses a change it could not have seen. Failures retry with back-off.
 */
export class CallbackDispatcher implements Doorbell {
  readonly attempts: CallbackAttempt[] = [];
  private readonly slots = new Map<string, Slot>();
  private readonly abort = new AbortController();
  private closed = false;

  constructor(private readonly retryDelaysMs: number[]) {}

  ring(account: Account, webshop: Webshop, calltype: CallType, params: Record<string, string>): void {
    if (!webshop.callbackUrl || this.closed) return;
    const key = `${account.sbmId}:${webshop.webshopId}:${calltype}`;
    let slot = this.slots.get(key);
    if (!slot) {
      slot = { webshopId: webshop.webshopId, url: webshop.callbackUrl, inFlight: false, failures: 0 };
      this.slots.set(key, slot);
    }
    slot.url = webshop.callbackUrl;
    const rings = (slot.pending?.rings ?? 0) + 1;
    slot.pending = { sbmId: account.sbmId, calltype, secret: callbackSecret(account), params, rings };
    if (!slot.inFlight && !slot.timer) this.schedule(slot, 0);
  }

  /** Calls waiting or in flight. */
  busy(): number {
    return [...this.slots.values()].filter((s) => s.pending || s.inFlight).length;
  }

  close(): void {
    this.closed = true;
    this.abort.abort();
    for (const slot of this.slots.values()) if (slot.timer) clearTimeout(slot.timer);
  }

  private schedule(slot: Slot, ms: number): void {
    slot.timer = setTimeout(() => {
      slot.timer = undefined;
      void this.send(slot);
    }, ms);
  }

  private async send(slot: Slot): Promise<void> {
    const call = slot.pending;
    if (this.closed || !call) return;
    slot.pending = undefined;
    slot.inFlight = true;
    const url = new URL(slot.url);
    url.searchParams.set('calltype', String(call.calltype));
    url.searchParams.set('sbmId', String(call.sbmId));
    for (const [k, v] of Object.entries(call.params)) url.searchParams.set(k, v);
    url.searchParams.set('key', callbackKey(call.secret, call.sbmId, call.calltype));
    const attempt: CallbackAttempt = {
      at: new Date().toISOString(),
      sbmId: call.sbmId,
      webshopId: slot.webshopId,
      calltype: call.calltype,
      url: url.toString(),
      attempt: slot.failures + 1,
      ok: false,
    };
    try {
      const res = await fetch(url, {
        signal: AbortSignal.any([this.abort.signal, AbortSignal.timeout(CALLBACK_TIMEOUT_MS)]),
      });
      attempt.status = res.status;
      const body = await res.text();
      attempt.ok = res.ok && body.startsWith(CALLBACK_OK_PREFIX);
      if (!attempt.ok) attempt.error = `answer ${JSON.stringify(body.slice(0, 80))}`;
    } catch (e) {
      attempt.error = e instanceof Error ? e.message : String(e);
    }
    slot.inFlight = false;
    if (this.closed) return;
    if (attempt.ok) {
      slot.failures = 0;
      this.attempts.push(attempt);
      if ((slot.pending as PendingCall | undefined) !== undefined) this.schedule(slot, 0);
      return;
    }
    // a newer ring replaces the failed one; either way one call is still owed
    // (slot.pending may have been set by ring() while we awaited; TS cannot see that)
    const newer = slot.pending as PendingCall | undefined;
    if (!newer) slot.pending = call;
    else newer.rings += call.rings;
    const delay = this.retryDelaysMs[slot.failures];
    if (delay === undefined) {
      attempt.gaveUp = true;
      this.attempts.push(attempt);
      slot.failures = 0;
      slot.pending = undefined;
      return;
    }
    this.attempts.push(attempt);
    slot.failures++;
    this.schedule(slot, delay);
  }
}
