// The kill -9 loop (security.md §7.3): a real `parley serve` process under concurrent load from
// several conversations is SIGKILLed at a random moment, restarted on the same database file, and
// every message it acknowledged with a 200 must be in the transcript afterwards. Bounded: a fixed
// number of kills, 127.0.0.1 only. Used by bench/kill-loop.ts and test/durability/kill-loop.test.ts.
import Database from 'better-sqlite3';
import { mulberry32 } from '../../src/understanding/random.js';
import { startServerProcess, tempDatabasePath, type ServerProcess } from '../../test/helpers/server-process.js';

export interface KillLoopOptions {
  kills: number;
  conversations: number;
  /** Random delay before each kill, in ms, counted from the round's first acknowledged message. */
  minDelayMs?: number;
  maxDelayMs?: number;
  seed?: number;
  onRound?: (round: KillRound) => void;
}

export interface KillRound {
  round: number;
  killAfterMs: number;
  acknowledgedThisRound: number;
  restartMs: number;
  integrity: string;
  lost: string[];
}

export interface KillLoopSummary {
  kills: number;
  conversations: number;
  acknowledged: number;
  lost: number;
  lostMessages: string[];
  restartMs: { min: number; median: number; max: number };
  integrityOk: boolean;
  rounds: KillRound[];
}

interface Conversation {
  id: string;
  token: string;
  acknowledged: string[];
}

const env = (databasePath: string) => ({
  DATABASE_PATH: databasePath,
  PANEL_URL: 'https://panel.invalid/api/v2',
  PANEL_API_KEY: 'kill-loop-key-not-real',
  RATE_LIMIT_PER_IP_PER_MINUTE: '0',
  RATE_LIMIT_PER_CONVERSATION_PER_MINUTE: '0',
});

const TEXTS = ['hello', 'where is my order 4829113', 'how long does delivery take?', 'my api says Incorrect request', 'I want a refund', 'thanks'];

async function post(url: string, body: unknown, token?: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** The API's view after the restart: the recent transcript (the API shows the last 500 messages). */
async function transcript(url: string, c: Conversation): Promise<Set<string>> {
  const res = await fetch(`${url}/v1/conversations/${c.id}`, { headers: { authorization: `Bearer ${c.token}` } });
  if (res.status !== 200) throw new Error(`transcript of ${c.id}: HTTP ${res.status}`);
  const body = (await res.json()) as { messages: { from: string; text: string }[] };
  return new Set(body.messages.filter((m) => m.from === 'user').map((m) => m.text));
}

/** The whole record, read from the file while the process is dead: integrity and every visitor text. */
function inspectDatabase(databasePath: string, ids: readonly string[]): { integrity: string; stored: Map<string, Set<string>> } {
  const db = new Database(databasePath, { readonly: true, fileMustExist: true });
  try {
    const integrity = String(db.pragma('integrity_check', { simple: true }));
    const select = db.prepare("SELECT value ->> 'text' FROM conversation_event_batches, json_each(events) WHERE conversation_id = ? AND value ->> 'type' = 'user_said'").pluck();
    const stored = new Map(ids.map((id) => [id, new Set(select.all(id) as string[])]));
    return { integrity, stored };
  } finally {
    db.close();
  }
}

export async function runKillLoop(opts: KillLoopOptions): Promise<KillLoopSummary> {
  // Seeded, so a failing run's kill offsets can be replayed.
  const random = mulberry32(opts.seed ?? 1);
  const minDelay = opts.minDelayMs ?? 50;
  const maxDelay = opts.maxDelayMs ?? 500;
  const databasePath = tempDatabasePath();
  let server: ServerProcess = await startServerProcess(env(databasePath));
  const conversations: Conversation[] = [];
  const rounds: KillRound[] = [];
  try {
    for (let i = 0; i < opts.conversations; i++) {
      const opened = await post(`${server.url}/v1/conversations`, {});
      if (opened.status !== 201) throw new Error(`could not open a conversation: ${opened.status}`);
      conversations.push({ id: (opened.body.conversation as { id: string }).id, token: opened.body.token as string, acknowledged: [] });
    }
    for (let round = 0; round < opts.kills; round++) {
      const url = server.url;
      let sending = true;
      let acknowledgedThisRound = 0;
      let firstAck: () => void = () => undefined;
      const acked = new Promise<void>((resolve) => { firstAck = resolve; });
      // One sender per conversation, all at once: concurrent turns on several conversations.
      const senders = conversations.map(async (c, ci) => {
        for (let n = 0; sending; n++) {
          const text = `r${round} c${ci} m${n}: ${TEXTS[n % TEXTS.length]}`;
          try {
            const res = await post(`${url}/v1/conversations/${c.id}/messages`, { text, clientMessageId: `r${round}-c${ci}-m${n}` }, c.token);
            if (res.status === 200) {
              c.acknowledged.push(text);
              acknowledgedThisRound++;
              firstAck();
            } else if (res.status >= 500) {
              throw new Error(`HTTP ${res.status} for ${text}`);
            }
          } catch (err) {
            if (err instanceof Error && err.message.startsWith('HTTP ')) throw err;
            return; // the connection died with the process
          }
        }
      });
      // The kill clock starts once turns are flowing (a fresh process answers its first turn late),
      // so every kill lands with requests in flight.
      await Promise.race([acked, new Promise((r) => setTimeout(r, 10_000))]);
      const killAfterMs = Math.round(minDelay + random() * (maxDelay - minDelay));
      await new Promise((r) => setTimeout(r, killAfterMs));
      await server.kill('SIGKILL');
      sending = false;
      await Promise.all(senders);

      const { integrity, stored } = inspectDatabase(databasePath, conversations.map((c) => c.id));
      const restartStarted = performance.now();
      server = await startServerProcess(env(databasePath));
      const restartMs = Math.round(performance.now() - restartStarted);
      const lost: string[] = [];
      for (const c of conversations) {
        const onDisk = stored.get(c.id) ?? new Set<string>();
        for (const text of c.acknowledged) if (!onDisk.has(text)) lost.push(text);
        // And the restarted server serves them: the API's transcript holds the most recent ones.
        const served = await transcript(server.url, c);
        for (const text of c.acknowledged.slice(-100)) if (!served.has(text)) lost.push(`${text} (not served after restart)`);
      }
      const result = { round, killAfterMs, acknowledgedThisRound, restartMs, integrity, lost };
      rounds.push(result);
      opts.onRound?.(result);
    }
  } finally {
    await server.kill('SIGTERM');
  }
  const restarts = rounds.map((r) => r.restartMs).sort((a, b) => a - b);
  const lostMessages = [...new Set(rounds.flatMap((r) => r.lost))];
  return {
    kills: rounds.length,
    conversations: conversations.length,
    acknowledged: conversations.reduce((sum, c) => sum + c.acknowledged.length, 0),
    lost: lostMessages.length,
    lostMessages,
    restartMs: { min: restarts[0] ?? 0, median: restarts[Math.floor(restarts.length / 2)] ?? 0, max: restarts.at(-1) ?? 0 },
    integrityOk: rounds.every((r) => r.integrity === 'ok'),
    rounds,
  };
}
