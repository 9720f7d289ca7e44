import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { randomIds } from '../../../src/clock.js';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const millisecondOf = (id: string) => parseInt(id.slice(0, 8) + id.slice(9, 13), 16);

describe('randomIds', () => {
  it('makes RFC 9562 version 7 UUIDs whose first 48 bits are the millisecond they were made in', () => {
    const before = Date.now();
    const id = randomIds();
    const after = Date.now();
    assert.match(id, UUID_V7);
    assert.ok(millisecondOf(id) >= before && millisecondOf(id) <= after, `${millisecondOf(id)} not in [${before}, ${after}]`);
  });

  it('sorts ids made in a later millisecond after earlier ones (rows created together are stored together)', async () => {
    const earlier = Array.from({ length: 50 }, () => randomIds());
    await sleep(3);
    const later = Array.from({ length: 50 }, () => randomIds());
    for (const a of earlier) for (const b of later) assert.ok(a < b, `${a} sorts after ${b}`);
  });

  it('keeps 74 random bits: each is set in about half of the ids, and ids made in the same millisecond do not collide', () => {
    const ids = Array.from({ length: 20_000 }, () => randomIds());
    assert.equal(new Set(ids).size, ids.length);
    assert.ok(ids.every((id) => UUID_V7.test(id)));
    // Some millisecond holds several of them (not necessarily the first: the process may be paused
    // right after it on a busy machine).
    const perMillisecond = new Map<number, number>();
    for (const id of ids) perMillisecond.set(millisecondOf(id), (perMillisecond.get(millisecondOf(id)) ?? 0) + 1);
    assert.ok(Math.max(...perMillisecond.values()) > 1, 'expected several ids within one millisecond');
    // The 128 bits: 48 of time, 4 of version (0111), 12 random, 2 of variant (10), 62 random.
    const bits = ids.map((id) => BigInt(`0x${id.replaceAll('-', '')}`));
    const randomPositions = [...Array.from({ length: 12 }, (_, i) => 64 + i), ...Array.from({ length: 62 }, (_, i) => i)];
    assert.equal(randomPositions.length, 74);
    for (const position of randomPositions) {
      const ones = bits.filter((value) => (value >> BigInt(position)) & 1n).length / bits.length;
      assert.ok(ones > 0.45 && ones < 0.55, `bit ${position} is set in ${(ones * 100).toFixed(1)}% of the ids`);
    }
  });
});
