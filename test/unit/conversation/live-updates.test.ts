// Live updates read committed events back from the store: appends told close together reach a
// stream in order, each once, and what another instance appended (a notification alone) is told
// the same way as a local commit.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createConversationBus, type LiveUpdate } from '../../../src/conversation/bus.js';
import type { ConversationEvent } from '../../../src/conversation/events.js';
import { startLiveUpdates, type AppendAudience } from '../../../src/conversation/live-updates.js';
import { fold, initialState } from '../../../src/conversation/state.js';
import type { AppendListener, ConversationRecord } from '../../../src/storage/port.js';
import { openSqliteStorage } from '../../../src/storage/sqlite/index.js';

const at = '2026-12-01T10:00:00.000Z';
const said = (n: number): ConversationEvent => ({ type: 'user_said', messageId: `m-${n}`, text: `message ${n}`, clientMessageId: null, secrets: [] });
const nobody: AppendAudience = { listening: () => false, told: async () => undefined };

/** `remote`: live updates hear only the notifications the test sends, as from another instance. */
async function setUp(audience: AppendAudience = nobody, remote = false) {
  const storage = openSqliteStorage({ path: ':memory:' });
  const errors: unknown[] = [];
  const bus = createConversationBus();
  const notices: AppendListener[] = [];
  const watch = remote ? { watchAppends: (l: AppendListener) => (notices.push(l), () => undefined) } : storage;
  const live = startLiveUpdates({ storage: watch, store: storage.conversations, bus, audience, onError: (err) => errors.push(err) });
  const notify = (lastSeq: number) => notices.forEach((l) => l({ conversationId: 'c-1', lastSeq }));
  let record: ConversationRecord = await storage.conversations.create({ id: 'c-1', tokenHash: Buffer.alloc(32), at, events: [said(0)], state: fold([said(0)]) });
  const append = async (n: number) => {
    const events = [said(n)];
    const state = fold(events, record.state);
    await storage.conversations.append({ conversationId: 'c-1', expectedSeq: record.lastSeq, at, events, state });
    record = { ...record, lastSeq: record.lastSeq + 1, state };
  };
  return { storage, bus, live, errors, append, notify, close: async () => { live.stop(); await storage.close(); } };
}

const texts = (updates: LiveUpdate[]) => updates.flatMap((u) => (u.kind === 'message' ? [u.message.text] : []));

describe('live updates', () => {
  it('tells a stream each append once, in order, however close together they commit', async () => {
    const { live, append, errors, close } = await setUp();
    const seen: LiveUpdate[] = [];
    live.subscribe('c-1', 1, (u) => seen.push(u));
    await append(1);
    await append(2);
    await append(3);
    await live.published('c-1');
    assert.deepEqual(texts(seen), ['message 1', 'message 2', 'message 3']);
    assert.equal(seen.at(-1)?.kind, 'state');
    assert.deepEqual(errors, []);
    await close();
  });

  it('tells what another instance appended, once, when notifications come late, repeated or together', async () => {
    const { live, append, notify, errors, close } = await setUp(nobody, true);
    const seen: LiveUpdate[] = [];
    live.subscribe('c-1', 1, (u) => seen.push(u));
    await append(1);
    await append(2);
    notify(3);
    notify(2); // an older one arriving after
    await append(3);
    notify(4);
    notify(4); // the listener's catch-up after a reconnection repeats it
    await live.published('c-1');
    assert.deepEqual(texts(seen), ['message 1', 'message 2', 'message 3']);
    assert.deepEqual(seen.map((u) => u.kind), ['message', 'message', 'state', 'message', 'state']);
    assert.deepEqual(errors, []);
    await close();
  });

  it('hands the agents\' audience the new events with the state after them, and reads nothing when nobody listens', async () => {
    const heard: { events: number[]; lastSeqState: string }[] = [];
    let listening = false;
    const audience: AppendAudience = {
      listening: () => listening,
      told: async (_id, state, events) => void heard.push({ events: events.map((e) => e.seq), lastSeqState: state.handoff }),
    };
    const { append, live, close } = await setUp(audience);
    await append(1);
    await live.published('c-1');
    assert.equal(heard.length, 0, 'nobody listening: not told');
    listening = true;
    await append(2);
    await append(3);
    await live.published('c-1');
    assert.deepEqual(heard.map((h) => h.events), [[3], [4]]);
    assert.equal(heard[0]?.lastSeqState, initialState.handoff);
    await close();
  });
});
