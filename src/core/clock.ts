/**
 * The one source of "now" for business rules, jobs and schedules. Production reads the wall clock; tests stand
 * the clock wherever a rule is interesting (23:59:59 in Shanghai on Feb 28, the eve of a holiday) without waiting.
 * Infrastructure timing (caches, leases, rate limits, latencies) keeps using the wall clock on purpose.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock for tests: stands still at `at` until moved. */
export interface ManualClock extends Clock {
  set(at: Date | string): void;
  advance(ms: number): void;
}

export function manualClock(at: Date | string): ManualClock {
  let t = new Date(at).getTime();
  if (Number.isNaN(t)) throw new Error(`manualClock: not an instant: ${String(at)}`);
  return {
    now: () => new Date(t),
    set: (next) => {
      t = new Date(next).getTime();
    },
    advance: (ms) => {
      t += ms;
    },
  };
}
