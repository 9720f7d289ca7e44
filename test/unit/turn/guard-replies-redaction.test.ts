// Issue 18, part 3: a blocked draft is stored (guard_blocked) and shown to agents, so it is kept
// redacted, and not at all when the guard still sees a secret in the redacted text.
// test/durability/secrets-sweep.test.ts shows the same in the database file and its WAL.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createReplyGuard } from '../../../src/turn/guard-replies.js';
import type { Draft } from '../../../src/turn/render-replies.js';
import { SAFE_REPLY_KEY } from '../../../src/guard/index.js';
import { loadTemplates } from '../../../src/replies/templates.js';
import { builtInPrompts } from '../../../src/prompts.js';

const templates = loadTemplates(builtInPrompts.folder('replies'));
const draft = (text: string, facts: string[] = []): Draft => ({ reply: { replyKey: 'kb-answer', text, quickReplies: [] }, facts, quoted: [] });

function blockedDraft(text: string) {
  const [guarded] = createReplyGuard(templates).check([draft(text)], { visitorText: 'where is my order?' });
  assert.equal(guarded?.reply.replyKey, SAFE_REPLY_KEY, 'the draft was blocked');
  assert.ok(guarded?.blocked, 'and reported');
  return guarded.blocked;
}

describe('a blocked draft as stored', () => {
  it('keeps the rule and the draft with the secret redacted', () => {
    const key = 'ghp_aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5';
    const blocked = blockedDraft(`Your order is fine. Use this token to log in: ${key}`);
    assert.ok(blocked.rules.includes('no-secret-shaped-string'), JSON.stringify(blocked.rules));
    assert.ok(!blocked.draft.includes(key) && !blocked.draft.includes('ghp_'), blocked.draft);
    assert.equal(blocked.draft, 'Your order is fine. Use this token to log in: [redacted]');
  });

  it('redacts every kind of secret a draft may hold, whatever rule blocked it', () => {
    const secrets = ['sk-proj-Ab3dEf5gH7jK9mN1pQ3rS5tU7vW9xY1zA3bC5dE7fG9h', '4111 1111 1111 1111', 'Hunter22!x'];
    const blocked = blockedDraft(`We will refund you in full tomorrow, guaranteed. Key ${secrets[0]}, card ${secrets[1]}, password: ${secrets[2]}`);
    for (const secret of secrets) assert.ok(!blocked.draft.includes(secret), `${secret} in ${blocked.draft}`);
    assert.match(blocked.draft, /^We will refund you in full tomorrow, guaranteed\./);
  });

  it('keeps nothing of the draft when the guard still sees a secret after redaction', () => {
    // A 64-hex string is a payment hash to redaction (kept), and a secret to the guard unless a fact explains it.
    const hex = '5f2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f809';
    const blocked = blockedDraft(`Here is the internal value: ${hex}`);
    assert.ok(blocked.rules.includes('no-secret-shaped-string'));
    assert.equal(blocked.draft, '[redacted]');
  });

  it('leaves a draft blocked for a promise alone (nothing to redact)', () => {
    const blocked = blockedDraft('You will get a full refund within 24 hours.');
    assert.equal(blocked.draft, 'You will get a full refund within 24 hours.');
  });
});
