import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createReplyGuard, type CheckReply } from '../../../src/turn/guard-replies.js';
import type { Draft } from '../../../src/turn/render-replies.js';
import { checkReply, SAFE_REPLY_KEY } from '../../../src/guard/index.js';
import { loadTemplates, parseTemplate, placeholders, renderTemplate } from '../../../src/replies/templates.js';
import type { ReplyKey } from '../../../src/policy/reply-keys.js';
import { builtInPrompts } from '../../../src/prompts.js';

const templates = loadTemplates(builtInPrompts.folder('replies'));
const draft = (text: string): Draft => ({ reply: { replyKey: 'kb-answer', text, quickReplies: [] }, facts: [], quoted: [] });

describe('reply guard', () => {
  it('sends a clean reply, replaces a promise with the safe reply and reports its rules', () => {
    const blocked: string[][] = [];
    const guard = createReplyGuard(templates, (rules) => blocked.push(rules));
    const [clean, promise] = guard.check([draft('Happy to help with that.'), draft('You will get a full refund within 24 hours.')], { visitorText: 'help' });
    assert.equal(clean?.reply.text, 'Happy to help with that.');
    assert.equal(clean?.blocked, undefined);
    assert.equal(promise?.reply.replyKey, SAFE_REPLY_KEY);
    assert.equal(promise?.blocked?.draft, 'You will get a full refund within 24 hours.');
    assert.deepEqual(blocked, [promise?.blocked?.rules]);
  });

  // What the template renderer makes of a plan: the text and the template's wording as a fact.
  const rendered = (key: ReplyKey, vars?: Record<string, string>): Draft => ({
    reply: renderTemplate(templates, key, vars), facts: [templates.get(key)?.body ?? '', ...Object.values(vars ?? {})], quoted: [],
  });
  /** The real checker, recording what turns ask: not the check of a constant template alone (its wording its only fact). */
  const recording = (seen: string[]): CheckReply => (text, context) => {
    const alone = context.facts.length === 1 && context.facts[0] === text && context.quoted === undefined;
    if (!alone) seen.push(text);
    return checkReply(text, context);
  };

  it('sends a constant template that passed the guard alone without checking it again', () => {
    const seen: string[] = [];
    const guard = createReplyGuard(templates, undefined, recording(seen));
    const [asked] = guard.check([rendered('ask-order-id')], { visitorText: 'where is my order?' });
    assert.equal(asked?.reply.text, templates.get('ask-order-id')?.body);
    assert.equal(asked?.blocked, undefined);
    assert.deepEqual(seen, []);
  });

  it('checks everything else: other wording under the same key, a template with values, quoted names', () => {
    const seen: string[] = [];
    const guard = createReplyGuard(templates, undefined, recording(seen));
    const rewritten: Draft = { ...rendered('ask-order-id'), reply: { ...rendered('ask-order-id').reply, text: 'What is the order number?' } };
    const withValues = rendered('service-unknown', Object.fromEntries(placeholders(templates.get('service-unknown')!).map((name) => [name, '1234'])));
    const quoting: Draft = { ...rendered('ask-order-id'), quoted: ['Instagram Followers [Refill 30d]'] };
    const replies = guard.check([rendered('ask-order-id'), rewritten, withValues, quoting], { visitorText: 'hi' });
    assert.deepEqual(seen, ['What is the order number?', withValues.reply.text, quoting.reply.text]);
    assert.equal(replies.length, 4);
  });

  it('keeps each verdict with its reply when constant and checked replies are mixed', () => {
    const guard = createReplyGuard(templates);
    const [constant, checked, another] = guard.check([rendered('ask-order-id'), draft('You will get a refund.'), rendered('ask-account')], { visitorText: '' });
    assert.equal(constant?.blocked, undefined);
    assert.equal(checked?.reply.replyKey, SAFE_REPLY_KEY);
    assert.deepEqual(checked?.blocked?.rules, ['no-refund-promise']);
    assert.equal(another?.reply.replyKey, 'ask-account');
  });

  it('never counts a constant template the guard blocks as checked: it is checked and blocked in every turn', () => {
    // A shipped key with a wording the guard refuses.
    const promising = new Map([['capabilities', parseTemplate('capabilities', 'We will refund you in full.')], [SAFE_REPLY_KEY, templates.get(SAFE_REPLY_KEY)!]]);
    const seen: string[] = [];
    const guard = createReplyGuard(promising, undefined, recording(seen));
    const draftOf: Draft = { reply: renderTemplate(promising, 'capabilities'), facts: ['We will refund you in full.'], quoted: [] };
    for (let turn = 0; turn < 2; turn++) {
      const [reply] = guard.check([draftOf], { visitorText: '' });
      assert.equal(reply?.reply.replyKey, SAFE_REPLY_KEY);
      assert.deepEqual(reply?.blocked?.rules, ['no-refund-promise']);
    }
    assert.deepEqual(seen, ['We will refund you in full.', 'We will refund you in full.']);
  });
});
