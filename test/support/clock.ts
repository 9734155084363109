import type { Clock } from '../../src/clock.js';

export type TestClock = Clock & { set(d: Date | string): void; advance(ms: number): void };

/** A clock that moves only when told. */
export function testClock(start = '2026-05-01T02:00:00.000Z'): TestClock {
  let t = new Date(start).getTime();
  return {
    now: () => new Date(t),
    set: (d) => void (t = new Date(d).getTime()),
    advance: (ms) => void (t += ms),
  };
}
