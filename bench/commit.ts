// npx tsx bench/commit.ts [appends=2000]: the cost of one turn's commit (store.append: the state row,
// four events, the turn reply) on a file in the OS temp folder, with synchronous=FULL (fsync at
// every COMMIT) and NORMAL (WAL fsync'd at checkpoints only), and on /dev/shm for reference (fsync
// nearly free). `inFlight` appends are issued at once to as many conversations: 1 is a COMMIT per
// append; 32 (the load benchmark's connections) share COMMITs (storage/sqlite/commit-queue.ts).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initialState } from '../src/conversation/state.js';
import { openSqliteStorage } from '../src/storage/sqlite/index.js';

const event = (i: number) => ({ type: 'user_said' as const, messageId: `m-${i}`, text: 'how long does delivery usually take?', clientMessageId: null, secrets: [] });

export async function measureCommit(dir: string, synchronous: 'full' | 'normal', n = 2000, inFlight = 1): Promise<{ usPerCommit: number }> {
  const storage = openSqliteStorage({ path: join(mkdtempSync(join(dir, 'parley-commit-')), 'c.db'), synchronous });
  const store = storage.conversations;
  const state = initialState;
  await Promise.all(Array.from({ length: inFlight }, (_, c) => store.create({ id: `c-${c}`, tokenHash: Buffer.alloc(32), at: new Date().toISOString(), events: [], state })));
  const seqs = Array.from({ length: inFlight }, () => 0);
  const started = performance.now();
  for (let i = 0; i < n; i += inFlight) {
    await Promise.all(seqs.map((seq, c) => {
      seqs[c] = seq + 4;
      const k = i + c;
      return store.append({ conversationId: `c-${c}`, expectedSeq: seq, at: new Date().toISOString(), events: [event(k), event(k), event(k), event(k)], state, turnReply: { clientMessageId: `k-${k}`, reply: { ok: true } } });
    }));
  }
  const us = ((performance.now() - started) * 1000) / (Math.ceil(n / inFlight) * inFlight);
  await storage.close();
  return { usPerCommit: us };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const [where, dir] of [['disk (tmpdir)', tmpdir()], ['/dev/shm', '/dev/shm']] as const) {
    for (const sync of ['full', 'normal'] as const) {
      for (const inFlight of [1, 32]) {
        const { usPerCommit } = await measureCommit(dir, sync, Number(process.argv[2] ?? 2000), inFlight);
        console.log(`${where.padEnd(14)} synchronous=${sync.padEnd(6)} ${String(inFlight).padStart(2)} in flight  ${usPerCommit.toFixed(0).padStart(4)} µs per append`);
      }
    }
  }
}
