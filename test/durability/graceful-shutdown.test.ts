// SIGTERM while a turn is in flight: the turn finishes and is answered, it is on disk, open event
// streams are ended (they never finish by themselves), and the process exits promptly with 0.
// The turn is kept in flight by a slow LLM endpoint on loopback (the writer waits for it).
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { startServerProcess, tempDatabasePath } from '../helpers/server-process.js';

const LLM_DELAY_MS = 1200;

/** An OpenAI-compatible chat endpoint that answers after a delay; `asked` resolves at its first request. */
async function slowModel(): Promise<{ url: string; server: Server; asked: Promise<void> }> {
  let onAsked!: () => void;
  const asked = new Promise<void>((resolve) => { onAsked = resolve; });
  const server = createServer((req, res) => {
    onAsked();
    req.resume();
    req.on('end', () => setTimeout(() => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({
        id: 'c-1', object: 'chat.completion', created: 1, model: 'slow',
        choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'Hello! How can I help?' } }],
        usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
      }));
    }, LLM_DELAY_MS));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, server, asked };
}

describe('graceful shutdown', () => {
  it('stopped as soon as it listens (its first service rules refresh under way) warns of nothing on the way down', { timeout: 60_000 }, async () => {
    const server = await startServerProcess({ DATABASE_PATH: tempDatabasePath() });
    assert.equal(await server.kill('SIGTERM'), 0, server.output());
    const lines = server.output().split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as { level: number; msg: string });
    const stopping = lines.findIndex((line) => line.msg === 'shutting down');
    assert.ok(stopping >= 0, server.output());
    assert.deepEqual(lines.slice(stopping).filter((line) => line.level >= 40).map((line) => line.msg), []);
  });
  it('answers and stores the turn in flight, ends event streams, and exits 0', { timeout: 60_000 }, async () => {
    const model = await slowModel();
    const databasePath = tempDatabasePath();
    try {
      const server = await startServerProcess({
        DATABASE_PATH: databasePath, LLM_PROVIDER: 'openai', LLM_BASE_URL: model.url, LLM_MODEL: 'slow', LLM_API_KEY: 'test-key-not-real',
        LLM_TIMEOUT_MS: '10000', RATE_LIMIT_PER_IP_PER_MINUTE: '0', RATE_LIMIT_PER_CONVERSATION_PER_MINUTE: '0',
      });
      const opened = (await (await fetch(`${server.url}/v1/conversations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).json()) as { conversation: { id: string }; token: string };
      const { id } = opened.conversation;
      const auth = { authorization: `Bearer ${opened.token}` };

      const stream = await fetch(`${server.url}/v1/conversations/${id}/events`, { headers: auth });
      assert.equal(stream.status, 200);
      const streamEnded = stream.text().then(() => true, () => true);

      const turn = fetch(`${server.url}/v1/conversations/${id}/messages`, {
        method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ text: 'hello there', clientMessageId: 'shutdown-1' }),
      });
      await model.asked; // the turn is waiting for the model
      const exited = server.kill('SIGTERM');

      const answer = await turn;
      assert.equal(answer.status, 200, 'the turn in flight is answered');
      const body = (await answer.json()) as { messages: { from: string }[] };
      assert.ok(body.messages.some((m) => m.from === 'bot'));
      // An event stream that held the process open would keep it running for good: the 30 s only
      // tell that apart from a slow exit on a busy machine.
      const stillRunning = new Promise<string>((resolve) => setTimeout(resolve, 30_000, 'still running 30 s after SIGTERM').unref());
      assert.equal(await Promise.race([exited, stillRunning]), 0, server.output());
      assert.equal(await streamEnded, true);
      assert.doesNotMatch(server.output(), /database connection is not open/);

      const db = new Database(databasePath, { readonly: true });
      const said = db.prepare("SELECT value FROM conversation_event_batches, json_each(events) WHERE conversation_id = ? AND value ->> 'type' = 'user_said'").pluck().all(id) as string[];
      db.close();
      assert.deepEqual(said.map((event) => (JSON.parse(event) as { text: string }).text), ['hello there']);
    } finally {
      model.server.close();
    }
  });
});
