// What a server does once it is ready, not while it starts: the service rules (and with them the
// panel client, which loads undici at its first call) start refreshing when the server listens.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ServiceRules } from '../../src/rules/service-rules.js';
import { buildTestApp } from '../helpers/test-app.js';

function recordingRules(): ServiceRules & { starts: number } {
  return {
    starts: 0,
    start() {
      this.starts++;
    },
    stop: () => undefined,
    refresh: async () => undefined,
    get: () => undefined,
    all: () => [],
    fetchedAt: () => null,
    isStale: () => false,
    status: () => ({ fetchedAt: null, stale: false, failing: false, panelKey: 'unchecked' }),
  };
}

describe('start-up', () => {
  it('starts the service rules when the server listens, not when the app is built or injected into', async (t) => {
    const rules = recordingRules();
    const { app } = await buildTestApp(t, { rules });
    const res = await app.inject({ method: 'GET', url: '/healthz' });
    assert.equal(res.statusCode, 200);
    assert.equal(rules.starts, 0, 'started before the server listened');
    await app.listen({ host: '127.0.0.1', port: 0 });
    assert.equal(rules.starts, 1);
  });
});
