// Hybrid logical clock for `updated_at`: wall-clock milliseconds × 1024 plus a counter, as one integer that stays
// within JavaScript's safe range until the year 2248. It never goes backwards, even when the wall clock does, and
// moves past any remote stamp it has seen, so the order of changes survives clocks that disagree by days.

export const HLC_TICKS_PER_MS = 1024;

export interface Hlc {
  /** A stamp greater than every stamp this clock has issued or received. */
  now(): number;
  /** Takes a stamp from another site into account. */
  receive(remote: number): void;
}

export function createHlc(wallClock: () => number, start = 0): Hlc {
  let last = start;
  return {
    now() {
      last = Math.max(last + 1, Math.floor(wallClock()) * HLC_TICKS_PER_MS);
      return last;
    },
    receive(remote) {
      if (Number.isSafeInteger(remote) && remote > last) last = remote;
    },
  };
}

/** The wall-clock time a stamp was issued at, in milliseconds. */
export function hlcToMillis(stamp: number): number {
  return Math.floor(stamp / HLC_TICKS_PER_MS);
}
