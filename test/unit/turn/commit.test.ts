// commitEvents answers only after the append has committed and live listeners have been told of it
// (conversation/live-updates.ts reads committed events back), and waits for nothing when it fails.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { commitEvents, retryOnConflict } from '../../../src/turn/commit.js';
import type { ConversationEvent, StoredEvent } from '../../../src/conversation/events.js';
import { initialState } from '../../../src/conversation/state.js';
import { ConcurrentAppendError, type AppendInput, type ConversationRecord, type ConversationStore } from '../../../src/storage/port.js';
import { openSqliteStorage } from '../../../src/storage/sqlite/index.js';

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
  it('waits for the append to commit, then for live listeners to be told, before it answers', async () => {
    const { store, appended, settle } = pendingStore();
    const asked: string[] = [];
    let told!: () => void;
    const published = (id: string) => {
      asked.push(id);
      return new Promise<void>((resolve) => (told = resolve));
    };
    let answered = false;
    const committing = commitEvents({ store, published, clock: () => new Date('2026-11-30T12:00:00.000Z') }, record, [said]).then((c) => {
      answered = true;
      return c;
    });
    await tick();
    assert.equal(appended.length, 1);
    assert.equal(appended[0]?.expectedSeq, 2);
    assert.deepEqual(asked, [], 'listeners are not waited for while the commit is pending');
    settle().resolve([]);
    await tick();
    assert.deepEqual(asked, ['c-1']);
    assert.equal(answered, false, 'no answer before the listeners are told');
    told();
    const committed = await committing;
    assert.equal(committed.messages[0]?.id, 'm-1');
  });

  it('fails without waiting for listeners when the append fails', async () => {
    const { store, settle } = pendingStore();
    const asked: string[] = [];
    const committing = commitEvents({ store, published: async (id) => void asked.push(id), clock: () => new Date() }, record, [said]);
    await tick();
    settle().reject(new Error('disk full'));
    await assert.rejects(committing, /disk full/);
    assert.deepEqual(asked, []);
  });

  it('answers not found when the conversation was deleted after it was read (a purge racing a turn)', async () => {
    const storage = openSqliteStorage({ path: ':memory:' });
    const store = storage.conversations;
    const at = '2026-01-01T00:00:00.000Z';
    const created = await store.create({ id: 'c-gone', tokenHash: Buffer.alloc(32, 1), at, events: [said], state: initialState });
    assert.equal(await store.purgeIdleSince('2026-06-01T00:00:00.000Z'), 1);
    const committing = commitEvents({ store, published: async () => undefined, clock: () => new Date(at) }, created, [said]);
    await assert.rejects(committing, (err: unknown) => (err as { code?: string }).code === 'not_found');
    await storage.close();
  });

  it('rethrows a concurrent append when the conversation still exists', async () => {
    const { store, settle } = pendingStore();
    (store as { tokenHash: ConversationStore['tokenHash'] }).tokenHash = async () => Buffer.alloc(32);
    const committing = commitEvents({ store, published: async () => undefined, clock: () => new Date() }, record, [said]);
    await tick();
    settle().reject(new ConcurrentAppendError('c-1'));
    await assert.rejects(committing, ConcurrentAppendError);
  });
});

describe('retryOnConflict', () => {
  it('runs the change again when another writer appended first, and answers 409 conflict after the last attempt', async () => {
    let runs = 0;
    assert.equal(await retryOnConflict(3, async () => {
      if (++runs < 3) throw new ConcurrentAppendError('c-1');
      return 'done';
    }), 'done');
    assert.equal(runs, 3);
    runs = 0;
    await assert.rejects(retryOnConflict(2, async () => {
      runs++;
      throw new ConcurrentAppendError('c-1');
    }), (err: unknown) => (err as { code?: string; httpStatus?: number }).code === 'conflict' && (err as { httpStatus: number }).httpStatus === 409);
    assert.equal(runs, 2);
  });

  it('does not run again for any other failure', async () => {
    let runs = 0;
    await assert.rejects(retryOnConflict(3, async () => {
      runs++;
      throw new Error('disk full');
    }), /disk full/);
    assert.equal(runs, 1);
  });
});
