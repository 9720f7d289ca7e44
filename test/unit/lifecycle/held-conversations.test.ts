// The held-conversations table (lifecycle/held-conversations.ts): reads as the store would, stored
// by the first append in one write, bounded, expiring; and the per-address open limiter.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { commitEvents } from '../../../src/turn/commit.js';
import type { ConversationEvent } from '../../../src/conversation/events.js';
import { fold } from '../../../src/conversation/state.js';
import { createHeldConversations, type DropReason } from '../../../src/lifecycle/held-conversations.js';
import { createOpenLimiter } from '../../../src/lifecycle/open-limit.js';
import { HOUR_MS } from '../../../src/lifecycle/retention.js';
import { addressKey } from '../../../src/security/address-key.js';
import { openSqliteStorage } from '../../../src/storage/sqlite/index.js';
import { fixedClock } from '../../helpers/deterministic.js';

const opening = (id: string): ConversationEvent[] => [
  { type: 'conversation_started', locale: 'en', page: '/help', verifiedUserId: null },
  { type: 'bot_said', messageId: `${id}-greeting`, text: 'Hi! How can I help?', replyKey: 'greeting', quickReplies: ['Where is my order?'], inReplyTo: null },
];
const turn = (id: string, text: string): ConversationEvent[] => [
  { type: 'user_said', messageId: `${id}-${text}`, text, clientMessageId: null, secrets: [] },
  { type: 'bot_said', messageId: `${id}-${text}-reply`, text: 'Sure.', replyKey: 'acknowledged', quickReplies: [], inReplyTo: `${id}-${text}` },
];
const AT = '2026-11-22T10:00:00.000Z';

/** Every id these tests use: `rows` counts those stored. */
const IDS = ['held', 'stored', 'c-1', 'other', 'old', 'a', 'b', 'c'];

function setup(limit?: number) {
  const storage = openSqliteStorage({ path: ':memory:' });
  const inner = storage.conversations;
  const clock = fixedClock(AT);
  const drops: DropReason[] = [];
  const held = createHeldConversations({ clock, keepMs: 24 * HOUR_MS, onDrop: (r) => drops.push(r), ...(limit ? { limit } : {}) });
  const store = held.over(inner);
  const hold = (id: string) => held.hold({ id, tokenHash: Buffer.alloc(32, 7), at: clock().toISOString(), events: opening(id) });
  const rows = async () => (await Promise.all(IDS.map((id) => inner.get(id)))).filter(Boolean).length;
  return { storage, inner, clock, drops, held, store, hold, rows };
}

describe('held conversations', () => {
  it('read like stored ones: record, token hash, events with every option, no turn reply', async () => {
    const h = setup();
    h.hold('held');
    // The same conversation stored directly, to compare with.
    await h.inner.create({ id: 'stored', tokenHash: Buffer.alloc(32, 7), at: AT, events: opening('held'), state: fold(opening('held')) });
    const { id: _a, ...heldRecord } = (await h.store.get('held')) ?? assert.fail('not held');
    const { id: _b, ...storedRecord } = (await h.store.get('stored')) ?? assert.fail('not stored');
    assert.deepEqual(heldRecord, storedRecord);
    assert.deepEqual(await h.store.tokenHash('held'), Buffer.alloc(32, 7));
    for (const opts of [undefined, { afterSeq: 1 }, { types: ['bot_said' as const] }, { limit: 1 }, { limit: 0 }, { afterSeq: 2 }]) {
      assert.deepEqual(await h.store.events('held', opts), await h.store.events('stored', opts), JSON.stringify(opts));
    }
    assert.equal(await h.store.turnReply('held', 'click-1'), undefined);
    assert.equal(await h.rows(), 1, 'only the directly stored one is a row');
  });

  it('are stored by their first append: row, opening and turn in one transaction, then no longer held', async () => {
    const h = setup();
    const record = h.hold('c-1');
    h.clock.advance(60_000);
    const committed = await commitEvents({ store: h.store, published: async () => undefined, clock: h.clock }, record, turn('c-1', 'hello'));
    assert.equal(await h.rows(), 1);
    assert.equal(h.held.size(), 0);
    const stored = (await h.inner.get('c-1')) ?? assert.fail('not stored');
    assert.equal(stored.createdAt, AT);
    assert.equal(stored.lastSeq, 4);
    assert.deepEqual(stored.state, committed.state);
    assert.deepEqual((await h.inner.events('c-1')).map((e) => [e.seq, e.type, e.at]), [
      [1, 'conversation_started', AT], [2, 'bot_said', AT],
      [3, 'user_said', '2026-11-22T10:01:00.000Z'], [4, 'bot_said', '2026-11-22T10:01:00.000Z'],
    ]);
    // The next turn appends to the row.
    await commitEvents({ store: h.store, published: async () => undefined, clock: h.clock }, stored, turn('c-1', 'thanks'));
    assert.equal((await h.inner.get('c-1'))?.lastSeq, 6);
  });

  it('stay held when the storing append fails, and are not written in part', async () => {
    const h = setup();
    const record = h.hold('c-1');
    // A stale lastSeq: refused before anything is written.
    await assert.rejects(h.store.append({ conversationId: 'c-1', expectedSeq: 5, at: AT, events: turn('c-1', 'hi'), state: record.state }));
    assert.equal(await h.rows(), 0);
    assert.ok(await h.store.get('c-1'), 'still held');
    await h.store.append({ conversationId: 'c-1', expectedSeq: 2, at: AT, events: turn('c-1', 'hi'), state: record.state });
    assert.equal(await h.rows(), 1);
  });

  it('are stored in one transaction: a write failing after the row was inserted leaves nothing behind', async () => {
    const h = setup();
    // Another conversation's handoff id: the handoffs row, written after the conversation's, is refused.
    const handoff: ConversationEvent = { type: 'handoff_requested', handoffId: 'h-1', reason: 'visitor_asked', summary: '' };
    await h.inner.create({ id: 'other', tokenHash: Buffer.alloc(32, 1), at: AT, events: [handoff], state: fold([handoff]) });
    const record = h.hold('c-1');
    await assert.rejects(h.store.append({ conversationId: 'c-1', expectedSeq: 2, at: AT, events: [...turn('c-1', 'hi'), handoff], state: record.state }));
    assert.equal(await h.inner.get('c-1'), undefined);
    assert.deepEqual(await h.inner.events('c-1'), []);
    assert.ok(await h.store.get('c-1'), 'still held: a retry can store it');
  });

  it('expire after keepMs: gone for every read, and a turn that loaded one in time gets 404, not a crash', async () => {
    const h = setup();
    const record = h.hold('c-1');
    h.clock.advance(24 * HOUR_MS - 1);
    assert.ok(await h.store.get('c-1'));
    h.clock.advance(1);
    await assert.rejects(commitEvents({ store: h.store, published: async () => undefined, clock: h.clock }, record, turn('c-1', 'hi')), { code: 'not_found' });
    assert.equal(await h.store.get('c-1'), undefined);
    assert.equal(await h.store.tokenHash('c-1'), undefined);
    assert.deepEqual(await h.store.events('c-1'), []);
    assert.deepEqual(h.drops, ['expired']);
    assert.equal(await h.rows(), 0);
  });

  it('are bounded: the oldest is dropped when the table is full', async () => {
    const h = setup(2);
    h.hold('a');
    h.hold('b');
    h.hold('c');
    assert.equal(h.held.size(), 2);
    assert.equal(await h.store.get('a'), undefined);
    assert.ok(await h.store.get('b'));
    assert.ok(await h.store.get('c'));
    assert.deepEqual(h.drops, ['evicted']);
  });

  it('are all stored, as they are, by storeAll (a graceful stop), except expired ones', async () => {
    const h = setup();
    h.hold('old');
    h.clock.advance(23 * HOUR_MS);
    h.hold('a');
    h.hold('b');
    h.clock.advance(HOUR_MS);
    assert.equal(await h.held.storeAll(h.inner), 2);
    assert.equal(h.held.size(), 0);
    assert.equal(await h.rows(), 2);
    assert.ok(await h.inner.get('a'));
    assert.ok(await h.inner.get('b'));
    assert.deepEqual((await h.inner.events('a')).map((e) => e.type), ['conversation_started', 'bot_said']);
    assert.deepEqual(h.drops, ['expired']);
  });
});

describe('the per-address open limiter', () => {
  const counters = () => openSqliteStorage({ path: ':memory:' }).counters;

  it('allows perHour opens in a clock hour, then says how long until the next hour', async () => {
    const clock = fixedClock(AT);
    const limiter = createOpenLimiter({ perHour: 2, clock, counters: counters() });
    assert.equal(await limiter.take('203.0.113.1'), 0);
    clock.advance(15 * 60_000);
    assert.equal(await limiter.take('203.0.113.1'), 0);
    assert.equal(await limiter.take('203.0.113.1'), 45 * 60);
    assert.equal(await limiter.take('203.0.113.2'), 0);
    clock.advance(45 * 60_000 - 1000);
    assert.equal(await limiter.take('203.0.113.1'), 1);
    clock.advance(1000);
    assert.equal(await limiter.take('203.0.113.1'), 0);
  });

  it('holds across instances (two limiters over one storage), counts no refused open, and is off at 0', async () => {
    const clock = fixedClock(AT);
    const shared = counters();
    const [a, b] = [0, 1].map(() => createOpenLimiter({ perHour: 2, clock, counters: shared }));
    assert.equal(await a?.take('2001:db8:1:2::a'), 0);
    assert.equal(await b?.take('2001:db8:1:2::b'), 0, 'the same /64');
    assert.ok((await a?.take('2001:db8:1:2::c') ?? 0) > 0);
    assert.ok((await b?.take('2001:db8:1:2::d') ?? 0) > 0);
    assert.equal(await shared.count('open:addr:2001:db8:1:2::/64', AT), 2, 'refusals add no hits');
    const off = createOpenLimiter({ perHour: 0, clock, counters: shared });
    for (let i = 0; i < 10; i++) assert.equal(await off.take('203.0.113.1'), 0);
  });

  it('counts an IPv4 address as itself and an IPv6 address as its /64', () => {
    for (const [address, key] of [
      ['203.0.113.9', '203.0.113.9'],
      ['::ffff:203.0.113.9', '203.0.113.9'],
      ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
      ['2001:0DB8:0001:0002::0006', '2001:db8:1:2::/64'],
      ['2001:db8::1', '2001:db8:0:0::/64'],
      ['2001:db8:1:2::', '2001:db8:1:2::/64'],
      ['::1', '0:0:0:0::/64'],
      ['fe80::1%eth0', 'fe80:0:0:0::/64'],
      ['64:ff9b::203.0.113.9', '64:ff9b:0:0::/64'],
      ['not an address', 'not an address'],
    ] as const) assert.equal(addressKey(address), key, address);
  });
});
