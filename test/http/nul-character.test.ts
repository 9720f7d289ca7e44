import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { holdsNul } from '../../src/channels/hardening.js';
import { buildTestApp } from '../helpers/test-app.js';

const json = { 'content-type': 'application/json' };

describe('U+0000 in a request', () => {
  it('is refused with 400 bad_request wherever it is, and nothing is stored', async (t) => {
    const { app, deps } = await buildTestApp(t);
    const refusedOpen = await app.inject({ method: 'POST', url: '/v1/conversations', headers: json, payload: { metadata: { page: '/help\u0000' } } });
    assert.equal(refusedOpen.statusCode, 400);
    assert.equal((refusedOpen.json() as { error: { code: string } }).error.code, 'bad_request');

    const opened = (await app.inject({ method: 'POST', url: '/v1/conversations', headers: json, payload: {} })).json() as { conversation: { id: string }; token: string };
    const auth = { ...json, authorization: `Bearer ${opened.token}` };
    const url = `/v1/conversations/${opened.conversation.id}/messages`;
    for (const payload of [{ text: 'where is my order\u0000' }, { text: 'hello', clientMessageId: 'm\u00001' }]) {
      const res = await app.inject({ method: 'POST', url, headers: auth, payload });
      assert.equal(res.statusCode, 400, JSON.stringify(payload));
      assert.match((res.json() as { error: { message: string } }).error.message, /NUL/);
    }
    assert.equal(await deps.storage.conversations.get(opened.conversation.id), undefined, 'no message was stored');
    const ok = await app.inject({ method: 'POST', url, headers: auth, payload: { text: 'hello', clientMessageId: 'm-1' } });
    assert.equal(ok.statusCode, 200);
  });

  it('is found in keys, nested values and raw JSON text, and nowhere else', () => {
    assert.equal(holdsNul({ a: [{ b: 'x\u0000' }] }), true);
    assert.equal(holdsNul({ 'k\u0000': 1 }), true);
    assert.equal(holdsNul(Buffer.from('{"a":"x\\u0000"}')), true);
    assert.equal(holdsNul({ a: ['x', 1, null, { b: 'y\u0001' }] }), false);
    assert.equal(holdsNul(Buffer.from('{"a":"x"}')), false);
    assert.equal(holdsNul(undefined), false);
  });
});
