// Runs every scripted conversation through the widget API and checks replies, state and events
// after each step, and the promises-and-leaks list over the whole transcript.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { INTENTS, ROLES } from '../../src/understanding/vocabulary.js';
import { NEVER_PROMISE, type Script, type TextMatch } from './script.js';
import { scripts } from './scripts/index.js';
import { createWorld, type World } from './world.js';

const matches = (text: string, m: TextMatch) => (typeof m === 'string' ? text.includes(m) : m.test(text));

interface Message { id: string; from: string; text: string }

async function play(world: World, script: Script) {
  const { app, deps } = world;
  const opened = (await app.inject({ method: 'POST', url: '/v1/conversations' })).json() as { conversation: { id: string }; token: string; messages: Message[] };
  const id = opened.conversation.id;
  const visitor = { authorization: `Bearer ${opened.token}`, 'content-type': 'application/json' };
  const agentTokens = new Map<string, string>();
  const agentHeaders = async (name = 'sam') => {
    if (!agentTokens.has(name)) agentTokens.set(name, await deps.agents.issueToken(name));
    return { authorization: `Bearer ${agentTokens.get(name)}`, 'content-type': 'application/json' };
  };
  const handoffId = async () => (await deps.storage.conversations.get(id))?.state.handoffId ?? assert.fail(`${script.name}: no handoff to act on`);
  const transcript: Message[] = [...opened.messages];

  for (const [n, step] of script.steps.entries()) {
    const where = `${script.name}, step ${n + 1}`;
    if ('fault' in step) {
      world.sandbox.faults.inject(step.fault, step.times ? { times: step.times } : {});
      continue;
    }
    if ('agent' in step) {
      const res = await app.inject({ method: 'POST', url: `/v1/handoffs/${await handoffId()}/${step.agent}`, headers: await agentHeaders(step.as), payload: {} });
      assert.equal(res.statusCode, 200, `${where}: ${step.agent} → ${res.body}`);
      continue;
    }
    if ('agentSays' in step) {
      const res = await app.inject({ method: 'POST', url: `/v1/handoffs/${await handoffId()}/messages`, headers: await agentHeaders(step.as), payload: { text: step.agentSays } });
      assert.equal(res.statusCode, 201, `${where}: agent reply → ${res.body}`);
      continue;
    }
    const before = (await deps.storage.conversations.get(id))?.lastSeq ?? 0;
    const res = await app.inject({ method: 'POST', url: `/v1/conversations/${id}/messages`, headers: visitor, payload: { text: step.user } });
    assert.equal(res.statusCode, 200, `${where}: ${res.body}`);
    const body = res.json() as { messages: Message[]; state: Record<string, unknown> };
    transcript.push(...body.messages);
    const texts = body.messages.map((m) => m.text);
    const appended = (await deps.storage.conversations.events(id, { afterSeq: before })).map((e) => e.type);
    const expect = step.expect ?? {};
    if (expect.silent) assert.deepEqual(texts, [], `${where}: expected silence, got ${JSON.stringify(texts)}`);
    for (const m of expect.replies ?? []) assert.ok(texts.some((t) => matches(t, m)), `${where}: no reply matches ${m}\n  got: ${JSON.stringify(texts)}`);
    for (const m of expect.never ?? []) assert.ok(!texts.some((t) => matches(t, m)), `${where}: a reply matches ${m}: ${JSON.stringify(texts)}`);
    for (const [key, value] of Object.entries(expect.state ?? {})) assert.deepEqual(body.state[key], value, `${where}: state.${key}`);
    for (const type of expect.events ?? []) assert.ok(appended.includes(type), `${where}: no ${type} event in ${appended.join(', ')}`);
    for (const type of expect.noEvents ?? []) assert.ok(!appended.includes(type), `${where}: unexpected ${type} event`);
  }
  const botTexts = transcript.filter((m) => m.from === 'bot').map((m) => m.text);
  for (const m of [...NEVER_PROMISE, ...(script.never ?? [])]) {
    assert.ok(!botTexts.some((t) => matches(t, m)), `${script.name}: a bot message matches ${m}`);
  }
}

describe('scripted conversations', () => {
  it('cover every role and every intent', () => {
    const roles = new Set(scripts.flatMap((s) => s.covers.roles));
    const intents = new Set(scripts.flatMap((s) => s.covers.intents));
    assert.ok(scripts.length >= 30, `${scripts.length} scripts`);
    assert.deepEqual(ROLES.filter((r) => r !== 'unknown' && !roles.has(r)), []);
    assert.deepEqual(INTENTS.filter((i) => !intents.has(i)), []);
  });

  for (const script of scripts) {
    it(script.name, async (t) => {
      await play(await createWorld(t), script);
    });
  }
});
