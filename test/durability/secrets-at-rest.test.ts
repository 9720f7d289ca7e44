// A pasted secret never reaches the database file (WAL included) or the process's log output.
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { describe, it } from 'node:test';
import { startServerProcess, tempDatabasePath } from '../helpers/server-process.js';

const SECRETS = {
  apiKey: '7c4a8d09ca3762af61e59520943dc26494f8941b',
  password: 'Hunter2-Correct-Horse',
  card: '4539 1488 0343 6467',
};

describe('secrets at rest', () => {
  it('are neither in the SQLite file nor in the logs, and neither are tokens or the panel key', { timeout: 60_000 }, async () => {
    const databasePath = tempDatabasePath();
    const server = await startServerProcess({
      DATABASE_PATH: databasePath, PANEL_URL: 'https://panel.invalid/api/v2', PANEL_API_KEY: 'panel-key-for-this-test-only',
      LOG_LEVEL: 'debug', RATE_LIMIT_PER_IP_PER_MINUTE: '0', RATE_LIMIT_PER_CONVERSATION_PER_MINUTE: '0',
    });
    let visitorToken = '';
    try {
      const opened = await (await fetch(`${server.url}/v1/conversations`, { method: 'POST' })).json() as { conversation: { id: string }; token: string };
      const post = (text: string) => fetch(`${server.url}/v1/conversations/${opened.conversation.id}/messages`, {
        method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${opened.token}` }, body: JSON.stringify({ text }),
      });
      for (const text of [`my api key is ${SECRETS.apiKey} and it says Invalid API key`, `my password is ${SECRETS.password}`, `card ${SECRETS.card} was charged twice`]) {
        assert.equal((await post(text)).status, 200);
      }
      visitorToken = opened.token;
      const stream = await fetch(`${server.url}/v1/conversations/${opened.conversation.id}/events?token=${opened.token}`);
      await stream.body?.cancel();
    } finally {
      await server.kill('SIGTERM');
    }
    const files = [databasePath, `${databasePath}-wal`].filter(existsSync).map((f) => readFileSync(f).toString('latin1'));
    assert.ok(files.length >= 1);
    for (const [kind, secret] of Object.entries(SECRETS)) {
      for (const content of files) assert.ok(!content.includes(secret), `${kind} found in the database file`);
      assert.ok(!server.output().includes(secret), `${kind} found in the logs`);
    }
    assert.ok(server.output().includes('/events'), 'the event stream request was logged');
    assert.ok(!server.output().includes(visitorToken), 'the visitor token (sent as ?token=) is not in the logs');
    assert.ok(!server.output().includes('panel-key-for-this-test-only'), 'the panel key is not in the logs');
  });
});
