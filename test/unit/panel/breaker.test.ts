import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createBreaker } from '../../../src/panel/breaker.js';
import type { BreakerState } from '../../../src/panel/types.js';

describe('circuit breaker', () => {
  it('opens after N consecutive failures, half-opens after the cool-down, closes on a good probe', () => {
    let now = 0;
    const changes: BreakerState[] = [];
    const breaker = createBreaker({ failureThreshold: 3, coolDownMs: 1000, clock: () => now, onChange: (_, to) => changes.push(to) });
    for (let i = 0; i < 2; i += 1) { assert.ok(breaker.tryAcquire()); breaker.recordFailure(); }
    assert.equal(breaker.state(), 'closed');
    assert.ok(breaker.tryAcquire());
    breaker.recordFailure();
    assert.equal(breaker.state(), 'open');
    assert.equal(breaker.tryAcquire(), false);
    now = 999;
    assert.equal(breaker.tryAcquire(), false);
    now = 1000;
    assert.equal(breaker.state(), 'half_open');
    assert.equal(breaker.tryAcquire(), true, 'one probe');
    assert.equal(breaker.tryAcquire(), false, 'only one probe at a time');
    breaker.recordSuccess();
    assert.equal(breaker.state(), 'closed');
    assert.deepEqual(changes, ['open', 'half_open', 'closed']);
  });
  it('re-opens when the probe fails and waits a full cool-down again', () => {
    let now = 0;
    const breaker = createBreaker({ failureThreshold: 1, coolDownMs: 100, clock: () => now });
    breaker.tryAcquire();
    breaker.recordFailure();
    now = 100;
    assert.ok(breaker.tryAcquire());
    breaker.recordFailure();
    assert.equal(breaker.state(), 'open');
    now = 150;
    assert.equal(breaker.tryAcquire(), false);
    now = 200;
    assert.equal(breaker.state(), 'half_open');
  });
  it('a success resets the failure count', () => {
    const breaker = createBreaker({ failureThreshold: 2, clock: () => 0 });
    breaker.recordFailure();
    breaker.recordSuccess();
    breaker.recordFailure();
    assert.equal(breaker.state(), 'closed');
  });
});
