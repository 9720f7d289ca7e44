// The conversations contract, against the storage port only (every adapter passes it):
// conversations and their events, idempotent turn replies, the handoffs read model written by
// append, the purges, and watchAppends.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import type { ConversationEvent } from '../../src/conversation/events.js';
import { fold, type ConversationState } from '../../src/conversation/state.js';
import { ConcurrentAppendError, type AppendInput, type Storage } from '../../src/storage/port.js';
import { storageForTest } from './contract-storage.js';

const hash = (s: string): Buffer => createHash('sha256').update(s).digest();
const T0 = '2026-11-22T10:00:00.000Z';
const at = (minutes: number): string => new Date(Date.parse(T0) + minutes * 60_000).toISOString();

const started: ConversationEvent = { type: 'conversation_started', locale: 'en', page: null, verifiedUserId: null };
const greeting: ConversationEvent = { type: 'bot_said', messageId: 'g', text: 'Hi! How can I help?', replyKey: 'greeting', quickReplies: [], inReplyTo: null };
const opening = [started, greeting];
const userSaid = (id: string, text = 'where is my order?'): ConversationEvent => ({ type: 'user_said', messageId: id, text, clientMessageId: null, secrets: [] });
const botSaid = (id: string): ConversationEvent => ({ type: 'bot_said', messageId: id, text: 'Let me check.', replyKey: 'greeting', quickReplies: [], inReplyTo: null });

export function conversationStoreContract(name: string, open: () => Promise<Storage>, close: (s: Storage) => Promise<void>): void {
  const storage = storageForTest(open, close);
  /** A stored conversation with the opening events, created at `when`. */
  const created = async (s: Storage, id: string, when = T0) =>
    s.conversations.create({ id, tokenHash: hash(id), at: when, events: opening, state: fold(opening) });
  /** Appends `events` after what is stored; returns the new lastSeq. */
  const appended = async (s: Storage, id: string, events: ConversationEvent[], when: string, extra: Partial<AppendInput> = {}): Promise<number> => {
    const record = await s.conversations.get(id);
    assert.ok(record, `conversation ${id} exists`);
    await s.conversations.append({ conversationId: id, expectedSeq: record.lastSeq, at: when, events, state: fold(events, record.state), ...extra });
    return record.lastSeq + events.length;
  };

  describe(`${name}: conversations`, () => {
    it('creates a conversation and reads it back: record, token hash, events numbered from 1', async (t) => {
      const s = await storage(t);
      const record = await created(s, 'c1');
      assert.deepEqual(record, { id: 'c1', tokenHash: hash('c1'), createdAt: T0, updatedAt: T0, lastSeq: 2, state: fold(opening) });
      const read = await s.conversations.get('c1');
      assert.ok(read);
      assert.ok(read.tokenHash.equals(hash('c1')));
      assert.deepEqual({ ...read, tokenHash: null }, { ...record, tokenHash: null });
      assert.ok((await s.conversations.tokenHash('c1'))?.equals(hash('c1')));
      assert.deepEqual(await s.conversations.events('c1'), [{ ...started, seq: 1, at: T0 }, { ...greeting, seq: 2, at: T0 }]);
    });

    it('knows nothing of an unknown conversation', async (t) => {
      const s = await storage(t);
      assert.equal(await s.conversations.get('nope'), undefined);
      assert.equal(await s.conversations.tokenHash('nope'), undefined);
      assert.deepEqual(await s.conversations.events('nope'), []);
      assert.equal(await s.conversations.turnReply('nope', 'm1'), undefined);
    });

    it('appends: events numbered on, each at its append time; the state and lastSeq follow', async (t) => {
      const s = await storage(t);
      await created(s, 'c1');
      await appended(s, 'c1', [userSaid('u1'), botSaid('b1')], at(1));
      await appended(s, 'c1', [userSaid('u2', 'thanks')], at(2));
      const record = await s.conversations.get('c1');
      assert.equal(record?.lastSeq, 5);
      assert.equal(record?.updatedAt, at(2));
      assert.equal(record?.createdAt, T0);
      assert.equal(record?.state.userTurns, 2);
      const events = await s.conversations.events('c1');
      assert.deepEqual(events.map((e) => [e.seq, e.type, e.at]), [
        [1, 'conversation_started', T0], [2, 'bot_said', T0], [3, 'user_said', at(1)], [4, 'bot_said', at(1)], [5, 'user_said', at(2)],
      ]);
      assert.deepEqual(events[4], { ...userSaid('u2', 'thanks'), seq: 5, at: at(2) });
    });

    it('reads events after a seq, of some types, and the newest `limit` of them, oldest first', async (t) => {
      const s = await storage(t);
      await created(s, 'c1');
      await appended(s, 'c1', [userSaid('u1'), botSaid('b1')], at(1));
      await appended(s, 'c1', [userSaid('u2'), botSaid('b2')], at(2));
      const seqs = async (opts: Parameters<Storage['conversations']['events']>[1]) => (await s.conversations.events('c1', opts)).map((e) => e.seq);
      assert.deepEqual(await seqs({ afterSeq: 3 }), [4, 5, 6]);
      assert.deepEqual(await seqs({ afterSeq: 6 }), []);
      assert.deepEqual(await seqs({ types: ['user_said'] }), [3, 5]);
      assert.deepEqual(await seqs({ limit: 2 }), [5, 6]);
      assert.deepEqual(await seqs({ types: ['bot_said'], limit: 2 }), [4, 6]);
      assert.deepEqual(await seqs({ afterSeq: 4, types: ['bot_said'], limit: 5 }), [6]);
      assert.deepEqual(await seqs({ limit: 0 }), []);
      assert.deepEqual(await seqs({ limit: 100 }), [1, 2, 3, 4, 5, 6]);
    });

    it('refuses an append from a stale expectedSeq with ConcurrentAppendError, writing nothing', async (t) => {
      const s = await storage(t);
      await created(s, 'c1');
      const state = fold([userSaid('u1')], fold(opening));
      await s.conversations.append({ conversationId: 'c1', expectedSeq: 2, at: at(1), events: [userSaid('u1')], state });
      await assert.rejects(
        s.conversations.append({ conversationId: 'c1', expectedSeq: 2, at: at(2), events: [userSaid('late')], state }),
        (err: unknown) => err instanceof ConcurrentAppendError && err.conversationId === 'c1',
      );
      const record = await s.conversations.get('c1');
      assert.equal(record?.lastSeq, 3);
      assert.equal(record?.updatedAt, at(1));
      assert.deepEqual((await s.conversations.events('c1')).map((e) => e.seq), [1, 2, 3]);
    });

    it('refuses an append to a conversation that is not stored', async (t) => {
      const s = await storage(t);
      await assert.rejects(
        s.conversations.append({ conversationId: 'gone', expectedSeq: 2, at: at(1), events: [userSaid('u1')], state: fold(opening) }),
        ConcurrentAppendError,
      );
    });

    it('keeps a turn reply with its append, and refuses a second append with the same clientMessageId, writing nothing', async (t) => {
      const s = await storage(t);
      await created(s, 'c1');
      const reply = { messages: [{ id: 'b1', from: 'bot', text: 'Let me check.' }], state: { handoff: 'none' } };
      await appended(s, 'c1', [userSaid('u1'), botSaid('b1')], at(1), { turnReply: { clientMessageId: 'm-1', reply } });
      assert.deepEqual(await s.conversations.turnReply('c1', 'm-1'), reply);
      assert.equal(await s.conversations.turnReply('c1', 'm-2'), undefined);
      assert.equal(await s.conversations.turnReply('other', 'm-1'), undefined);
      await assert.rejects(appended(s, 'c1', [userSaid('u1-again')], at(2), { turnReply: { clientMessageId: 'm-1', reply: { other: true } } }), ConcurrentAppendError);
      assert.deepEqual(await s.conversations.turnReply('c1', 'm-1'), reply);
      const record = await s.conversations.get('c1');
      assert.equal(record?.lastSeq, 4);
      assert.equal(record?.updatedAt, at(1));
      assert.deepEqual((await s.conversations.events('c1')).map((e) => e.seq), [1, 2, 3, 4]);
    });

    it('stores a held conversation with its first append: row, opening events at the opening time, the append after them', async (t) => {
      const s = await storage(t);
      const state = fold([userSaid('u1')], fold(opening));
      await s.conversations.append({
        conversationId: 'h1', expectedSeq: 2, at: at(5), events: [userSaid('u1')], state,
        create: { tokenHash: hash('h1'), at: T0, events: opening },
        turnReply: { clientMessageId: 'm-1', reply: { ok: 1 } },
      });
      const record = await s.conversations.get('h1');
      assert.deepEqual({ ...record, tokenHash: null }, { id: 'h1', tokenHash: null, createdAt: T0, updatedAt: at(5), lastSeq: 3, state });
      assert.ok(record?.tokenHash.equals(hash('h1')));
      assert.deepEqual((await s.conversations.events('h1')).map((e) => [e.seq, e.type, e.at]), [
        [1, 'conversation_started', T0], [2, 'bot_said', T0], [3, 'user_said', at(5)],
      ]);
      assert.deepEqual(await s.conversations.turnReply('h1', 'm-1'), { ok: 1 });
    });

    it('refuses a create-with-append when the conversation is already stored, or expectedSeq is not the opening count', async (t) => {
      const s = await storage(t);
      await created(s, 'c1');
      const state = fold([userSaid('u1')], fold(opening));
      const input = { conversationId: 'c1', expectedSeq: 2, at: at(1), events: [userSaid('u1')], state, create: { tokenHash: hash('c1'), at: T0, events: opening } };
      await assert.rejects(s.conversations.append(input), ConcurrentAppendError);
      await assert.rejects(s.conversations.append({ ...input, conversationId: 'c2', expectedSeq: 5 }), ConcurrentAppendError);
      assert.equal(await s.conversations.get('c2'), undefined);
      assert.equal((await s.conversations.get('c1'))?.lastSeq, 2);
    });

    it('is atomic: a failed append leaves no event, no state, no turn reply and no handoff row behind', async (t) => {
      const s = await storage(t);
      await created(s, 'c1');
      await created(s, 'c2');
      await appended(s, 'c1', [{ type: 'handoff_requested', handoffId: 'h-1', reason: 'visitor_asked', summary: 'x' }], at(1));
      // The same handoff id again: the read model refuses the insert, so the whole append goes.
      const before = await s.conversations.get('c2');
      await assert.rejects(appended(s, 'c2', [userSaid('u1'), { type: 'handoff_requested', handoffId: 'h-1', reason: 'visitor_asked', summary: 'y' }], at(2), {
        turnReply: { clientMessageId: 'm-1', reply: { ok: 1 } },
      }));
      assert.deepEqual(await s.conversations.get('c2'), before);
      assert.deepEqual((await s.conversations.events('c2')).map((e) => e.seq), [1, 2]);
      assert.equal(await s.conversations.turnReply('c2', 'm-1'), undefined);
      assert.equal((await s.handoffs.get('h-1'))?.conversationId, 'c1');
    });

    it('keeps concurrent appends to one conversation from interleaving: exactly one of two from the same seq wins', async (t) => {
      const s = await storage(t);
      await created(s, 'c1');
      const state = fold([userSaid('u')], fold(opening));
      const outcomes = await Promise.allSettled(['a', 'b'].map((id) =>
        s.conversations.append({ conversationId: 'c1', expectedSeq: 2, at: at(1), events: [userSaid(id), botSaid(`${id}-bot`)], state })));
      assert.equal(outcomes.filter((o) => o.status === 'fulfilled').length, 1);
      const rejected = outcomes.find((o) => o.status === 'rejected');
      assert.ok(rejected?.status === 'rejected' && rejected.reason instanceof ConcurrentAppendError);
      const events = await s.conversations.events('c1');
      assert.deepEqual(events.map((e) => e.seq), [1, 2, 3, 4]);
      const winner = (events[2] as { messageId: string }).messageId;
      assert.equal((events[3] as { messageId: string }).messageId, `${winner}-bot`);
    });

    it('keeps the state as given, fields and all', async (t) => {
      const s = await storage(t);
      await created(s, 'c1');
      const record = await s.conversations.get('c1');
      assert.ok(record);
      const state: ConversationState = { ...record.state, collected: { order_id: '123456', email: 'a@b.example' }, awaiting: 'email', guardBlocks: { order_status: 1 } };
      await s.conversations.append({ conversationId: 'c1', expectedSeq: 2, at: at(1), events: [userSaid('u1')], state });
      assert.deepEqual((await s.conversations.get('c1'))?.state, state);
    });
  });

  describe(`${name}: the handoffs read model, written by append`, () => {
    it('a requested handoff is queued with its reason, summary, seq and time; open for its conversation', async (t) => {
      const s = await storage(t);
      await created(s, 'c1');
      await appended(s, 'c1', [userSaid('u1'), { type: 'handoff_requested', handoffId: 'h-1', reason: 'visitor_asked', summary: 'wants a person' }], at(1));
      const row = { id: 'h-1', conversationId: 'c1', status: 'queued', reason: 'visitor_asked', summary: 'wants a person', assignee: null, note: null, requestedSeq: 4, createdAt: at(1), updatedAt: at(1) };
      assert.deepEqual(await s.handoffs.get('h-1'), row);
      assert.deepEqual(await s.handoffs.openFor('c1'), row);
      assert.deepEqual(await s.handoffs.list('queued', 10), [row]);
      assert.equal(await s.handoffs.get('h-2'), undefined);
      assert.equal(await s.handoffs.openFor('c2'), undefined);
    });

    it('claimed: assigned to the agent; resolved: resolved with the note, the resolver kept; no longer open', async (t) => {
      const s = await storage(t);
      await created(s, 'c1');
      await appended(s, 'c1', [{ type: 'handoff_requested', handoffId: 'h-1', reason: 'needs_decision', summary: 's' }], at(1));
      await appended(s, 'c1', [{ type: 'handoff_claimed', handoffId: 'h-1', agent: 'sam' }], at(2));
      assert.deepEqual(await s.handoffs.get('h-1'), {
        id: 'h-1', conversationId: 'c1', status: 'assigned', reason: 'needs_decision', summary: 's', assignee: 'sam', note: null, requestedSeq: 3, createdAt: at(1), updatedAt: at(2),
      });
      assert.equal((await s.handoffs.openFor('c1'))?.status, 'assigned');
      assert.deepEqual((await s.handoffs.list('assigned', 10)).map((r) => r.id), ['h-1']);
      assert.deepEqual(await s.handoffs.list('queued', 10), []);
      await appended(s, 'c1', [{ type: 'handoff_resolved', handoffId: 'h-1', agent: null, note: 'refunded' }], at(3));
      const resolved = await s.handoffs.get('h-1');
      assert.equal(resolved?.status, 'resolved');
      assert.equal(resolved?.assignee, 'sam'); // a null resolver keeps the one who claimed it
      assert.equal(resolved?.note, 'refunded');
      assert.equal(resolved?.updatedAt, at(3));
      assert.equal(await s.handoffs.openFor('c1'), undefined);
    });

    it('expired and cancelled close a handoff; a later request opens a new one', async (t) => {
      const s = await storage(t);
      await created(s, 'c1');
      await appended(s, 'c1', [{ type: 'handoff_requested', handoffId: 'h-1', reason: 'visitor_asked', summary: 's' }], at(1));
      await appended(s, 'c1', [{ type: 'handoff_expired', handoffId: 'h-1' }], at(2));
      assert.equal((await s.handoffs.get('h-1'))?.status, 'expired');
      await appended(s, 'c1', [{ type: 'handoff_requested', handoffId: 'h-2', reason: 'visitor_asked', summary: 's' }], at(3));
      assert.equal((await s.handoffs.openFor('c1'))?.id, 'h-2');
      await appended(s, 'c1', [{ type: 'handoff_cancelled', handoffId: 'h-2' }], at(4));
      assert.deepEqual(await s.handoffs.get('h-2').then((r) => [r?.status, r?.updatedAt]), ['cancelled', at(4)]);
      assert.deepEqual((await s.handoffs.list('expired', 10)).map((r) => r.id), ['h-1']);
      assert.deepEqual((await s.handoffs.list('cancelled', 10)).map((r) => r.id), ['h-2']);
      assert.equal(await s.handoffs.openFor('c1'), undefined);
    });

    it('a handoff requested in a create-with-append is stored with its seq', async (t) => {
      const s = await storage(t);
      const events: ConversationEvent[] = [userSaid('u1'), { type: 'handoff_requested', handoffId: 'h-1', reason: 'visitor_asked', summary: 's' }];
      await s.conversations.append({ conversationId: 'h1', expectedSeq: 2, at: at(1), events, state: fold(events, fold(opening)), create: { tokenHash: hash('h1'), at: T0, events: opening } });
      assert.deepEqual(await s.handoffs.get('h-1').then((r) => [r?.conversationId, r?.requestedSeq, r?.createdAt]), ['h1', 4, at(1)]);
    });

    it('lists oldest first, at most `limit`; queuedBefore finds the queued ones older than a cutoff', async (t) => {
      const s = await storage(t);
      for (const [i, id] of ['c1', 'c2', 'c3'].entries()) {
        await created(s, id);
        await appended(s, id, [{ type: 'handoff_requested', handoffId: `h-${id}`, reason: 'visitor_asked', summary: 's' }], at(10 - i));
      }
      await appended(s, 'c3', [{ type: 'handoff_claimed', handoffId: 'h-c3', agent: 'sam' }], at(20));
      assert.deepEqual((await s.handoffs.list('queued', 10)).map((r) => r.id), ['h-c2', 'h-c1']);
      assert.deepEqual((await s.handoffs.list('queued', 1)).map((r) => r.id), ['h-c2']);
      assert.deepEqual((await s.handoffs.queuedBefore(at(10), 10)).map((r) => r.id), ['h-c2']);
      assert.deepEqual((await s.handoffs.queuedBefore(at(11), 10)).map((r) => r.id), ['h-c2', 'h-c1']);
      assert.deepEqual((await s.handoffs.queuedBefore(at(11), 1)).map((r) => r.id), ['h-c2']);
    });
  });

  describe(`${name}: purges`, () => {
    it('purgeIdleSince deletes the conversations not updated since the cutoff, oldest first, with their events, replies and handoffs', async (t) => {
      const s = await storage(t);
      await created(s, 'old', at(0));
      await appended(s, 'old', [{ type: 'handoff_requested', handoffId: 'h-old', reason: 'visitor_asked', summary: 's' }], at(1), { turnReply: { clientMessageId: 'm', reply: 1 } });
      await created(s, 'older', at(0));
      await created(s, 'new', at(10));
      assert.equal(await s.conversations.purgeIdleSince(at(5), 1), 1);
      assert.equal(await s.conversations.get('older'), undefined);
      assert.equal(await s.conversations.purgeIdleSince(at(5)), 1);
      assert.equal(await s.conversations.get('old'), undefined);
      assert.deepEqual(await s.conversations.events('old'), []);
      assert.equal(await s.conversations.turnReply('old', 'm'), undefined);
      assert.equal(await s.handoffs.get('h-old'), undefined);
      assert.equal(await s.conversations.purgeIdleSince(at(5)), 0);
      assert.ok(await s.conversations.get('new'));
    });

    it('purgeUnusedBefore deletes only those without a visitor message, a scan at a time, resuming from its cursor', async (t) => {
      const s = await storage(t);
      for (let i = 0; i < 5; i++) await created(s, `u${i}`, at(i));
      await appended(s, 'u1', [userSaid('x')], at(1));
      await appended(s, 'u3', [userSaid('x')], at(3));
      await created(s, 'late', at(50));
      const first = await s.conversations.purgeUnusedBefore(at(10), null, 2);
      assert.equal(first.purged, 1); // u0 and u1 read; u1 has a visitor message
      assert.ok(first.next);
      const second = await s.conversations.purgeUnusedBefore(at(10), first.next, 2);
      assert.equal(second.purged, 1); // u2, u3
      assert.ok(second.next);
      const third = await s.conversations.purgeUnusedBefore(at(10), second.next, 2);
      assert.deepEqual(third, { purged: 1, next: null }); // u4, and nothing else before the cutoff
      const left = await Promise.all(['u0', 'u1', 'u2', 'u3', 'u4', 'late'].map(async (id) => (await s.conversations.get(id)) !== undefined));
      assert.deepEqual(left, [false, true, false, true, false, true]);
    });

    it('purgeUnusedBefore from a cursor at a cutoff reads only what became older since', async (t) => {
      const s = await storage(t);
      await created(s, 'a', at(1));
      await created(s, 'b', at(5));
      assert.deepEqual(await s.conversations.purgeUnusedBefore(at(3), null, 10), { purged: 1, next: null });
      assert.deepEqual(await s.conversations.purgeUnusedBefore(at(6), { updatedAt: at(3), key: '' }, 10), { purged: 1, next: null });
      assert.equal(await s.conversations.get('b'), undefined);
    });
  });

  describe(`${name}: watchAppends`, () => {
    it('tells each listener of a committed append, after it is readable; not of a refused one; not after unsubscribing', async (t) => {
      const s = await storage(t);
      await created(s, 'c1');
      const told: { conversationId: string; lastSeq: number; readable: Promise<number | undefined> }[] = [];
      const stop = s.watchAppends((change) => {
        told.push({ ...change, readable: s.conversations.get(change.conversationId).then((r) => r?.lastSeq) });
      });
      await appended(s, 'c1', [userSaid('u1'), botSaid('b1')], at(1));
      await assert.rejects(s.conversations.append({ conversationId: 'c1', expectedSeq: 2, at: at(2), events: [userSaid('late')], state: fold(opening) }));
      await waitFor(() => told.length >= 1);
      assert.deepEqual(told.map(({ conversationId, lastSeq }) => ({ conversationId, lastSeq })), [{ conversationId: 'c1', lastSeq: 4 }]);
      assert.equal(await told[0]?.readable, 4);
      stop();
      await appended(s, 'c1', [userSaid('u2')], at(3));
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.equal(told.length, 1);
    });
  });
}

/** Polls until `done` (listeners may be told asynchronously, e.g. through LISTEN/NOTIFY); the test runner's timeout bounds it. */
async function waitFor(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((resolve) => setTimeout(resolve, 10));
}
