// The Chatwoot Agent Bot channel end to end against a loopback stand-in of Chatwoot's API
// (test/helpers/chatwoot-api.ts): the webhook's token, a visitor's turn answered through the API,
// duplicates, no echo loops, silence while a person holds the conversation, the handoff as a
// private note and the conversation opened, the bot speaking again once it is pending, retries
// after 429 and 5xx, a message left behind by a crash, a pasted secret, and no token in a log.
import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import { INBOX_PREFIX } from '../../src/messaging/chatwoot/chatwoot.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';
import { conversationEvent, FAKE_BOT_TOKEN, messageEvent, startFakeChatwoot, WEBHOOK_TOKEN, type FakeChatwoot } from '../helpers/chatwoot-api.js';

async function chatwootApp(t: TestContext, api: FakeChatwoot): Promise<TestApp> {
  return buildTestApp(t, { env: { CHATWOOT_BASE_URL: api.url, CHATWOOT_BOT_TOKEN: FAKE_BOT_TOKEN, CHATWOOT_WEBHOOK_TOKEN: WEBHOOK_TOKEN } });
}

const post = (test: TestApp, payload: Record<string, unknown>, token: string | null = WEBHOOK_TOKEN) =>
  test.app.inject({ method: 'POST', url: `/v1/channels/chatwoot/webhook${token === null ? '' : `?token=${encodeURIComponent(token)}`}`, payload });

async function until(check: () => Promise<boolean> | boolean): Promise<void> {
  while (!(await check())) await new Promise((r) => setImmediate(r));
}

/** The visitor's words stored in the Chatwoot conversation's current Parley conversation. */
async function visitorWords(test: TestApp, conversationId: number, accountId = 1): Promise<string[]> {
  const link = await test.deps.storage.channels.current('chatwoot', `${accountId}:${conversationId}`);
  if (!link) return [];
  const events = await test.deps.storage.conversations.events(link.conversationId, { types: ['user_said'] });
  return events.flatMap((e) => (e.type === 'user_said' ? [e.text] : []));
}

/** The message is handled to the end: its turn committed and its stored copy removed. */
const handled = (test: TestApp, messageId: number) => until(async () => (await test.deps.storage.channels.cursor(`${INBOX_PREFIX}${messageId}`)) === undefined);

const noTokens = (test: TestApp) => {
  assert.ok(!test.logs().includes(FAKE_BOT_TOKEN), 'the bot token is in a log line');
  assert.ok(!test.logs().includes(WEBHOOK_TOKEN), 'the webhook token is in a log line');
};

describe('chatwoot: the webhook', () => {
  it('a missing or wrong token is 401 and changes nothing; the token is never logged', async (t) => {
    const api = await startFakeChatwoot(t);
    const test = await chatwootApp(t, api);
    for (const token of [null, '', 'wrong', `${WEBHOOK_TOKEN}x`, WEBHOOK_TOKEN.slice(0, -1)]) {
      const res = await post(test, messageEvent(7, 'hello', { id: 1 }), token);
      assert.equal(res.statusCode, 401, String(token));
    }
    assert.equal(await test.deps.storage.channels.current('chatwoot', '1:7'), undefined);
    assert.equal(await test.deps.storage.channels.cursor(`${INBOX_PREFIX}1`), undefined);
    assert.equal(api.calls.length, 0);
    // The right token: accepted, and its request line has the path only.
    assert.equal((await post(test, messageEvent(7, 'hello', { id: 2 }))).statusCode, 200);
    await api.waitFor(1, (c) => c.kind === 'message');
    assert.match(test.logs(), /"url":"\/v1\/channels\/chatwoot\/webhook"/);
    noTokens(test);
  });

  it('an incoming message on a pending conversation is a turn, answered through the API with the bot token', async (t) => {
    const api = await startFakeChatwoot(t);
    const test = await chatwootApp(t, api);
    const res = await post(test, messageEvent(7, 'hello', { id: 10 }));
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), {});
    const [reply] = await api.waitFor(1, (c) => c.kind === 'message');
    assert.equal(reply?.path, '/api/v1/accounts/1/conversations/7/messages');
    assert.equal(reply?.token, FAKE_BOT_TOKEN);
    assert.equal(reply?.body.message_type, 'outgoing');
    assert.ok(typeof reply?.body.content === 'string' && reply.body.content.length > 0);
    assert.equal(reply?.body.private, undefined);
    assert.deepEqual(await visitorWords(test, 7), ['hello']);
    await handled(test, 10);
    noTokens(test);
  });

  it('answers the webhook before the turn runs: a slow panel lookup does not hold it, and the message is kept redacted meanwhile', async (t) => {
    const api = await startFakeChatwoot(t);
    let asked: () => void = () => undefined;
    const wasAsked = new Promise<void>((resolve) => (asked = resolve));
    let release: () => void = () => undefined;
    const lookup = new Promise<void>((resolve) => (release = resolve));
    t.after(() => release());
    const test = await buildTestApp(t, {
      env: { CHATWOOT_BASE_URL: api.url, CHATWOOT_BOT_TOKEN: FAKE_BOT_TOKEN, CHATWOOT_WEBHOOK_TOKEN: WEBHOOK_TOKEN },
      orders: { verify: async () => {
        asked();
        await lookup;
        return { ok: false, lockedOut: false };
      } },
    });
    const res = await post(test, messageEvent(7, 'where is my order 4829113? my email is m@example.com, password Hunter2Hunter2!', { id: 15 }));
    assert.equal(res.statusCode, 200);
    await wasAsked;
    // The turn is under way (waiting for the lookup): nothing stored in the conversation yet, the message kept for a sweep.
    assert.deepEqual(await visitorWords(test, 7), []);
    const held = await test.deps.storage.channels.cursor(`${INBOX_PREFIX}15`);
    assert.ok(held?.includes('4829113') && !held.includes('Hunter2Hunter2'), held);
    assert.equal(api.calls.length, 0);
    release();
    await api.waitFor(1, (c) => c.kind === 'message');
    await handled(test, 15);
    assert.equal((await visitorWords(test, 7)).length, 1);
  });

  it('the same message id twice is one turn', async (t) => {
    const api = await startFakeChatwoot(t);
    const test = await chatwootApp(t, api);
    const event = messageEvent(7, 'where is my order?', { id: 20 });
    await post(test, event);
    await api.waitFor(1, (c) => c.kind === 'message');
    await handled(test, 20);
    const replies = api.calls.length;
    assert.equal((await post(test, event)).statusCode, 200);
    await handled(test, 20);
    // A later message shows everything before it was delivered.
    await post(test, messageEvent(7, 'thanks', { id: 21 }));
    await handled(test, 21);
    await until(() => api.messages(1, 7).length > replies);
    assert.deepEqual(await visitorWords(test, 7), ['where is my order?', 'thanks']);
  });

  it('outgoing messages (the bot\'s own, the agents\', notes) and other events start no turn', async (t) => {
    const api = await startFakeChatwoot(t);
    const test = await chatwootApp(t, api);
    const others = [
      messageEvent(7, 'Hi! I am the bot.', { messageType: 'outgoing' }),
      messageEvent(7, 'an agent writes', { messageType: 'outgoing', status: 'open' }),
      messageEvent(7, 'a note', { messageType: 'outgoing', private: true }),
      messageEvent(7, 'a private incoming?', { private: true }),
      messageEvent(7, 'Conversation was reopened', { messageType: 'activity' }),
      { ...messageEvent(7, 'edited'), event: 'message_updated' },
      { event: 'webwidget_triggered', id: 3 },
      { event: 'something_new' },
    ];
    for (const event of others) assert.equal((await post(test, event)).statusCode, 200);
    assert.equal(await test.deps.storage.channels.current('chatwoot', '1:7'), undefined);
    assert.equal(api.calls.length, 0);
    const metrics = await test.app.inject({ method: 'GET', url: '/metrics' });
    assert.match(metrics.body, /parley_chatwoot_events_total\{kind="outgoing"\} 5/);
  });

  it('an incoming message on an open conversation is a person\'s: Parley says nothing', async (t) => {
    const api = await startFakeChatwoot(t);
    const test = await chatwootApp(t, api);
    assert.equal((await post(test, messageEvent(7, 'hello?', { status: 'open' }))).statusCode, 200);
    assert.equal((await post(test, messageEvent(7, 'anyone?', { status: 'snoozed' }))).statusCode, 200);
    assert.equal(await test.deps.storage.channels.current('chatwoot', '1:7'), undefined);
    assert.equal(api.calls.length, 0);
  });

  it('a message without text opens the conversation for an agent, with a note saying why', async (t) => {
    const api = await startFakeChatwoot(t);
    const test = await chatwootApp(t, api);
    await post(test, messageEvent(7, null));
    const [note, toggle] = await api.waitFor(2, () => true);
    assert.equal(note?.kind, 'note');
    assert.match(String(note?.body.content), /no text/);
    assert.deepEqual(toggle?.body, { status: 'open' });
    assert.equal(await test.deps.storage.channels.current('chatwoot', '1:7'), undefined);
  });
});

describe('chatwoot: handoff', () => {
  it('the packet as a private note, then the conversation opened; silent while open; the bot speaks again once pending', async (t) => {
    const api = await startFakeChatwoot(t);
    const test = await chatwootApp(t, api);
    await post(test, messageEvent(7, 'my order 4829113 is late, email m@example.com', { id: 30 }));
    await handled(test, 30);
    await post(test, messageEvent(7, 'I want to talk to a person', { id: 31 }));
    const [toggle] = await api.waitFor(1, (c) => c.kind === 'toggle_status');
    assert.equal(toggle?.path, '/api/v1/accounts/1/conversations/7/toggle_status');
    assert.deepEqual(toggle?.body, { status: 'open' });
    assert.equal(toggle?.token, FAKE_BOT_TOKEN);
    // In order: the bot's words to the visitor, then the note, then the status.
    const kinds = api.calls.map((c) => c.kind);
    assert.equal(kinds.at(-1), 'toggle_status');
    assert.equal(kinds.at(-2), 'note');
    assert.equal(kinds.filter((k) => k === 'note').length, 1);
    const note = api.calls.at(-2);
    assert.equal(note?.body.private, true);
    assert.equal(note?.body.message_type, 'outgoing');
    const content = String(note?.body.content);
    assert.match(content, /^Parley handed this conversation over\./);
    assert.match(content, /Summary: .*asked for a person/);
    assert.match(content, /- email: m@example\.com/);
    assert.match(content, /- order id: 4829113/);

    // Parley's handoff is held in Chatwoot's name: out of the console's queue, and not expiring.
    const link = await test.deps.storage.channels.current('chatwoot', '1:7');
    await until(async () => (await test.deps.storage.handoffs.openFor(link?.conversationId ?? ''))?.status === 'assigned');
    const held = await test.deps.storage.handoffs.openFor(link?.conversationId ?? '');
    assert.equal(held?.assignee, 'chatwoot');
    assert.deepEqual(await test.deps.storage.handoffs.list('queued', 10), []);

    // While open, a visitor's message and an agent's reply start nothing.
    const before = api.calls.length;
    await post(test, messageEvent(7, 'hello? still there?', { status: 'open' }));
    await post(test, messageEvent(7, 'Hi, Sam here.', { status: 'open', messageType: 'outgoing' }));
    await post(test, conversationEvent('conversation_opened', 7, 'open'));
    assert.equal(api.calls.length, before);
    assert.deepEqual(await visitorWords(test, 7), ['my order 4829113 is late, email m@example.com', 'I want to talk to a person']);

    // Back to pending in Chatwoot: Parley's handoff is resolved, and the next message is the bot's again.
    assert.equal((await post(test, conversationEvent('conversation_status_changed', 7, 'pending'))).statusCode, 200);
    await until(async () => (await test.deps.storage.handoffs.openFor(link?.conversationId ?? '')) === undefined);
    const resolved = await test.deps.storage.handoffs.get(held?.id ?? '');
    assert.equal(resolved?.status, 'resolved');
    assert.equal(api.calls.length, before, 'the handoff ends without a line to the visitor');
    await post(test, messageEvent(7, 'where is my order?', { id: 32 }));
    await handled(test, 32);
    await until(() => api.calls.length > before);
    assert.ok(api.calls.slice(before).every((c) => c.kind === 'message'));
    assert.equal((await visitorWords(test, 7)).at(-1), 'where is my order?');
    noTokens(test);
  });

  it('a message on a pending conversation gives a held handoff back even without a status event; a resolved conversation does too', async (t) => {
    const api = await startFakeChatwoot(t);
    const test = await chatwootApp(t, api);
    await post(test, messageEvent(8, 'I want to talk to a person', { id: 40 }));
    await api.waitFor(1, (c) => c.kind === 'toggle_status');
    const link = await test.deps.storage.channels.current('chatwoot', '1:8');
    const conversationId = link?.conversationId ?? '';
    await until(async () => (await test.deps.storage.handoffs.openFor(conversationId))?.assignee === 'chatwoot');
    const before = api.messages(1, 8).length;
    await post(test, messageEvent(8, 'hello again', { id: 41 }));
    await handled(test, 41);
    assert.equal(await test.deps.storage.handoffs.openFor(conversationId), undefined);
    await until(() => api.messages(1, 8).length > before);

    // Handed over again, then resolved in Chatwoot.
    await post(test, messageEvent(8, 'I want to talk to a person', { id: 42 }));
    await api.waitFor(2, (c) => c.kind === 'toggle_status');
    await until(async () => (await test.deps.storage.handoffs.openFor(conversationId))?.assignee === 'chatwoot');
    await post(test, conversationEvent('conversation_resolved', 8, 'resolved'));
    await until(async () => (await test.deps.storage.handoffs.openFor(conversationId)) === undefined);
    const metrics = await test.app.inject({ method: 'GET', url: '/metrics' });
    assert.match(metrics.body, /parley_chatwoot_events_total\{kind="given_back"\} 1/);
  });
});

describe('chatwoot: failures and secrets', () => {
  it('a 429 and 5xx answers are retried, and the reply still arrives once', async (t) => {
    const api = await startFakeChatwoot(t);
    const test = await chatwootApp(t, api);
    api.fail('/messages', 429);
    api.fail('/messages', 503);
    await post(test, messageEvent(7, 'hello', { id: 50 }));
    const tries = await api.waitFor(3, (c) => c.kind === 'message');
    assert.equal(new Set(tries.map((c) => c.body.content)).size, 1, 'the same message, tried again');
    await until(async () => (await test.app.inject({ method: 'GET', url: '/metrics' })).body.includes('parley_chatwoot_api_calls_total{call="message",outcome="ok"} 1'));
    noTokens(test);
  });

  it('a wrong bot token (401) stops the delivery to be tried again, not skipped; the token is in no log line', async (t) => {
    const api = await startFakeChatwoot(t);
    const test = await buildTestApp(t, { env: { CHATWOOT_BASE_URL: api.url, CHATWOOT_BOT_TOKEN: 'notTheRightToken123', CHATWOOT_WEBHOOK_TOKEN: WEBHOOK_TOKEN } });
    await post(test, messageEvent(7, 'hello', { id: 55 }));
    await api.waitFor(1, (c) => c.kind === 'message');
    await until(() => test.logs().includes('delivery to the channel stopped'));
    const link = await test.deps.storage.channels.current('chatwoot', '1:7');
    const record = await test.deps.storage.conversations.get(link?.conversationId ?? '');
    assert.ok(link && record && link.deliveredSeq < record.lastSeq, 'the undelivered reply is still to be sent');
    assert.ok(!test.logs().includes('notTheRightToken123'));
    noTokens(test);
  });

  it('a message stored before a crash is handled by the sweep when the server starts, redacted', async (t) => {
    const api = await startFakeChatwoot(t);
    const test = await chatwootApp(t, api);
    const earlier = new Date(test.clock().getTime() - 5 * 60_000).toISOString();
    await test.deps.storage.channels.setCursor(`${INBOX_PREFIX}60`, JSON.stringify({ accountId: 1, conversationId: 9, text: 'where is my order?' }), earlier);
    await test.app.listen({ port: 0, host: '127.0.0.1' });
    await api.waitFor(1, (c) => c.kind === 'message');
    await handled(test, 60);
    assert.deepEqual(await visitorWords(test, 9), ['where is my order?']);
  });

  it('a pasted secret is redacted everywhere: stored, held, answered, and in the handoff note', async (t) => {
    const api = await startFakeChatwoot(t);
    const test = await chatwootApp(t, api);
    const secret = 'Hunter2Hunter2!';
    const event = messageEvent(7, `my password is ${secret}`, { id: 70 });
    assert.equal((await post(test, event)).statusCode, 200);
    // Stored for the turn, before it ran: already redacted.
    const held = await test.deps.storage.channels.cursor(`${INBOX_PREFIX}70`);
    assert.ok(held === undefined || !held.includes(secret), held);
    const [reply] = await api.waitFor(1, (c) => c.kind === 'message');
    assert.match(String(reply?.body.content), /^I removed something from your message that must stay private/);
    await handled(test, 70);
    await post(test, messageEvent(7, 'I want to talk to a person', { id: 71 }));
    await api.waitFor(1, (c) => c.kind === 'toggle_status');
    const words = await visitorWords(test, 7);
    assert.equal(words.length, 2);
    assert.ok(!words[0]?.includes(secret), words[0]);
    assert.ok(api.calls.every((c) => !JSON.stringify(c.body).includes(secret)));
    assert.ok(!test.logs().includes(secret));
  });
});
