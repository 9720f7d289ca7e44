// A fixed-window counter per key, in this instance's memory, for the per-minute message limit per
// conversation: a minute's burst matters to one process, and sharing it would cost a database
// write per message (the hourly limits are shared: storage CounterStore). Expired windows are swept
// as they are met, so memory stays bounded by the keys active within one window.
import type { Clock } from '../clock.js';

export interface WindowLimiter {
  /** Counts one hit; returns false when the key is over its limit for this window. */
  hit(key: string): boolean;
  /** Hits so far in the current window, without counting one. */
  count(key: string): number;
}

export function createWindowLimiter(max: number, windowMs: number, clock: Clock): WindowLimiter {
  const windows = new Map<string, { start: number; hits: number }>();
  let lastSweep = 0;
  const current = (key: string, now: number) => {
    const w = windows.get(key);
    return w && now - w.start < windowMs ? w : undefined;
  };
  const sweep = (now: number) => {
    if (now - lastSweep < windowMs) return;
    lastSweep = now;
    for (const [key, w] of windows) if (now - w.start >= windowMs) windows.delete(key);
  };
  return {
    hit(key) {
      if (max <= 0) return true; // 0 turns the limit off
      const now = clock().getTime();
      sweep(now);
      const w = current(key, now) ?? { start: now, hits: 0 };
      w.hits++;
      windows.set(key, w);
      return w.hits <= max;
    },
    count: (key) => current(key, clock().getTime())?.hits ?? 0,
  };
}
