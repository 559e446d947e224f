// The worker processes of a chaos run: keeps `size` of them alive, kills one with SIGKILL on
// request, and starts a replacement for every one that died (killed by us, killed by the
// create-then-bind hook, or crashed: those are counted apart, a crash is a finding).
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

const entry = join(import.meta.dirname, 'worker.ts');

export interface FleetCounts {
  /** SIGKILLs sent by the runner. */
  killedByRunner: number;
  /** Workers that killed themselves between a Specter create and the binding (test hook). */
  killedAfterCreate: number;
  /** Workers that exited on their own for any other reason. */
  crashes: number;
  started: number;
}

export interface FleetOptions {
  databaseUrl: string;
  configPath: string;
  size: number;
  killAfterCreate: number;
  onCrash?: (detail: string) => void;
}

export class Fleet {
  readonly counts: FleetCounts = { killedByRunner: 0, killedAfterCreate: 0, crashes: 0, started: 0 };
  private readonly alive = new Set<ChildProcess>();
  private readonly killing = new Set<ChildProcess>();
  private stopping = false;

  constructor(private readonly options: FleetOptions) {}

  async start(): Promise<void> {
    await Promise.all(Array.from({ length: this.options.size }, () => this.spawnOne()));
  }

  get size(): number {
    return this.alive.size;
  }

  /** SIGKILLs a random live worker; its replacement is started at once. */
  killRandom(random: () => number): boolean {
    const live = [...this.alive].filter((c) => !this.killing.has(c));
    if (live.length === 0) return false;
    const victim = live[Math.floor(random() * live.length)]!;
    this.killing.add(victim);
    this.counts.killedByRunner++;
    victim.kill('SIGKILL');
    return true;
  }

  /** Stops the kill hook for the workers started from now on (the drain runs without it). */
  disarm(): void {
    this.options.killAfterCreate = 0;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    const exits = [...this.alive].map((c) => new Promise((resolve) => c.once('exit', resolve)));
    for (const child of this.alive) child.kill('SIGTERM');
    const timer = setTimeout(() => {
      for (const child of this.alive) child.kill('SIGKILL');
    }, 5_000);
    await Promise.all(exits);
    clearTimeout(timer);
  }

  /** Restarts every worker without the kill hook (after disarm). */
  async replaceAll(): Promise<void> {
    for (const child of [...this.alive]) {
      // It may have died on its own (the hook) since the list was taken: then there is no exit to wait for.
      if (!this.alive.has(child)) continue;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      this.killing.add(child);
      child.kill('SIGTERM');
      await exited;
    }
    while (this.alive.size < this.options.size) await new Promise((r) => setTimeout(r, 100));
  }

  private spawnOne(): Promise<void> {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', entry, this.options.databaseUrl, this.options.configPath],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, KOPPLA_CHAOS_KILL_AFTER_CREATE: String(this.options.killAfterCreate) },
      },
    );
    this.counts.started++;
    this.alive.add(child);
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-2_000);
    });
    child.once('exit', (code, signal) => {
      this.alive.delete(child);
      const ours = this.killing.delete(child);
      if (!ours) {
        if (signal === 'SIGKILL') this.counts.killedAfterCreate++;
        else {
          this.counts.crashes++;
          this.options.onCrash?.(`worker exited (code ${code}, signal ${signal}): ${stderr.slice(-500)}`);
        }
      }
      if (!this.stopping) void this.spawnOne().catch(() => {});
    });
    return new Promise<void>((resolve) => {
      const onData = (chunk: Buffer) => {
        if (chunk.toString().includes('started')) {
          child.stdout!.off('data', onData);
          resolve();
        }
      };
      child.stdout!.on('data', onData);
      child.once('exit', () => resolve());
    });
  }
}
