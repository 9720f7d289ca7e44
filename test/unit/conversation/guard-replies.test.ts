import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createReplyGuard, type CheckReplies } from '../../../src/conversation/guard-replies.js';
import type { Draft } from '../../../src/conversation/render-replies.js';
import { SAFE_REPLY_KEY, type GuardViolation } from '../../../src/guard/index.js';
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
  const inThread = createTurnStages({ threads: 0 }).check;
  /** The real checker for the start-up check, then one that records what each turn sends. */
  const recording = (seen: string[]): CheckReplies => {
    let started = false;
    return async (replies) => {
      if (!started) return (started = true), inThread(replies);
      seen.push(...replies.map((r) => r.text));
      return inThread(replies);
    };
  };

  it('sends a constant template that passed the guard at start without checking it again', async () => {
    const seen: string[] = [];
    const guard = createReplyGuard(templates, recording(seen));
    await guard.prepared;
    const [asked] = await guard.check([rendered('ask-order-id')], { visitorText: 'where is my order?' });
    assert.equal(asked?.reply.text, templates.get('ask-order-id')?.body);
    assert.equal(asked?.blocked, undefined);
    assert.deepEqual(seen, []);
  });

  it('checks constant templates in their turn until the start-up check has answered, or when it failed', async () => {
    const seen: string[] = [];
    const early = createReplyGuard(templates, recording(seen));
    await early.check([rendered('ask-order-id')], { visitorText: '' }); // before `prepared`
    const failed = createReplyGuard(templates, async (replies) => {
      if (replies.length > 1) throw new Error('no worker thread is running');
      seen.push(...replies.map((r) => r.text));
      return [[]];
    });
    await failed.prepared;
    await failed.check([rendered('ask-order-id')], { visitorText: '' });
    assert.deepEqual(seen, [templates.get('ask-order-id')?.body, templates.get('ask-order-id')?.body]);
  });

  it('checks everything else: other wording under the same key, a template with values, quoted names', async () => {
    const seen: string[] = [];
    const guard = createReplyGuard(templates, recording(seen));
    await guard.prepared;
    const rewritten: Draft = { ...rendered('ask-order-id'), reply: { ...rendered('ask-order-id').reply, text: 'What is the order number?' } };
    const withValues = rendered('service-unknown', Object.fromEntries(placeholders(templates.get('service-unknown')!).map((name) => [name, '1234'])));
    const quoting: Draft = { ...rendered('ask-order-id'), quoted: ['Instagram Followers [Refill 30d]'] };
    const replies = await guard.check([rendered('ask-order-id'), rewritten, withValues, quoting], { visitorText: 'hi' });
    assert.deepEqual(seen, ['What is the order number?', withValues.reply.text, quoting.reply.text]);
    assert.equal(replies.length, 4);
  });

  it('keeps the verdicts in order when the start-up check answers while a turn waits for its own', async () => {
    const answers: ((verdicts: GuardViolation[][]) => void)[] = [];
    const guard = createReplyGuard(templates, (replies) => new Promise((resolve) => answers.push(resolve)).then(() => inThread(replies)));
    const turn = guard.check([rendered('ask-order-id'), draft('You will get a refund.')], { visitorText: '' });
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(answers.length, 2); // the start-up check, then this turn's
    answers[0]?.([]);
    await guard.prepared;
    answers[1]?.([]);
    const [constant, refund] = await turn;
    assert.equal(constant?.blocked, undefined);
    assert.equal(refund?.reply.replyKey, SAFE_REPLY_KEY);
  });

  it('keeps each verdict with its reply when constant and checked replies are mixed', async () => {
    const guard = createReplyGuard(templates, recording([]));
    await guard.prepared;
    const [constant, checked, another] = await guard.check([rendered('ask-order-id'), draft('You will get a refund.'), rendered('ask-account')], { visitorText: '' });
    assert.equal(constant?.blocked, undefined);
    assert.equal(checked?.reply.replyKey, SAFE_REPLY_KEY);
    assert.deepEqual(checked?.blocked?.rules, ['no-refund-promise']);
    assert.equal(another?.reply.replyKey, 'ask-account');
  });

  it('never counts a constant template the guard blocks as checked: it is checked and blocked in every turn', async () => {
    const promising = new Map([['promise', parseTemplate('promise', 'We will refund you in full.')], [SAFE_REPLY_KEY, templates.get(SAFE_REPLY_KEY)!]]);
    const seen: string[] = [];
    const guard = createReplyGuard(promising, recording(seen));
    await guard.prepared;
    const draftOf: Draft = { reply: renderTemplate(promising, 'promise'), facts: ['We will refund you in full.'], quoted: [] };
    for (let turn = 0; turn < 2; turn++) {
      const [reply] = await guard.check([draftOf], { visitorText: '' });
      assert.equal(reply?.reply.replyKey, SAFE_REPLY_KEY);
      assert.deepEqual(reply?.blocked?.rules, ['no-refund-promise']);
    }
    assert.deepEqual(seen, ['We will refund you in full.', 'We will refund you in full.']);
  });
});
