import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTurnStages, type TurnStages } from '../../src/workers/turn-stages.js';
import { buildTestApp } from '../helpers/test-app.js';

const json = { 'content-type': 'application/json' };
const script = [
  'hi, I bought followers',
  'my api key is a7f3e9b21c4d58e6f0a1b2c3d4e5f607, where is order 4829113?',
  'I want a refund within 24 hours, promise me',
  'thanks, bye',
];

/** Replies and states of one scripted conversation, with the turn's stages where `stages` runs them. */
async function converse(t: Parameters<typeof buildTestApp>[0], stages?: TurnStages) {
  const { app, deps } = await buildTestApp(t, stages ? { stages } : {});
  const opened = (await app.inject({ method: 'POST', url: '/v1/conversations', headers: json, payload: {} })).json() as { conversation: { id: string }; token: string };
  const auth = { ...json, authorization: `Bearer ${opened.token}` };
  const answers: unknown[] = [];
  for (const text of script) {
    const res = await app.inject({ method: 'POST', url: `/v1/conversations/${opened.conversation.id}/messages`, headers: auth, payload: { text } });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json() as { messages: { text: string; from: string }[]; state: unknown };
    answers.push({ texts: body.messages.map((m) => `${m.from}: ${m.text}`), state: body.state });
  }
  const stored = deps.db.prepare("SELECT value FROM conversation_event_batches, json_each(events) WHERE value ->> 'type' = 'user_said'").pluck().all() as string[];
  return { answers, stored };
}

describe('a turn whose pure stages run on a worker thread (WORKER_THREADS=1)', () => {
  it('answers and stores exactly what the in-thread turn does, secrets redacted', async (t) => {
    const stages = createTurnStages({ threads: 1 });
    t.after(() => stages.close());
    const onWorker = await converse(t, stages);
    const inThread = await converse(t);
    assert.deepEqual(onWorker.answers, inThread.answers);
    assert.deepEqual(onWorker.stored, inThread.stored);
    assert.ok(onWorker.stored.every((payload) => !payload.includes('a7f3e9b21c4d58e6f0a1b2c3d4e5f607')), 'the key never reaches the database');
  });
});

describe('a turn whose worker fails', () => {
  it('answers 500 with a reference only and stores nothing', async (t) => {
    const secretText = 'my api key is a7f3e9b21c4d58e6f0a1b2c3d4e5f607';
    const failing: TurnStages = {
      analyse: async () => { throw new Error('worker thread exited with code 1'); },
      check: async () => [],
      ready: async () => undefined,
      close: async () => undefined,
    };
    const { app, deps, logs } = await buildTestApp(t, { stages: failing });
    const opened = (await app.inject({ method: 'POST', url: '/v1/conversations', headers: json, payload: {} })).json() as { conversation: { id: string }; token: string };
    const res = await app.inject({
      method: 'POST', url: `/v1/conversations/${opened.conversation.id}/messages`,
      headers: { ...json, authorization: `Bearer ${opened.token}` }, payload: { text: secretText },
    });
    assert.equal(res.statusCode, 500);
    assert.equal(res.json().error.code, 'internal');
    assert.ok(!res.body.includes('a7f3e9b2'), 'the answer quotes nothing');
    assert.ok(!res.body.includes('worker'), 'nor the internal error (5xx text never leaves)');
    assert.equal(deps.db.prepare("SELECT count(*) FROM conversation_event_batches, json_each(events) WHERE value ->> 'type' = 'user_said'").pluck().get(), 0);
    assert.match(logs(), /"statusCode":500/);
  });
});

