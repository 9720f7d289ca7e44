// /readyz asks the storage: a database that fails or does not answer in time is "failing" (503),
// so a load balancer takes the instance out instead of waiting on it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PING_TIMEOUT_MS } from '../../src/channels/ops.js';
import { buildTestApp } from '../helpers/test-app.js';

describe('/readyz and the database', () => {
  it('answers 503 "failing" when the ping never answers, after the ping timeout', async (t) => {
    const { app, deps } = await buildTestApp(t);
    t.mock.method(deps.storage, 'ping', () => new Promise<void>(() => undefined));
    const started = performance.now();
    const ready = await app.inject({ method: 'GET', url: '/readyz' });
    assert.equal(ready.statusCode, 503);
    assert.equal(ready.json().database, 'failing');
    assert.ok(performance.now() - started >= PING_TIMEOUT_MS - 50, 'it waited for the ping first');
  });
});
