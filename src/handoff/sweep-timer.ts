// The timer behind the handoff sweeps (expiry, overdue alerts): one pass every `everyMs`, never two
// at once, unref'd so it never keeps the process alive.

/**
 * Starts the timer. `sweep` handles its own errors. The returned stop resolves once a pass in
 * progress has finished (its commits must land before the database closes).
 */
export function startSweepTimer(sweep: () => Promise<void>, everyMs: number): () => Promise<void> {
  let running: Promise<void> | null = null;
  const timer = setInterval(() => {
    if (running) return; // a slow pass is never overlapped by the next
    running = sweep().finally(() => {
      running = null;
    });
  }, everyMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
