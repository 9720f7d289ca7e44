import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createWindowLimiter } from '../../../src/security/window-limiter.js';
import { fixedClock } from '../../helpers/deterministic.js';

describe('createWindowLimiter', () => {
  it('allows max hits per window per key, then refuses until the window passes', () => {
    const clock = fixedClock();
    const limiter = createWindowLimiter(2, 60_000, clock);
    assert.deepEqual([limiter.hit('a'), limiter.hit('a'), limiter.hit('a'), limiter.hit('b')], [true, true, false, true]);
    assert.equal(limiter.count('a'), 3);
    clock.advance(60_000);
    assert.equal(limiter.hit('a'), true);
    assert.equal(limiter.count('a'), 1);
  });

  it('is off when max is 0', () => {
    const limiter = createWindowLimiter(0, 60_000, fixedClock());
    for (let i = 0; i < 100; i++) assert.equal(limiter.hit('a'), true);
  });
});
