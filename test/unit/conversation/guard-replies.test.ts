import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createReplyGuard } from '../../../src/conversation/guard-replies.js';
import type { Draft } from '../../../src/conversation/render-replies.js';
import { SAFE_REPLY_KEY } from '../../../src/guard/index.js';
import { loadTemplates } from '../../../src/replies/templates.js';
import { fromRoot } from '../../../src/paths.js';
import { createTurnStages } from '../../../src/workers/turn-stages.js';

const templates = loadTemplates(fromRoot('prompts', 'replies'));
const draft = (text: string): Draft => ({ reply: { replyKey: 'test.reply', text, quickReplies: [] }, facts: [], quoted: [] });

describe('reply guard', () => {
  it('sends a clean reply, replaces a promise with the safe reply and reports its rules', async () => {
    const blocked: string[][] = [];
    const guard = createReplyGuard(templates, createTurnStages({ threads: 0 }).check, (rules) => blocked.push(rules));
    const [clean, promise] = await guard.check([draft('Happy to help with that.'), draft('You will get a full refund within 24 hours.')], { visitorText: 'help' });
    assert.equal(clean?.reply.text, 'Happy to help with that.');
    assert.equal(clean?.blocked, undefined);
    assert.equal(promise?.reply.replyKey, SAFE_REPLY_KEY);
    assert.equal(promise?.blocked?.draft, 'You will get a full refund within 24 hours.');
    assert.deepEqual(blocked, [promise?.blocked?.rules]);
  });

  it('fails closed when the checker answers for fewer replies than it was given', async () => {
    const guard = createReplyGuard(templates, async () => [[]]);
    await assert.rejects(guard.check([draft('one'), draft('two')], { visitorText: '' }), /checked 1 of 2 replies/);
  });
});
