import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { createLogger, scrubSecrets } from '../../../src/observability/logger.js';

describe('logger redaction', () => {
  it('censors secret-named fields at every depth', () => {
    const scrubbed = scrubSecrets({
      authorization: 'Bearer pv_x',
      req: { headers: { authorization: 'Bearer a', 'x-api-key': 'k1', cookie: 'c' } },
      panel: { config: { apiKey: 'k2', nested: [{ token: 't', deeper: { password: 'p', webhookSecret: 's' } }] } },
      conversationId: 'c-1',
    });
    const text = JSON.stringify(scrubbed);
    for (const secret of ['pv_x', 'Bearer a', 'k1', 'k2', '"t"', '"p"', '"s"']) assert.ok(!text.includes(secret), secret);
    assert.match(text, /"conversationId":"c-1"/);
  });

  it('writes JSON lines without the secret to a real stream', async () => {
    let out = '';
    const sink = new Writable({ write(chunk: Buffer, _e, done) { out += chunk.toString(); done(); } });
    const log = createLogger('info', sink);
    log.info({ request: { headers: { authorization: 'Bearer pv_secretvalue' } }, key: 'abcdef0123456789abcdef0123456789' }, 'hello');
    log.child({ apiKey: 'child-binding-secret' }).info('child line');
    await new Promise((r) => setImmediate(r));
    const lines = out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(lines.length, 2);
    assert.ok(!out.includes('pv_secretvalue'));
    assert.ok(!out.includes('abcdef0123456789abcdef0123456789'));
    assert.ok(!out.includes('child-binding-secret'));
  });
});
