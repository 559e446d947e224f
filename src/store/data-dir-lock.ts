// One process at a time on an embedded (PGlite) data directory. PGlite takes no lock of its own,
// and two processes writing one directory leave it unreadable; a lock file naming the holder makes
// the second one stop at once with a message instead. A holder that died (kill -9, power loss)
// leaves its file behind; the next opener sees that process is gone and takes the lock over.
//
// Liveness is judged by process id, never by the file's age: a live holder is never displaced,
// however long it has been busy (a lock taken over by age is how such directories get corrupted).
import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

const LOCK_FILE = 'koppla.lock';

interface Holder {
  pid: number;
  host: string;
  since: string;
  command: string;
}

export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: Holder,
  ) {
    const where =
      holder.host === hostname() ? `process ${holder.pid}` : `process ${holder.pid} on ${holder.host}`;
    super(
      `The embedded store ${dataDir} is in use by ${where} (${holder.command}) since ${holder.since}. ` +
        'Stop that process first; to run several processes on one store, use PostgreSQL (DATABASE_URL). ' +
        `If that process is gone, delete ${join(dataDir, LOCK_FILE)}.`,
    );
    this.name = 'DataDirInUseError';
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(path: string): Holder | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Holder;
  } catch {
    return undefined; // gone meanwhile, or half written by a holder that died writing it
  }
}

/** Takes the directory's lock; answers the function that gives it back. */
export function lockDataDir(dataDir: string): () => void {
  const path = join(dataDir, LOCK_FILE);
  const me: Holder = {
    pid: process.pid,
    host: hostname(),
    since: new Date().toISOString(),
    command: process.argv.slice(1).join(' ').slice(0, 200),
  };
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(path, JSON.stringify(me), { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) {
        const holder = readHolder(path);
        if (holder) throw new DataDirInUseError(dataDir, holder);
        throw error;
      }
      const holder = readHolder(path);
      // Another host's process cannot be checked from here: only a person can say it is gone.
      if (holder && (holder.host !== me.host || alive(holder.pid)))
        throw new DataDirInUseError(dataDir, holder);
      unlinkSync(path); // the holder died without giving it back
    }
  }
  const release = () => {
    process.off('exit', release);
    const holder = readHolder(path);
    if (holder?.pid === me.pid && holder.since === me.since) unlinkSync(path);
  };
  // A process that exits without closing the store (process.exit after an error) still gives it back.
  process.on('exit', release);
  return release;
}
