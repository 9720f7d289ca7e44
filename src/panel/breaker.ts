// Circuit breaker: after `failureThreshold` consecutive failed calls the panel is treated as down
// for `coolDownMs`, so an outage costs a few time-outs instead of one per visitor. Then a single
// probe is let through (half-open); its outcome closes or re-opens the circuit.
import type { BreakerState } from './types.js';

export interface BreakerOptions {
  failureThreshold?: number;
  coolDownMs?: number;
}

export interface CircuitBreaker {
  state(): BreakerState;
  /** `false` means fail fast without calling the panel. */
  tryAcquire(): boolean;
  recordSuccess(): void;
  recordFailure(): void;
}

export function createBreaker(
  options: BreakerOptions & { clock: () => number; onChange?: (from: BreakerState, to: BreakerState) => void },
): CircuitBreaker {
  const threshold = options.failureThreshold ?? 3;
  const coolDownMs = options.coolDownMs ?? 30_000;
  const { clock, onChange } = options;
  let current: BreakerState = 'closed';
  let failures = 0;
  let openedAt = 0;
  let probeInFlight = false;

  const move = (to: BreakerState): void => {
    if (to === current) return;
    const from = current;
    current = to;
    onChange?.(from, to);
  };

  const state = (): BreakerState => {
    if (current === 'open' && clock() - openedAt >= coolDownMs) move('half_open');
    return current;
  };

  return {
    state,
    tryAcquire() {
      const now = state();
      if (now === 'closed') return true;
      if (now === 'open' || probeInFlight) return false;
      probeInFlight = true;
      return true;
    },
    recordSuccess() {
      failures = 0;
      probeInFlight = false;
      move('closed');
    },
    recordFailure() {
      failures += 1;
      const wasProbe = probeInFlight;
      probeInFlight = false;
      if (wasProbe || current === 'half_open' || failures >= threshold) {
        openedAt = clock();
        move('open');
      }
    },
  };
}
