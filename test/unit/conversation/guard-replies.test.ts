import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { constantSafeReplies, createReplyGuard } from '../../../src/conversation/guard-replies.js';
import type { Draft } from '../../../src/conversation/render-replies.js';
import { SAFE_REPLY_KEY } from '../../../src/guard/index.js';
import { loadTemplates, parseTemplate, placeholders, renderTemplate } from '../../../src/replies/templates.js';
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

  // What the template renderer makes of a plan: the text and the template's wording as a fact.
  const rendered = (key: string, vars?: Record<string, string>): Draft => ({
    reply: renderTemplate(templates, key, vars), facts: [templates.get(key)?.body ?? '', ...Object.values(vars ?? {})], quoted: [],
  });
  const refuse = async (): Promise<never> => {
    throw new Error('the checker was asked');
  };

  it('sends a constant template that passed the guard at start without checking it again', async () => {
    const [asked] = await createReplyGuard(templates, refuse).check([rendered('ask-order-id')], { visitorText: 'where is my order?' });
    assert.equal(asked?.reply.text, templates.get('ask-order-id')?.body);
    assert.equal(asked?.blocked, undefined);
  });

  it('checks everything else: other wording under the same key, a template with values, quoted names', async () => {
    const seen: string[] = [];
    const guard = createReplyGuard(templates, async (replies) => replies.map((r) => (seen.push(r.text), [])));
    const rewritten: Draft = { ...rendered('ask-order-id'), reply: { ...rendered('ask-order-id').reply, text: 'What is the order number?' } };
    const withValues = rendered('service-unknown', Object.fromEntries(placeholders(templates.get('service-unknown')!).map((name) => [name, '1234'])));
    const quoting: Draft = { ...rendered('ask-order-id'), quoted: ['Instagram Followers [Refill 30d]'] };
    const replies = await guard.check([rendered('ask-order-id'), rewritten, withValues, quoting], { visitorText: 'hi' });
    assert.deepEqual(seen, ['What is the order number?', withValues.reply.text, quoting.reply.text]);
    assert.equal(replies.length, 4);
  });

  it('keeps each verdict with its reply when constant and checked replies are mixed', async () => {
    const guard = createReplyGuard(templates, async (replies) => replies.map(() => [{ ruleId: 'no-refund-promise', evidence: 'refund' }]));
    const [constant, checked] = await guard.check([rendered('ask-order-id'), draft('You will get a refund.')], { visitorText: '' });
    assert.equal(constant?.blocked, undefined);
    assert.equal(checked?.reply.replyKey, SAFE_REPLY_KEY);
  });

  it('never counts a constant template the guard blocks as checked: it is blocked in every turn', async () => {
    const promising = new Map([['promise', parseTemplate('promise', 'We will refund you in full.')], [SAFE_REPLY_KEY, templates.get(SAFE_REPLY_KEY)!]]);
    assert.deepEqual([...constantSafeReplies(promising).keys()], [SAFE_REPLY_KEY]);
    const guard = createReplyGuard(promising, createTurnStages({ threads: 0 }).check);
    const draftOf: Draft = { reply: renderTemplate(promising, 'promise'), facts: ['We will refund you in full.'], quoted: [] };
    const [reply] = await guard.check([draftOf], { visitorText: '' });
    assert.equal(reply?.reply.replyKey, SAFE_REPLY_KEY);
    assert.deepEqual(reply?.blocked?.rules, ['no-refund-promise']);
  });
});

