// TELEGRAM_* in config.ts: off by default, a token of BotFather's shape, the webhook secret's
// alphabet and its need in webhook mode, and an API base URL that is https (http only on loopback).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../../../src/config.js';
import { FAKE_TOKEN } from '../../helpers/telegram-api.js';

const base = { PANEL_URL: 'https://panel.test/api/v2', PANEL_API_KEY: 'test-key-not-real' };
const load = (env: Record<string, string>) => loadConfig({ ...base, ...env });
const refused = (env: Record<string, string>, variable: string) =>
  assert.throws(() => load(env), (err: unknown) => err instanceof ConfigError && err.message.includes(variable) && !err.message.includes(FAKE_TOKEN.slice(10)));

describe('config: Telegram', () => {
  it('is off unless a token is set, and polls by default', () => {
    const config = load({});
    assert.equal(config.TELEGRAM_BOT_TOKEN, undefined);
    assert.equal(config.TELEGRAM_MODE, 'polling');
    assert.equal(config.TELEGRAM_API_BASE_URL, 'https://api.telegram.org');
    assert.equal(load({ TELEGRAM_BOT_TOKEN: '' }).TELEGRAM_BOT_TOKEN, undefined, 'blank is unset');
    assert.equal(load({ TELEGRAM_BOT_TOKEN: FAKE_TOKEN }).TELEGRAM_BOT_TOKEN, FAKE_TOKEN);
  });

  it('refuses a token that is not BotFather\'s shape, without echoing it', () => {
    refused({ TELEGRAM_BOT_TOKEN: FAKE_TOKEN.replace(':', '-') }, 'TELEGRAM_BOT_TOKEN');
    refused({ TELEGRAM_BOT_TOKEN: `${FAKE_TOKEN} ` }, 'TELEGRAM_BOT_TOKEN');
  });

  it('webhook mode needs a secret of 1-256 of A-Z a-z 0-9 _ -', () => {
    refused({ TELEGRAM_BOT_TOKEN: FAKE_TOKEN, TELEGRAM_MODE: 'webhook' }, 'TELEGRAM_WEBHOOK_SECRET');
    refused({ TELEGRAM_BOT_TOKEN: FAKE_TOKEN, TELEGRAM_MODE: 'webhook', TELEGRAM_WEBHOOK_SECRET: 'has space' }, 'TELEGRAM_WEBHOOK_SECRET');
    refused({ TELEGRAM_BOT_TOKEN: FAKE_TOKEN, TELEGRAM_MODE: 'webhook', TELEGRAM_WEBHOOK_SECRET: 'x'.repeat(257) }, 'TELEGRAM_WEBHOOK_SECRET');
    refused({ TELEGRAM_MODE: 'hooks' }, 'TELEGRAM_MODE');
    assert.equal(load({ TELEGRAM_BOT_TOKEN: FAKE_TOKEN, TELEGRAM_MODE: 'webhook', TELEGRAM_WEBHOOK_SECRET: 'Ab_9-' }).TELEGRAM_WEBHOOK_SECRET, 'Ab_9-');
  });

  it('takes an https API base URL, or http to this machine only', () => {
    for (const ok of ['https://tg.example.com', 'http://127.0.0.1:8081', 'http://localhost:8081/']) {
      assert.equal(load({ TELEGRAM_API_BASE_URL: ok }).TELEGRAM_API_BASE_URL, ok);
    }
    for (const bad of ['http://tg.example.com', 'https://user:pw@tg.example.com', 'https://tg.example.com/?x=1', 'ftp://127.0.0.1', 'not a url']) {
      refused({ TELEGRAM_API_BASE_URL: bad }, 'TELEGRAM_API_BASE_URL');
    }
  });
});
