// A small seeded pseudo-random generator (mulberry32) and the helpers the data generator needs. The same seed gives
// the same sequence on every machine and Node version: no Math.random, no floating-point library calls beyond
// Math.log/Math.sqrt/Math.cos, which are exact enough for picking test data.

const DAY_MS = 86_400_000;

/** 32-bit FNV-1a style mix of a seed and a label or number, for independent streams (one per ward, one per branch). */
export function mixSeed(seed: number, salt: string | number): number {
  let h = (seed ^ 0x811c9dc5) >>> 0;
  const text = String(salt);
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  // A final avalanche so nearby salts give unrelated states.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = mixSeed(Math.floor(seed) >>> 0, 'chibo') >>> 0;
  }

  /** A new generator whose sequence depends only on this one's seed and `salt`, not on how far this one has run. */
  static derive(seed: number, salt: string | number): Random {
    return new Random(mixSeed(Math.floor(seed) >>> 0, salt));
  }

  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** A number in [min, max). */
  range(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** Standard normal by Box–Muller, scaled. */
  normal(mean = 0, sd = 1): number {
    const u = 1 - this.next();
    const v = this.next();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** In place, Fisher–Yates. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const t = items[i]!;
      items[i] = items[j]!;
      items[j] = t;
    }
    return items;
  }

  /** A day number (days since 1970-01-01) in [from, to], both included. */
  dayBetween(from: number, to: number): number {
    return this.int(from, to);
  }

  /** A date 'YYYY-MM-DD' in [from, to], both included. */
  dateBetween(from: string, to: string): string {
    return formatDay(this.dayBetween(parseDay(from), parseDay(to)));
  }
}

/** Picks from a fixed list with fixed weights in O(log n). */
export class WeightedPicker<T> {
  private readonly items: readonly T[];
  private readonly cumulative: Float64Array;

  constructor(entries: readonly (readonly [T, number])[]) {
    if (entries.length === 0) throw new RangeError('a weighted list needs at least one entry');
    this.items = entries.map(([item]) => item);
    this.cumulative = new Float64Array(entries.length);
    let total = 0;
    entries.forEach(([, weight], i) => {
      if (!(weight >= 0)) throw new RangeError(`negative weight for ${String(entries[i]![0])}`);
      total += weight;
      this.cumulative[i] = total;
    });
    if (total <= 0) throw new RangeError('weights sum to zero');
  }

  pick(random: Random): T {
    const target = random.next() * this.cumulative[this.cumulative.length - 1]!;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cumulative[mid]! > target) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo]!;
  }
}

// ---- Calendar days as integers: fast to compare, exact, no time zones. ------------------------------------------------

export function dayOf(year: number, month: number, day: number): number {
  return Math.floor(Date.UTC(year, month - 1, day) / DAY_MS);
}

export function parseDay(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new RangeError(`not a date: ${date}`);
  return dayOf(Number(m[1]), Number(m[2]), Number(m[3]));
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

export function formatDay(day: number): string {
  const d = new Date(day * DAY_MS);
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}

/** Year, month (1–12), day of month and weekday (0 = Sunday) of a day number. */
export function partsOfDay(day: number): { year: number; month: number; date: number; weekday: number } {
  const d = new Date(day * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, date: d.getUTCDate(), weekday: d.getUTCDay() };
}

/** 0 = Sunday … 6 = Saturday; 1970-01-01 was a Thursday. */
export function weekdayOf(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

/** The same calendar date `years` later; 29 February becomes 28 February in a common year. */
export function addYears(day: number, years: number): number {
  const { year, month, date } = partsOfDay(day);
  const target = dayOf(year + years, month, date);
  return partsOfDay(target).month === month ? target : dayOf(year + years, month, date - 1);
}
