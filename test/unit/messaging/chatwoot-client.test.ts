// The Chatwoot API client against the loopback stand-in: the paths under a base URL with a path,
// the api_access_token header, 429 and 503 retried, a 404 refused at once, and no token in an error.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createChatwootClient, outcomeOf, type ChatwootCall, type ChatwootOutcome } from '../../../src/messaging/chatwoot/client.js';
import { FAKE_BOT_TOKEN, startFakeChatwoot } from '../../helpers/chatwoot-api.js';

describe('chatwoot client', () => {
  it('posts messages, notes and status changes under the base URL\'s path, with the token in the header only', async (t) => {
    const api = await startFakeChatwoot(t);
    const client = createChatwootClient({ baseUrl: `${api.url}/chatwoot/`, token: FAKE_BOT_TOKEN });
    t.after(() => client.close());
    const ref = { accountId: 3, conversationId: 44 };
    await client.post(ref, 'hello');
    await client.post(ref, 'for agents', { private: true });
    await client.setStatus(ref, 'open');
    assert.deepEqual(api.calls.map((c) => [c.path, c.token, c.body]), [
      ['/chatwoot/api/v1/accounts/3/conversations/44/messages', FAKE_BOT_TOKEN, { content: 'hello', message_type: 'outgoing' }],
      ['/chatwoot/api/v1/accounts/3/conversations/44/messages', FAKE_BOT_TOKEN, { content: 'for agents', message_type: 'outgoing', private: true }],
      ['/chatwoot/api/v1/accounts/3/conversations/44/toggle_status', FAKE_BOT_TOKEN, { status: 'open' }],
    ]);
  });

  it('retries a 429 and a 503, refuses a 404 at once; its errors carry no token', async (t) => {
    const api = await startFakeChatwoot(t);
    const outcomes: [ChatwootCall, ChatwootOutcome][] = [];
    const client = createChatwootClient({ baseUrl: api.url, token: FAKE_BOT_TOKEN, onCall: (call, outcome) => outcomes.push([call, outcome]), random: () => 0 });
    t.after(() => client.close());
    api.fail('/messages', 429);
    api.fail('/messages', 503);
    await client.post({ accountId: 1, conversationId: 2 }, 'hi');
    assert.equal(api.calls.length, 3);
    api.fail('/messages', 404);
    const refused = await client.post({ accountId: 1, conversationId: 2 }, 'gone').then(() => null, (e: unknown) => e);
    assert.ok(refused instanceof Error);
    assert.equal(outcomeOf(refused), 'refused');
    assert.equal(api.calls.length, 4, 'a 404 is not retried');
    assert.ok(!String(refused.message).includes(FAKE_BOT_TOKEN) && !JSON.stringify(refused).includes(FAKE_BOT_TOKEN));
    assert.deepEqual(outcomes, [['message', 'ok'], ['message', 'refused']]);
  });
});
