// PROMPTS_DIR through the real start (startServer, as `parley serve` runs it): the operator's files
// are what visitors get, the start logs which replace and which are added, and a bad one stops the
// start with its path.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, it, type TestContext } from 'node:test';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/observability/logger.js';
import { startServer } from '../../src/server.js';

function folder(t: TestContext, files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'parley-prompts-dir-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

async function start(t: TestContext, promptsDir: string) {
  let logged = '';
  const sink = new Writable({ write(chunk: Buffer, _e, done) { logged += chunk.toString('utf8'); done(); } });
  const data = folder(t, {});
  const config = loadConfig({ DATABASE_PATH: join(data, 'parley.db'), HOST: '127.0.0.1', PORT: '0', PROMPTS_DIR: promptsDir });
  const server = await startServer(config, createLogger('info', sink));
  t.after(() => server.close());
  return { server, logged: () => logged };
}

describe('PROMPTS_DIR at start', () => {
  it('serves the operator\'s greeting and logs what it replaces and adds', async (t) => {
    const dir = folder(t, {
      'replies/greeting.md': '---\nquickReplies: Where is my order?\n---\nHello from Acme SMM! How can I help?\n',
      'kb/gift-cards.md': '---\ntitle: Gift cards\nslug: gift-cards\nroles: [buyer]\nintents: [payment_issue]\nkeywords: [gift card]\n---\n\n## Paying with a gift card\n\nRedeem it on the Add funds page.\n',
    });
    const { server, logged } = await start(t, dir);
    const res = await fetch(`${server.url}/v1/conversations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    assert.equal(res.status, 201);
    const body = await res.json() as { messages: { text: string }[] };
    assert.equal(body.messages[0]?.text, 'Hello from Acme SMM! How can I help?');
    const line = logged().split('\n').find((l) => l.includes('operator prompts'));
    assert.ok(line, logged());
    const { replaced, added } = JSON.parse(line) as { replaced: string[]; added: string[] };
    assert.deepEqual(replaced, ['replies/greeting.md']);
    assert.deepEqual(added, ['kb/gift-cards.md']);
  });

  it('refuses to start with a bad operator file, naming it', async (t) => {
    const dir = folder(t, { 'replies/order-detail.md': 'Order {{orderId}} for {{customerName}}.' });
    await assert.rejects(start(t, dir), (err: Error) => {
      assert.ok(err.message.startsWith(join(dir, 'replies', 'order-detail.md')), err.message);
      assert.match(err.message, /\{\{customerName\}\} is not filled/);
      return true;
    });
  });
});
