// Business hours (the shop policy's businessHours): a visitor handed to the team while it is away is
// told it is offline, when it is back (in the shop's zone, named) and the shop's own contact; the
// handoff still queues with its packet, the queue replies stop suggesting an answer soon, and the
// expiry counts only the team's hours. The test clock starts on Sunday 22 Nov 2026, 11:00 in Berlin.
import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import { BusinessHoursSchema } from '../../src/handoff/business-hours.js';
import { expireStaleHandoffs } from '../../src/handoff/expiry.js';
import { createKeyedMutex } from '../../src/turn/keyed-mutex.js';
import { buildTestApp } from '../helpers/test-app.js';

const json = { 'content-type': 'application/json' };
const businessHours = BusinessHoursSchema.parse({ timeZone: 'Europe/Berlin', open: ['mon-fri 09:00-18:00'], offlineContact: 'help@acme-smm.example' });
const MINUTE = 60_000;

interface Turn { messages: { from: string; text: string }[]; state: { handoff: string } }

async function chat(t: TestContext, withHours: boolean) {
  const test = await buildTestApp(t, { env: { RATE_LIMIT_PER_CONVERSATION_PER_MINUTE: '0' }, ...(withHours ? { businessHours } : {}) });
  const opened = (await test.app.inject({ method: 'POST', url: '/v1/conversations', headers: json, payload: {} })).json() as { conversation: { id: string }; token: string; team?: unknown };
  const say = async (text: string): Promise<Turn & { text: string }> => {
    const res = await test.app.inject({
      method: 'POST', url: `/v1/conversations/${opened.conversation.id}/messages`,
      headers: { ...json, authorization: `Bearer ${opened.token}` }, payload: { text },
    });
    assert.equal(res.statusCode, 200, res.body);
    const turn = res.json() as Turn;
    return { ...turn, text: turn.messages.map((m) => m.text).join('\n') };
  };
  /** The reply keys of the bot's messages after its greeting (the HTTP answer carries only their text). */
  const replyKeys = async () => (await test.deps.storage.conversations.events(opened.conversation.id, { limit: 200 }))
    .flatMap((e) => (e.type === 'bot_said' && e.replyKey !== 'greeting' ? [e.replyKey] : []));
  return { ...test, id: opened.conversation.id, team: opened.team, say, replyKeys };
}

describe('business hours and the offline message', () => {
  it('the conversation\'s opening says whether the team is there, only when the shop has hours', async (t) => {
    assert.deepEqual((await chat(t, true)).team, { open: false, reopens: 'Monday 23 Nov, 09:00 (Europe/Berlin)', contact: 'help@acme-smm.example' });
    assert.equal((await chat(t, false)).team, undefined);
    const monday = await buildTestApp(t, { businessHours });
    monday.clock.advance(22 * 60 * MINUTE);
    const opened = await monday.app.inject({ method: 'POST', url: '/v1/conversations', headers: json, payload: {} });
    assert.deepEqual((opened.json() as { team: unknown }).team, { open: true });
  });

  it('outside the hours: queued, with when the team is back and the shop\'s contact', async (t) => {
    const { say, deps, id, replyKeys } = await chat(t, true);
    const turn = await say('I want to talk to a person');
    assert.equal(turn.state.handoff, 'queued');
    assert.match(turn.text, /offline right now and back Monday 23 Nov, 09:00 \(Europe\/Berlin\)/);
    assert.match(turn.text, /help@acme-smm\.example/);
    assert.doesNotMatch(turn.text, /as soon as one is free/);
    assert.deepEqual(await replyKeys(), ['handoff-requested-offline']);
    // The handoff is queued with its packet for the team, as during the hours.
    const queued = await deps.storage.handoffs.list('queued', 10);
    assert.equal(queued.length, 1);
    assert.equal(queued[0]?.conversationId, id);

    const still = await say('are you there?');
    assert.match(still.text, /back Monday 23 Nov, 09:00 \(Europe\/Berlin\)/);
    assert.doesNotMatch(still.text, /a person will reply|will see this conversation too/);
    // A question answered while queued ends with the queue line: the away one.
    const answered = await say('what does Partial mean?');
    assert.match(answered.text, /back Monday 23 Nov, 09:00 \(Europe\/Berlin\)/);
    const thanks = await say('ok thanks');
    assert.match(thanks.text, /back Monday 23 Nov, 09:00 \(Europe\/Berlin\) and will reply here then/);
    assert.deepEqual(await replyKeys(), ['handoff-requested-offline', 'queued-still-offline', 'queued-still-offline', 'queued-acknowledged-offline']);
  });

  it('a handoff the policy opens for another reason gets the offline notice after its own reply', async (t) => {
    const { say, replyKeys } = await chat(t, true);
    for (const text of ['where is my order?', 'no idea', 'hmm dunno']) await say(text);
    const turn = await say('nope');
    assert.equal(turn.state.handoff, 'queued');
    assert.deepEqual((await replyKeys()).slice(-2), ['reask-limit', 'team-offline']);
    assert.match(turn.text, /back Monday 23 Nov, 09:00 \(Europe\/Berlin\).*help@acme-smm\.example/s);
  });

  it('during the hours, and with no hours set, the replies are today\'s', async (t) => {
    const open = await chat(t, true);
    open.clock.advance(22 * 60 * MINUTE); // Monday 09:00 in Berlin
    const during = await open.say('I want to talk to a person');
    assert.deepEqual(await open.replyKeys(), ['handoff-requested']);
    assert.match(during.text, /as soon as one is free/);

    const always = await chat(t, false);
    await always.say('I want to talk to a person');
    await always.say('are you there?');
    assert.deepEqual(await always.replyKeys(), ['handoff-requested', 'handoff-waiting']);
  });

  it('the expiry counts only the team\'s hours: a handoff queued on Sunday is still queued on Monday morning', async (t) => {
    const { say, deps, clock } = await chat(t, true);
    await say('I want to talk to a person');
    const { conversations, handoffs } = deps.storage;
    const expiry = { store: conversations, handoffs, published: async () => undefined, clock, ids: deps.ids, mutex: createKeyedMutex(), expireAfterMinutes: 30, templates: deps.templates };
    clock.advance(22 * 60 * MINUTE + 20 * MINUTE); // Monday 09:20: 20 minutes of business hours
    assert.equal(await expireStaleHandoffs({ ...expiry, businessHours }), 0);
    assert.equal(await expireStaleHandoffs(expiry), 1, 'counted on the wall clock it would have expired overnight');
  });

  it('expires a handoff once it has waited the limit in business hours, naming the shop\'s contact', async (t) => {
    const { say, deps, clock, id } = await chat(t, true);
    await say('I want to talk to a person');
    const { conversations, handoffs } = deps.storage;
    clock.advance(22 * 60 * MINUTE + 31 * MINUTE); // Monday 09:31
    const expired = await expireStaleHandoffs({ store: conversations, handoffs, published: async () => undefined, clock, ids: deps.ids, mutex: createKeyedMutex(), expireAfterMinutes: 30, businessHours, templates: deps.templates });
    assert.equal(expired, 1);
    // The visitor is told how to follow up with the shop's own contact.
    const told = (await conversations.events(id, { types: ['system_said'] })).at(-1);
    assert.match(told?.type === 'system_said' ? told.text : '', /write to the shop at help@acme-smm\.example with your order ID/);
  });
});
