// CHATWOOT_* in config.ts: off by default, the base URL https (http only on loopback, no
// credentials, query or fragment), and both tokens required with it, of their shapes, never echoed.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../../../src/config.js';
import { FAKE_BOT_TOKEN, WEBHOOK_TOKEN } from '../../helpers/chatwoot-api.js';

const base = { PANEL_URL: 'https://panel.test/api/v2', PANEL_API_KEY: 'test-key-not-real' };
const on = { CHATWOOT_BASE_URL: 'https://chat.example.com', CHATWOOT_BOT_TOKEN: FAKE_BOT_TOKEN, CHATWOOT_WEBHOOK_TOKEN: WEBHOOK_TOKEN };
const load = (env: Record<string, string>) => loadConfig({ ...base, ...env });
const refused = (env: Record<string, string>, variable: string) =>
  assert.throws(() => load(env), (err: unknown) => err instanceof ConfigError && err.message.includes(variable)
    && !err.message.includes(FAKE_BOT_TOKEN) && !err.message.includes(WEBHOOK_TOKEN.slice(4)));

describe('config: Chatwoot', () => {
  it('is off unless the base URL is set; blank is unset', () => {
    assert.equal(load({}).CHATWOOT_BASE_URL, undefined);
    assert.equal(load({ CHATWOOT_BASE_URL: '', CHATWOOT_BOT_TOKEN: '', CHATWOOT_WEBHOOK_TOKEN: '' }).CHATWOOT_BASE_URL, undefined);
    const config = load(on);
    assert.equal(config.CHATWOOT_BASE_URL, 'https://chat.example.com');
    assert.equal(config.CHATWOOT_BOT_TOKEN, FAKE_BOT_TOKEN);
    assert.equal(config.CHATWOOT_WEBHOOK_TOKEN, WEBHOOK_TOKEN);
  });

  it('needs both tokens with the URL', () => {
    refused({ ...on, CHATWOOT_BOT_TOKEN: '' }, 'CHATWOOT_BOT_TOKEN');
    refused({ ...on, CHATWOOT_WEBHOOK_TOKEN: '' }, 'CHATWOOT_WEBHOOK_TOKEN');
  });

  it('refuses a webhook token under 32 characters or outside A-Z a-z 0-9 _ -, and a bot token with spaces, without echoing them', () => {
    refused({ ...on, CHATWOOT_WEBHOOK_TOKEN: WEBHOOK_TOKEN.slice(0, 31) }, 'CHATWOOT_WEBHOOK_TOKEN');
    refused({ ...on, CHATWOOT_WEBHOOK_TOKEN: `${WEBHOOK_TOKEN}&x=1` }, 'CHATWOOT_WEBHOOK_TOKEN');
    refused({ ...on, CHATWOOT_BOT_TOKEN: `${FAKE_BOT_TOKEN} x` }, 'CHATWOOT_BOT_TOKEN');
    assert.equal(load({ ...on, CHATWOOT_WEBHOOK_TOKEN: 'a'.repeat(32) }).CHATWOOT_WEBHOOK_TOKEN, 'a'.repeat(32));
  });

  it('takes an https URL (a path kept), or http to this machine only', () => {
    for (const ok of ['https://chat.example.com/chatwoot', 'http://127.0.0.1:3000', 'http://localhost:3000/']) {
      assert.equal(load({ ...on, CHATWOOT_BASE_URL: ok }).CHATWOOT_BASE_URL, ok);
    }
    for (const bad of ['http://chat.example.com', 'https://user:pw@chat.example.com', 'https://chat.example.com/?x=1', 'https://chat.example.com/#x', 'ftp://127.0.0.1', 'not a url']) {
      refused({ ...on, CHATWOOT_BASE_URL: bad }, 'CHATWOOT_BASE_URL');
    }
  });
});
