// A host site that vouches for its signed-in user (an HMAC of the user id) spares them the
// ownership question; a forged or unconfigured identity is refused at the door.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { identityHash } from '../../src/orders/identity.js';
import { createWorld } from './world.js';

const SECRET = 'identity-secret-for-tests-0123456789abcdef';

describe('verified identity from the host site', () => {
  it('shows the visitor\'s own order without asking for proof, and still refuses someone else\'s', async (t) => {
    const world = await createWorld(t, { env: { IDENTITY_SECRET: SECRET } });
    const res = await world.app.inject({ method: 'POST', url: '/v1/conversations', payload: { identity: { userId: 'u-10482', userHash: identityHash(SECRET, 'u-10482') } } });
    assert.equal(res.statusCode, 201, res.body);
    const { conversation, token } = res.json() as { conversation: { id: string }; token: string };
    const say = async (text: string) => (await world.app.inject({
      method: 'POST', url: `/v1/conversations/${conversation.id}/messages`, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, payload: { text },
    })).json() as { messages: { text: string }[] };
    const own = await say('where is my order 4831239?');
    assert.match(own.messages.map((m) => m.text).join(' '), /Order 4831239 is In progress/);
    const other = await say('and order 4831305?');
    assert.match(other.messages.map((m) => m.text).join(' '), /couldn't find order 4831305 with those details/);
  });

  it('refuses a forged hash with 401 and an identity the server cannot check with 400', async (t) => {
    const configured = await createWorld(t, { env: { IDENTITY_SECRET: SECRET } });
    const forged = await configured.app.inject({ method: 'POST', url: '/v1/conversations', payload: { identity: { userId: 'u-10482', userHash: identityHash('wrong-secret', 'u-10482') } } });
    assert.equal(forged.statusCode, 401);
    assert.equal(forged.json().error.code, 'unauthorized');
    const unconfigured = await createWorld(t);
    const res = await unconfigured.app.inject({ method: 'POST', url: '/v1/conversations', payload: { identity: { userId: 'u-10482', userHash: identityHash(SECRET, 'u-10482') } } });
    assert.equal(res.statusCode, 400);
    assert.match(res.json().error.message, /not configured/);
  });
});
