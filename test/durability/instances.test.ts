// Two real `parley serve` processes on one PostgreSQL database, clients spreading their messages
// over both as a load balancer without sticky sessions would; one process is SIGKILLed mid-load.
// Every message acknowledged with 200 (by either) must be stored, and the survivor keeps
// answering: a client whose request died with the process sends it again, with the same
// clientMessageId, to the other (docs/operations.md "Several instances on PostgreSQL").
// Skipped, saying why, without PARLEY_TEST_DATABASE_URL. Progress is counted in acknowledged
// messages, never in elapsed time; the runner's per-file limit stops a run that hangs.
import assert from 'node:assert/strict';
import { describe, it, test } from 'node:test';
import { createTestDatabase, postgresSkipReason } from '../helpers/postgres.js';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.js';

const CLIENTS = 6;
/** Acknowledged messages (all clients) before the kill. */
const BEFORE_KILL = 30;
/** Each client goes on until the survivor acknowledged this many of its messages after the kill. */
const AFTER_KILL = 4;
/** Each client gives up after sending this many messages, so a survivor that stops answering fails the test instead of hanging it. */
const MOST_MESSAGES = 60;
/** Tries per message (another instance, or the same one after a 503 while it sheds load), with a growing pause. */
const TRIES = 10;
const pause = (attempt: number) => new Promise((resolve) => setTimeout(resolve, Math.min(100 * 2 ** attempt, 2_000)));

interface Instance { name: string; server: ServerProcess; alive: boolean }

async function call(url: string, init: { method: string; token?: string; body?: unknown }) {
  const res = await fetch(url, {
    method: init.method,
    headers: { ...(init.body === undefined ? {} : { 'content-type': 'application/json' }), ...(init.token ? { authorization: `Bearer ${init.token}` } : {}) },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

if (postgresSkipReason) {
  console.log(`# skipped: ${postgresSkipReason}`);
  test('SIGKILL of one instance under load', { skip: postgresSkipReason }, () => {});
} else {
  describe('SIGKILL of one of two instances under load', () => {
    it('loses no acknowledged message, and the survivor keeps answering', async (t) => {
      const db = await createTestDatabase();
      const servers: ServerProcess[] = [];
      t.after(async () => {
        // Every child killed, pass or fail, before its database goes.
        await Promise.all(servers.map((s) => s.kill('SIGKILL')));
        await db.drop();
      });
      const env = {
        DATABASE_URL: db.url,
        PANEL_URL: 'https://panel.invalid/api/v2',
        PANEL_API_KEY: 'instances-test-key-not-real',
        RATE_LIMIT_PER_IP_PER_MINUTE: '0',
        RATE_LIMIT_PER_CONVERSATION_PER_MINUTE: '0',
      };
      // Started together on the empty database: they migrate once between them.
      const started = await Promise.allSettled([startServerProcess(env, 120_000), startServerProcess(env, 120_000)]);
      for (const s of started) if (s.status === 'fulfilled') servers.push(s.value);
      assert.deepEqual(started.map((s) => s.status), ['fulfilled', 'fulfilled'], started.map((s) => (s.status === 'rejected' ? String(s.reason) : '')).join('\n'));
      const [a, b] = servers.map((server, i): Instance => ({ name: i === 0 ? 'A' : 'B', server, alive: true })) as [Instance, Instance];
      // Both ready (a process just started may shed load while it warms up) before the load starts.
      for (const instance of [a, b]) {
        let ready = 0;
        for (let attempt = 0; attempt < 30 && ready !== 200; attempt++) {
          if (attempt > 0) await pause(attempt);
          ready = (await call(`${instance.server.url}/readyz`, { method: 'GET' })).status;
        }
        assert.equal(ready, 200, `instance ${instance.name} ready`);
      }

      let acknowledged = 0;
      let killed = false;
      let kill!: () => void;
      const killNow = new Promise<void>((resolve) => (kill = resolve));
      /** Sends to `first`, then (its process gone, or shedding load) on to the other, up to TRIES times. */
      const send = async (first: Instance, path: string, init: { method: string; token?: string; body?: unknown }) => {
        let target = first;
        for (let attempt = 0; attempt < TRIES; attempt++) {
          if (!target.alive) target = target === a ? b : a;
          try {
            const res = await call(target.server.url + path, init);
            if (res.status !== 503) return { ...res, by: target };
            await pause(attempt); // shedding load (a busy machine): as the widget would, later
          } catch {
            if (killed && target === b) target.alive = false; // the connection died with the process
          }
          target = target === a ? b : a;
        }
        return undefined;
      };

      const client = async (n: number) => {
        const opened = await send(n % 2 === 0 ? a : b, '/v1/conversations', { method: 'POST', body: {} });
        assert.equal(opened?.status, 201, JSON.stringify(opened?.body));
        const id = (opened.body.conversation as { id: string }).id;
        const token = opened.body.token as string;
        const acked: string[] = [];
        let afterKill = 0;
        for (let m = 0; m < MOST_MESSAGES && afterKill < AFTER_KILL; m++) {
          const text = `client ${n} message ${m}`;
          const res = await send((n + m) % 2 === 0 ? a : b, `/v1/conversations/${id}/messages`, { method: 'POST', token, body: { text, clientMessageId: `c${n}-m${m}` } });
          if (res?.status !== 200) continue;
          acked.push(text);
          if (killed && res.by === a) afterKill++;
          if (++acknowledged === BEFORE_KILL) kill();
        }
        return { id, token, acked, afterKill };
      };

      const clients = Promise.all(Array.from({ length: CLIENTS }, (_, n) => client(n)));
      await Promise.race([killNow, clients]);
      killed = true;
      await b.server.kill('SIGKILL');
      b.alive = false;
      const results = await clients;
      assert.ok(acknowledged > BEFORE_KILL, `messages were acknowledged after the kill (${acknowledged})`);

      for (const r of results) {
        assert.ok(r.afterKill >= AFTER_KILL, `the survivor kept answering (${r.afterKill} after the kill)`);
        const transcript = await call(`${a.server.url}/v1/conversations/${r.id}`, { method: 'GET', token: r.token });
        assert.equal(transcript.status, 200);
        const stored = (transcript.body.messages as { from: string; text: string }[]).filter((m) => m.from === 'user').map((m) => m.text);
        const missing = r.acked.filter((text) => !stored.includes(text));
        assert.deepEqual(missing, [], 'every acknowledged message is stored');
        assert.equal(new Set(stored).size, stored.length, 'a message sent again is stored once');
      }
      assert.equal((await call(`${a.server.url}/readyz`, { method: 'GET' })).status, 200);
    });
  });
}
