// Telegram with two instances on one PostgreSQL database, in webhook mode (the mode for several
// instances): an update redelivered to the other instance changes nothing, and what the
// conversation says (the bot's reply, an agent's reply given on the other instance) reaches the
// chat once, though both instances hear every append. Skipped, saying why, without
// PARLEY_TEST_DATABASE_URL.
import assert from 'node:assert/strict';
import { after, describe, it, test } from 'node:test';
import { createTestDatabase, dropAll, postgresSkipReason } from '../helpers/postgres.js';
import { FAKE_TOKEN, startFakeBotApi, textUpdate } from '../helpers/telegram-api.js';
import { buildTestApp } from '../helpers/test-app.js';

const SECRET = 'instances-secret';

if (postgresSkipReason) {
  console.log(`# skipped: ${postgresSkipReason}`);
  test('Telegram on several instances', { skip: postgresSkipReason }, () => {});
} else {
  after(() => dropAll());
  describe('telegram: two instances on one database', () => {
    it('a redelivered update changes nothing, and every message reaches the chat once', async (t) => {
      const api = await startFakeBotApi(t);
      const db = await createTestDatabase();
      const env = { TELEGRAM_BOT_TOKEN: FAKE_TOKEN, TELEGRAM_API_BASE_URL: api.url, TELEGRAM_MODE: 'webhook', TELEGRAM_WEBHOOK_SECRET: SECRET };
      const timing = { sleep: async () => undefined, random: () => 0.5 };
      const [a, b] = await Promise.all([0, 1].map(() => buildTestApp(t, { databaseUrl: db.url, env, telegramTiming: timing })));
      if (!a || !b) throw new Error('two apps');
      const post = (app: typeof a, update: Record<string, unknown>) => app.app.inject({
        method: 'POST', url: '/v1/channels/telegram/webhook', headers: { 'x-telegram-bot-api-secret-token': SECRET }, payload: update,
      });

      const first = textUpdate(42, 'I want to talk to a person');
      assert.equal((await post(a, first)).statusCode, 200);
      await api.waitForCalls('sendMessage', 1);
      // Telegram sends it again, to the other instance.
      assert.equal((await post(b, first)).statusCode, 200);
      const link = await b.deps.storage.channels.current('telegram', '42');
      const said = await b.deps.storage.conversations.events(link?.conversationId as string, { types: ['user_said'] });
      assert.equal(said.length, 1, 'one turn');

      const [handoff] = await a.deps.storage.handoffs.list('queued', 10);
      const token = await b.deps.agents.issueToken('sam');
      const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
      assert.equal((await b.app.inject({ method: 'POST', url: `/v1/handoffs/${handoff?.id}/claim`, headers, payload: {} })).statusCode, 200);
      for (const text of ['First reply from B.', 'Second reply from B.']) {
        assert.equal((await b.app.inject({ method: 'POST', url: `/v1/handoffs/${handoff?.id}/messages`, headers, payload: { text } })).statusCode, 201);
        await api.waitForCalls('sendMessage', 1, (body) => body.text === text);
      }
      const texts = api.sent(42).map((c) => c.body.text);
      assert.equal(new Set(texts).size, texts.length, `each message once: ${JSON.stringify(texts)}`);
      assert.equal(texts.at(-1), 'Second reply from B.');
    });
  });
}
