// What a server does once it is ready, not while it starts: the service rules (and with them the
// panel client, which loads undici at its first call) start refreshing when the server listens.
// And turn stages started before the server (`parley serve` starts its worker thread first) are the
// server's to close, whether it starts or not.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/observability/logger.js';
import type { ServiceRules } from '../../src/rules/service-rules.js';
import { startServer } from '../../src/server.js';
import type { TurnStages } from '../../src/workers/turn-stages.js';
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
    status: () => ({ fetchedAt: null, stale: false, failing: false }),
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

/** Stages that never run a task: only whether the server waits for them and closes them. */
function recordingStages(ready: Promise<void>): TurnStages & { closes: number; analyses: number } {
  return {
    closes: 0,
    analyses: 0,
    analyse() {
      this.analyses++;
      return Promise.reject(new Error('not in this test'));
    },
    check: () => Promise.reject(new Error('not in this test')),
    ready: () => ready,
    async close() {
      this.closes++;
    },
  };
}

describe('turn stages started before the server', () => {
  const config = () => loadConfig({ DATABASE_PATH: join(mkdtempSync(join(tmpdir(), 'parley-startup-')), 'parley.db'), HOST: '127.0.0.1', PORT: '0' });

  it('are the ones the server uses, and it closes them when it closes', async () => {
    const stages = recordingStages(Promise.resolve());
    const server = await startServer(config(), createLogger('silent'), { stages });
    const opened = (await (await fetch(`${server.url}/v1/conversations`, { method: 'POST' })).json()) as { conversation: { id: string }; token: string };
    const turn = await fetch(`${server.url}/v1/conversations/${opened.conversation.id}/messages`, {
      method: 'POST', headers: { authorization: `Bearer ${opened.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ text: 'hello' }),
    });
    assert.equal(turn.status, 500, 'the turn went to these stages, which refuse it');
    assert.equal(stages.analyses, 1);
    assert.equal(stages.closes, 0);
    await server.close();
    assert.equal(stages.closes, 1);
  });

  it('are closed with everything else when the start fails (here: they cannot load)', async () => {
    const stages = recordingStages(Promise.reject(new Error('the model file is broken')));
    await assert.rejects(startServer(config(), createLogger('silent'), { stages }), /the model file is broken/);
    assert.equal(stages.closes, 1);
  });
});
