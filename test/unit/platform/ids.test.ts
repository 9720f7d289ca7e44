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

  it('keeps 74 random bits: ids made in the same millisecond do not collide', () => {
    const ids = Array.from({ length: 20_000 }, () => randomIds());
    assert.equal(new Set(ids).size, ids.length);
    assert.ok(ids.every((id) => UUID_V7.test(id)));
    const sameMillisecond = ids.filter((id) => millisecondOf(id) === millisecondOf(ids[0] as string));
    assert.ok(sameMillisecond.length > 1, 'expected several ids within one millisecond');
  });
});
