// commitEvents tells live listeners only after the append has committed, and nothing at all when
// it fails: a listener never sees what the database would not return.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createConversationBus, type LiveUpdate } from '../../../src/conversation/bus.js';
import { commitEvents } from '../../../src/conversation/commit.js';
import type { ConversationEvent, StoredEvent } from '../../../src/conversation/events.js';
import { initialState } from '../../../src/conversation/state.js';
import type { AppendInput, ConversationRecord, ConversationStore } from '../../../src/conversation/store.js';

const record: ConversationRecord = { id: 'c-1', tokenHash: Buffer.alloc(32), createdAt: '', updatedAt: '', lastSeq: 2, state: initialState };
const said: ConversationEvent = { type: 'bot_said', messageId: 'm-1', text: 'Hello!', replyKey: 'greeting', quickReplies: [], inReplyTo: null };

/** A store whose append the test settles by hand. */
function pendingStore() {
  let settle: { resolve: (v: StoredEvent[]) => void; reject: (e: unknown) => void } | undefined;
  const appended: AppendInput[] = [];
  const store = {
    append: (input: AppendInput) => new Promise<StoredEvent[]>((resolve, reject) => {
      appended.push(input);
      settle = { resolve, reject };
    }),
  } as unknown as ConversationStore;
  return { store, appended, settle: () => settle as NonNullable<typeof settle> };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('commitEvents', () => {
  it('publishes the messages and the state only once the append has committed', async () => {
    const { store, appended, settle } = pendingStore();
    const bus = createConversationBus();
    const seen: LiveUpdate[] = [];
    bus.subscribe('c-1', (u) => seen.push(u));
    const committing = commitEvents({ store, bus, clock: () => new Date('2026-11-30T12:00:00.000Z') }, record, [said]);
    await tick();
    assert.equal(appended.length, 1);
    assert.equal(appended[0]?.expectedSeq, 2);
    assert.equal(seen.length, 0, 'nothing published while the commit is pending');
    settle().resolve([]);
    const committed = await committing;
    assert.deepEqual(seen.map((u) => u.kind), ['message', 'state']);
    assert.equal(seen[0]?.kind === 'message' && seen[0].message.text, 'Hello!');
    assert.equal(committed.messages[0]?.id, 'm-1');
  });

  it('publishes nothing and fails when the append fails', async () => {
    const { store, settle } = pendingStore();
    const bus = createConversationBus();
    const seen: LiveUpdate[] = [];
    bus.subscribe('c-1', (u) => seen.push(u));
    const committing = commitEvents({ store, bus, clock: () => new Date() }, record, [said]);
    await tick();
    settle().reject(new Error('disk full'));
    await assert.rejects(committing, /disk full/);
    assert.equal(seen.length, 0);
  });
});
