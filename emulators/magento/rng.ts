/**
 * Deterministic pseudo-random numbers (mulberry32). Every random choice in the emulator (seed data,
 * random orders, faults) draws from one of these so a given seed always yields the same installation.
 */
export interface Rng {
  next(): number;
  int(min: number, maxInclusive: number): number;
  pick<T>(items: readonly T[]): T;
  chance(share: number): boolean;
}

export function createRng(seed: number): Rng {
  let a = seed >>> 0 || 0x9e3779b9;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, maxInclusive) => min + Math.floor(next() * (maxInclusive - min + 1)),
    pick: (items) => {
      if (items.length === 0) throw new Error('pick from empty list');
      return items[Math.floor(next() * items.length)] as (typeof items)[number];
    },
    chance: (share) => share > 0 && next() < share,
  };
}

/** Separate streams for separate concerns, so e.g. enabling faults never changes the seed data. */
export function deriveSeed(seed: number, stream: string): number {
  let h = seed >>> 0;
  for (const ch of stream) h = Math.imul(h ^ ch.charCodeAt(0), 2654435761) >>> 0;
  return h;
}
