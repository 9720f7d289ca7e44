// A fixed, steppable clock and sequential ids: scripted conversations replay exactly.
import type { Clock, IdGen } from '../../src/clock.js';

export interface TestClock extends Clock {
  advance(ms: number): void;
}

export function fixedClock(start = '2026-11-22T10:00:00.000Z'): TestClock {
  let now = new Date(start).getTime();
  const clock = (() => new Date(now)) as TestClock;
  clock.advance = (ms) => {
    now += ms;
  };
  return clock;
}

export function sequentialIds(prefix = 'id'): IdGen {
  let n = 0;
  return () => `${prefix}-${String(++n).padStart(4, '0')}`;
}
