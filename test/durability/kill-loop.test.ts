// The kill -9 loop, small: six SIGKILLs of a real server process while four conversations post
// concurrently; after every restart each acknowledged message is in its transcript and SQLite's
// integrity check passes. The full loop (20+ kills) is `npx tsx bench/kill-loop.ts`.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runKillLoop } from '../../bench/lib/kill-loop.js';

describe('kill -9 loop', () => {
  it('loses no acknowledged message across 6 kills under concurrent load', { timeout: 120_000 }, async () => {
    const summary = await runKillLoop({ kills: 6, conversations: 4, seed: 6, minDelayMs: 150, maxDelayMs: 500 });
    assert.equal(summary.kills, 6);
    assert.deepEqual(summary.lostMessages, [], 'every acknowledged message survives');
    assert.ok(summary.integrityOk, `integrity: ${summary.rounds.map((r) => r.integrity).join(', ')}`);
    assert.ok(summary.acknowledged > 6, `messages were acknowledged between kills (${summary.acknowledged})`);
  });
});
