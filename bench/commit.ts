// npx tsx bench/commit.ts [appends=2000]: the cost of one turn's commit (store.append: the state row,
// four events, the turn reply, one transaction) on a file in the OS temp folder, with
// synchronous=FULL (fsync at every COMMIT) and NORMAL (WAL fsync'd at checkpoints only), and on
// /dev/shm for reference (fsync nearly free).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteConversationStore } from '../src/conversation/sqlite-store.js';
import { initialState } from '../src/conversation/state.js';
import { openDatabase } from '../src/db/open-database.js';

const event = (i: number) => ({ type: 'user_said' as const, messageId: `m-${i}`, text: 'how long does delivery usually take?', clientMessageId: null, secrets: [] });

export function measureCommit(dir: string, synchronous: 'full' | 'normal', n = 2000): { usPerCommit: number } {
  const db = openDatabase(join(mkdtempSync(join(dir, 'parley-commit-')), 'c.db'), undefined, { synchronous });
  const store = createSqliteConversationStore(db);
  const state = initialState;
  store.create({ id: 'c-1', tokenHash: Buffer.alloc(32), at: new Date().toISOString(), events: [], state });
  let seq = 0;
  const started = performance.now();
  for (let i = 0; i < n; i++) {
    store.append({ conversationId: 'c-1', expectedSeq: seq, at: new Date().toISOString(), events: [event(i), event(i), event(i), event(i)], state, turnReply: { clientMessageId: `k-${i}`, reply: { ok: true } } });
    seq += 4;
  }
  const us = ((performance.now() - started) * 1000) / n;
  db.close();
  return { usPerCommit: us };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const [where, dir] of [['disk (tmpdir)', tmpdir()], ['/dev/shm', '/dev/shm']] as const) {
    for (const sync of ['full', 'normal'] as const) console.log(`${where.padEnd(14)} synchronous=${sync.padEnd(6)} ${measureCommit(dir, sync, Number(process.argv[2] ?? 2000)).usPerCommit.toFixed(0)} µs per commit`);
  }
}
