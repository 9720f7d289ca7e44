// The Telegram channel end to end against a loopback stand-in of the Bot API
// (test/helpers/telegram-api.ts): long polling and webhook mode, /start, duplicates (also across
// a restart), 429 and outages, groups and non-text, a pasted secret, a handoff round trip with an
// agent replying through the agent API, and the token in no log line.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import { QUIET_BEFORE_NEW_CONVERSATION_MS } from '../../src/messaging/inbound.js';
import { renderTemplate } from '../../src/replies/templates.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';
import { FAKE_TOKEN, startFakeBotApi, textUpdate, type FakeBotApi } from '../helpers/telegram-api.js';

const SECRET = 'webhook_secret-123';

interface Telegram extends TestApp {
  waits: number[];
}

async function telegramApp(t: TestContext, api: FakeBotApi, options: { env?: Record<string, string>; databasePath?: string; listen?: boolean } = {}): Promise<Telegram> {
  const waits: number[] = [];
  const test = await buildTestApp(t, {
    env: { TELEGRAM_BOT_TOKEN: FAKE_TOKEN, TELEGRAM_API_BASE_URL: api.url, ...options.env },
    ...(options.databasePath ? { databasePath: options.databasePath } : {}),
    // Back-off and retry_after waits are recorded, not waited: no wall-clock time in these tests.
    telegramTiming: { sleep: async (ms) => void waits.push(ms), random: () => 0.5 },
  });
  if (options.listen ?? true) await test.app.listen({ port: 0, host: '127.0.0.1' });
  return { ...test, waits };
}

/** The visitor's words stored in the chat's current conversation. */
async function visitorWords(test: TestApp, chatId: number): Promise<string[]> {
  const link = await test.deps.storage.channels.current('telegram', String(chatId));
  if (!link) return [];
  const events = await test.deps.storage.conversations.events(link.conversationId, { types: ['user_said'] });
  return events.flatMap((e) => (e.type === 'user_said' ? [e.text] : []));
}

async function until(check: () => Promise<boolean> | boolean): Promise<void> {
  while (!(await check())) await new Promise((r) => setImmediate(r));
}

const noToken = (test: TestApp) => assert.ok(!test.logs().includes(FAKE_TOKEN.split(':')[1] as string), 'the token is in a log line');

describe('telegram: long polling', () => {
  it('a visitor\'s message is a turn, the bot\'s reply reaches the chat, and the offset moves past the update', async (t) => {
    const api = await startFakeBotApi(t);
    const test = await telegramApp(t, api);
    const update = textUpdate(42, 'hello');
    api.push(update);
    const [reply] = await api.waitForCalls('sendMessage', 1);
    assert.equal(reply?.body.chat_id, 42);
    assert.ok(String(reply?.body.text).length > 0);
    assert.deepEqual(await visitorWords(test, 42), ['hello']);
    // The next poll asks from after the update, and the offset is stored for a restart.
    await api.waitForCalls('getUpdates', 1, (b) => b.offset === (update.update_id as number) + 1);
    await until(async () => (await test.deps.storage.channels.cursor('telegram:offset')) === String((update.update_id as number) + 1));
    assert.equal(api.calls[0]?.method, 'deleteWebhook', 'polling takes the bot back from a webhook first');
    noToken(test);
  });

  it('/start gets the greeting, with its quick replies as a reply keyboard', async (t) => {
    const api = await startFakeBotApi(t);
    const test = await telegramApp(t, api);
    api.push(textUpdate(7, '/start'));
    const [greeting] = await api.waitForCalls('sendMessage', 1);
    const expected = renderTemplate(test.deps.templates, 'greeting');
    assert.equal(greeting?.body.text, expected.text);
    assert.deepEqual(greeting?.body.reply_markup, {
      keyboard: expected.quickReplies.map((text) => [{ text }]), resize_keyboard: true, one_time_keyboard: true,
    });
  });

  it('the same update twice is handled once, and again after a restart with the stored offset', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-telegram-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const databasePath = join(dir, 'parley.db');
    const api = await startFakeBotApi(t);
    const update = textUpdate(42, 'where is my order?');
    // Telegram sends the same update in two answers (as after a lost acknowledgement).
    api.fail('getUpdates', 200, { ok: true, result: [update] }, 2);
    const first = await telegramApp(t, api, { databasePath });
    await api.waitForCalls('getUpdates', 3);
    await until(async () => (await first.deps.storage.channels.cursor('telegram:offset')) === String((update.update_id as number) + 1));
    await until(() => api.sent(42).length > 0);
    await first.app.close();
    const sentBefore = api.sent(42).length;
    assert.deepEqual(await visitorWords(first, 42), ['where is my order?'], 'one turn');

    // A restart: the stored offset is asked from, and the update served once more changes nothing.
    api.fail('getUpdates', 200, { ok: true, result: [update] }, 1);
    const callsBefore = api.calls.length;
    const second = await telegramApp(t, api, { databasePath });
    const polls = () => api.calls.slice(callsBefore).filter((c) => c.method === 'getUpdates');
    await until(() => polls().length >= 2); // the second poll comes once the first one's batch is handled
    assert.equal(polls()[0]?.body.offset, (update.update_id as number) + 1);
    assert.deepEqual(await visitorWords(second, 42), ['where is my order?'], 'still one turn');
    assert.equal(api.sent(42).length, sentBefore, 'nothing sent again');
  });

  it('a 429 is retried after its retry_after, and an outage of getUpdates is retried with back-off: nothing is lost', async (t) => {
    const api = await startFakeBotApi(t);
    api.fail('getUpdates', 500, { ok: false, error_code: 500, description: 'Internal Server Error' }, 7);
    api.fail('sendMessage', 429, { ok: false, error_code: 429, description: 'Too Many Requests: retry after 7', parameters: { retry_after: 7 } });
    const test = await telegramApp(t, api);
    api.push(textUpdate(42, 'hello'));
    const [reply] = await api.waitForCalls('sendMessage', 1, () => true);
    await api.waitForCalls('sendMessage', 2);
    assert.ok(test.waits.includes(7_000), `waited ${test.waits.join(', ')}`);
    assert.deepEqual(api.sent(42).map((c) => c.body.text), [reply?.body.text, reply?.body.text], 'the refused attempt, then the same message');
    assert.deepEqual(await visitorWords(test, 42), ['hello']);
    // 7 failed polls: the client's 4 retries, then the poller's own back-off, growing.
    assert.ok(test.waits.filter((w) => w !== 7_000).length >= 6);
    noToken(test);
  });

  it('a delivery stopped by an outage goes on from the same message at the next one', async (t) => {
    const api = await startFakeBotApi(t);
    const test = await telegramApp(t, api);
    api.fail('sendMessage', 502, { ok: false, error_code: 502, description: 'Bad Gateway' }, 5); // 1 + 4 retries
    api.push(textUpdate(42, 'hello'));
    await api.waitForCalls('sendMessage', 5);
    await until(async () => (await visitorWords(test, 42)).length === 1);
    api.push(textUpdate(42, 'thanks'));
    await until(async () => (await visitorWords(test, 42)).length === 2);
    const delivered = await api.waitForCalls('sendMessage', 7);
    const link = await test.deps.storage.channels.current('telegram', '42');
    const said = (await test.deps.storage.conversations.events(link?.conversationId as string, { types: ['bot_said'] })).map((e) => (e.type === 'bot_said' ? e.text : ''));
    assert.deepEqual(delivered.slice(5).map((c) => c.body.text), said.slice(1), 'both replies (not the opening greeting), in order, once each');
  });

  it('a group chat gets one polite line, a sticker one too, a bot nothing', async (t) => {
    const api = await startFakeBotApi(t);
    const test = await telegramApp(t, api);
    api.push(textUpdate(-100, 'hello bot', { chatType: 'supergroup' }));
    api.push(textUpdate(-100, 'hello again', { chatType: 'supergroup' }));
    const sticker = textUpdate(42, 'x');
    delete (sticker.message as Record<string, unknown>).text;
    api.push(sticker);
    const last = textUpdate(43, 'hi');
    (last.message as { from: { is_bot: boolean } }).from.is_bot = true;
    api.push(last);
    await api.waitForCalls('getUpdates', 1, (b) => b.offset === (last.update_id as number) + 1);
    assert.deepEqual(api.sent(-100).map((c) => c.body.text), [renderTemplate(test.deps.templates, 'telegram-private-only').text]);
    assert.deepEqual(api.sent(42).map((c) => c.body.text), [renderTemplate(test.deps.templates, 'telegram-text-only').text]);
    assert.deepEqual(api.sent(43), []);
    assert.equal(await test.deps.storage.channels.current('telegram', '-100'), undefined, 'no conversation for a group');
  });

  it('messages over the per-chat limit are not turns, and get one line saying so', async (t) => {
    const api = await startFakeBotApi(t);
    const test = await telegramApp(t, api, { env: { RATE_LIMIT_PER_CONVERSATION_PER_MINUTE: '2' } });
    const updates = ['one', 'two', 'three', 'four'].map((text) => textUpdate(42, text));
    for (const u of updates) api.push(u);
    await api.waitForCalls('getUpdates', 1, (b) => b.offset === (updates.at(-1)?.update_id as number) + 1);
    assert.deepEqual(await visitorWords(test, 42), ['one', 'two']);
    await until(() => api.sent(42).some((c) => c.body.text === renderTemplate(test.deps.templates, 'telegram-slow-down').text));
    assert.equal(api.sent(42).filter((c) => c.body.text === renderTemplate(test.deps.templates, 'telegram-slow-down').text).length, 1);
  });

  it('a pasted secret is redacted, the visitor\'s message deleted from the chat, and the reply says why', async (t) => {
    const api = await startFakeBotApi(t);
    const test = await telegramApp(t, api);
    api.push(textUpdate(42, 'my password is Hunter2Hunter2!', { messageId: 555 }));
    const [deleted] = await api.waitForCalls('deleteMessage', 1);
    assert.deepEqual(deleted?.body, { chat_id: 42, message_id: 555 });
    const [reply] = await api.waitForCalls('sendMessage', 1);
    assert.match(String(reply?.body.text), /^I removed something from your message that must stay private/);
    const words = await visitorWords(test, 42);
    assert.equal(words.length, 1);
    assert.ok(!words[0]?.includes('Hunter2Hunter2'), words[0]);
    assert.ok(!test.logs().includes('Hunter2Hunter2'));
  });

  it('a handoff round trip: the agent\'s claim and reply through the agent API reach the chat; the bot is silent while held', async (t) => {
    const api = await startFakeBotApi(t);
    const test = await telegramApp(t, api);
    api.push(textUpdate(42, 'I want to talk to a person'));
    await until(async () => (await test.deps.storage.handoffs.list('queued', 10)).length === 1);
    const [handoff] = await test.deps.storage.handoffs.list('queued', 10);
    const token = await test.deps.agents.issueToken('sam');
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    assert.equal((await test.app.inject({ method: 'POST', url: `/v1/handoffs/${handoff?.id}/claim`, headers, payload: {} })).statusCode, 200);
    const reply = await test.app.inject({ method: 'POST', url: `/v1/handoffs/${handoff?.id}/messages`, headers, payload: { text: 'Hi, this is Sam. Let me look.' } });
    assert.equal(reply.statusCode, 201, reply.body);
    await api.waitForCalls('sendMessage', 1, (b) => b.text === 'Hi, this is Sam. Let me look.');
    const before = api.sent(42).length;
    api.push(textUpdate(42, 'ok, thank you'));
    await until(async () => (await visitorWords(test, 42)).length === 2);
    await test.app.inject({ method: 'POST', url: `/v1/handoffs/${handoff?.id}/messages`, headers, payload: { text: 'Done: it is on its way.' } });
    await api.waitForCalls('sendMessage', 1, (b) => b.text === 'Done: it is on its way.');
    assert.deepEqual(api.sent(42).slice(before).map((c) => c.body.text), ['Done: it is on its way.'], 'nothing from the bot while a person holds the conversation');

    // Resolved, then quiet for 30 minutes: the chat's next message starts a new conversation.
    assert.equal((await test.app.inject({ method: 'POST', url: `/v1/handoffs/${handoff?.id}/resolve`, headers, payload: {} })).statusCode, 200);
    const old = await test.deps.storage.channels.current('telegram', '42');
    test.clock.advance(QUIET_BEFORE_NEW_CONVERSATION_MS);
    api.push(textUpdate(42, 'hello again'));
    await until(async () => (await visitorWords(test, 42)).includes('hello again'));
    assert.deepEqual(await visitorWords(test, 42), ['hello again'], 'the new conversation has only the new message');
    assert.equal((await test.deps.storage.channels.current('telegram', '42'))?.generation, 2);
    assert.notEqual((await test.deps.storage.channels.current('telegram', '42'))?.conversationId, old?.conversationId);
  });

  it('a refused message is skipped, and the token echoed in an error never reaches a log line', async (t) => {
    const api = await startFakeBotApi(t);
    const test = await telegramApp(t, api);
    api.fail('sendMessage', 403, { ok: false, error_code: 403, description: `Forbidden: bot${FAKE_TOKEN} was blocked by the user` });
    api.push(textUpdate(42, 'hello'));
    await api.waitForCalls('sendMessage', 1);
    await until(() => test.logs().includes('the channel refused a message'));
    noToken(test);
    assert.match(test.logs(), /Forbidden: bot\[redacted\] was blocked/);
    const metrics = await test.app.inject({ method: 'GET', url: '/metrics' });
    assert.match(metrics.body, /parley_channel_deliveries_total\{channel="telegram",outcome="refused"\} 1/);
    assert.match(metrics.body, /parley_telegram_updates_total\{kind="message"\} 1/);
  });
  it('a wrong token is said loudly, and never logged', async (t) => {
    const api = await startFakeBotApi(t, '111111111:AAthe-token-the-fake-expects-xxxxxxxxxxx');
    const test = await telegramApp(t, api);
    await until(() => test.logs().includes('check TELEGRAM_BOT_TOKEN'));
    const line = test.logs().split('\n').find((l) => l.includes('check TELEGRAM_BOT_TOKEN')) as string;
    assert.equal((JSON.parse(line) as { level: number }).level, 50, 'an error line');
    noToken(test);
  });
});

describe('telegram: webhook mode', () => {
  const webhookEnv = { TELEGRAM_MODE: 'webhook', TELEGRAM_WEBHOOK_SECRET: SECRET };

  it('a missing or wrong secret is 401 and changes nothing', async (t) => {
    const api = await startFakeBotApi(t);
    const test = await telegramApp(t, api, { env: webhookEnv, listen: false });
    for (const headers of [{}, { 'x-telegram-bot-api-secret-token': 'wrong' }, { 'x-telegram-bot-api-secret-token': `${SECRET}x` }]) {
      const res = await test.app.inject({ method: 'POST', url: '/v1/channels/telegram/webhook', headers, payload: textUpdate(42, 'hello') });
      assert.equal(res.statusCode, 401);
    }
    assert.equal(await test.deps.storage.channels.current('telegram', '42'), undefined);
    assert.deepEqual(api.calls.filter((c) => c.method !== 'getUpdates'), []);
    noToken(test);
    assert.ok(!test.logs().includes(SECRET));
  });

  it('the right secret: 200, the turn, and the reply in the chat; an update of another kind is acknowledged', async (t) => {
    const api = await startFakeBotApi(t);
    // Telegram posts every chat's updates from a few addresses: the per-address limit is not theirs.
    const test = await telegramApp(t, api, { env: { ...webhookEnv, RATE_LIMIT_PER_IP_PER_MINUTE: '2' }, listen: false });
    const headers = { 'x-telegram-bot-api-secret-token': SECRET };
    for (const [chat, text] of [[42, 'hello'], [43, 'hi'], [44, 'hey']] as const) {
      const res = await test.app.inject({ method: 'POST', url: '/v1/channels/telegram/webhook', headers, payload: textUpdate(chat, text) });
      assert.equal(res.statusCode, 200, res.body);
    }
    await api.waitForCalls('sendMessage', 3);
    assert.deepEqual(await visitorWords(test, 42), ['hello']);
    const edited = await test.app.inject({ method: 'POST', url: '/v1/channels/telegram/webhook', headers, payload: { update_id: 5, edited_message: { text: 'x' } } });
    assert.equal(edited.statusCode, 200);
    assert.ok(!api.calls.some((c) => c.method === 'getUpdates'), 'webhook mode does not poll');
  });
});
