// The Bot API client against the loopback stand-in: 429 waits exactly retry_after, 5xx and
// network failures back off and give up after the bounded retries, a 4xx is not retried, and the
// token appears in no error message.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTelegramClient, TelegramError, type TelegramOutcome } from '../../../src/messaging/telegram/client.js';
import { FAKE_TOKEN, startFakeBotApi } from '../../helpers/telegram-api.js';

const secretPart = FAKE_TOKEN.split(':')[1] as string;

function client(baseUrl: string, waits: number[], outcomes: TelegramOutcome[] = [], token = FAKE_TOKEN) {
  return createTelegramClient({
    baseUrl, token, retries: 3, maxRetryAfterMs: 60_000,
    sleep: async (ms) => void waits.push(ms), random: () => 0.5, onCall: (_m, outcome) => outcomes.push(outcome),
  });
}

describe('telegram client', () => {
  it('waits what a 429 asks, then succeeds', async (t) => {
    const api = await startFakeBotApi(t);
    const waits: number[] = [];
    const outcomes: TelegramOutcome[] = [];
    const c = client(api.url, waits, outcomes);
    t.after(() => c.close());
    api.fail('sendMessage', 429, { ok: false, error_code: 429, description: 'Too Many Requests: retry after 3', parameters: { retry_after: 3 } });
    const sent = await c.call<{ message_id: number }>('sendMessage', { chat_id: 1, text: 'hi' });
    assert.equal(sent.message_id, 1);
    assert.deepEqual(waits, [3_000]);
    assert.deepEqual(outcomes, ['retry', 'ok']);
    assert.equal(api.sent().length, 2);
  });

  it('backs off on 5xx and gives up after its retries; a retry_after longer than allowed is not waited for', async (t) => {
    const api = await startFakeBotApi(t);
    const waits: number[] = [];
    const c = client(api.url, waits);
    t.after(() => c.close());
    api.fail('sendMessage', 502, { ok: false, error_code: 502, description: 'Bad Gateway' }, 10);
    await assert.rejects(c.call('sendMessage', { chat_id: 1, text: 'hi' }), (err: unknown) => err instanceof TelegramError && err.kind === 'server_error');
    assert.equal(api.sent().length, 4, '1 + 3 retries');
    assert.deepEqual(waits, [375, 750, 1500], 'growing, jittered (random 0.5)');
    waits.length = 0;
    const slow = await startFakeBotApi(t);
    slow.fail('getMe', 429, { ok: false, error_code: 429, description: 'Too Many Requests', parameters: { retry_after: 3600 } });
    const c2 = client(slow.url, waits);
    t.after(() => c2.close());
    await assert.rejects(c2.call('getMe', {}), (err: unknown) => err instanceof TelegramError && err.kind === 'rate_limited');
    assert.deepEqual(waits, []);
  });

  it('does not retry a 4xx, and no error carries the token (wrong token, an echo, a refused connection)', async (t) => {
    const api = await startFakeBotApi(t);
    const waits: number[] = [];
    const c = client(api.url, waits);
    t.after(() => c.close());
    api.fail('sendMessage', 400, { ok: false, error_code: 400, description: `Bad Request: /bot${FAKE_TOKEN}/sendMessage chat not found` });
    const refused = (await c.call('sendMessage', { chat_id: 1, text: 'hi' }).then(() => undefined, (err: unknown) => err)) as TelegramError;
    assert.equal(refused instanceof TelegramError && refused.kind, 'refused');
    assert.ok(!String(refused.message).includes(secretPart), refused.message);
    assert.deepEqual(waits, []);

    const wrong = client(api.url, waits, [], '987654321:BBwrong-token_xxxxxxxxxxxxxxxxxxxxxxxx');
    t.after(() => wrong.close());
    const unauthorized = (await wrong.call('getMe', {}).then(() => undefined, (err: unknown) => err)) as TelegramError;
    assert.equal(unauthorized instanceof TelegramError && unauthorized.kind, 'refused');
    assert.ok(!unauthorized.message.includes('BBwrong'), unauthorized.message);

    await api.close();
    const down = (await c.call('getMe', {}).then(() => undefined, (err: unknown) => err)) as TelegramError;
    assert.equal(down instanceof TelegramError && down.kind, 'network');
    for (const text of [down.message, String(down.stack), JSON.stringify(down), String((down.cause as Error | undefined)?.message)]) {
      assert.ok(!text.includes(secretPart), text);
    }
  });
});
