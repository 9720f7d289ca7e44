// Identifiers in stored bot text: the templates never quote an email or a payment reference back
// (guard test over every scripted conversation), and whatever a renderer (the LLM writer) adds
// from the visitor's message is masked before the guard and the store. Agents keep full values.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeListChatModel } from '@langchain/core/utils/testing';
import type { Draft, ReplyRenderer } from '../../../src/turn/render-replies.js';
import { initialState } from '../../../src/conversation/state.js';
import { maskEmail, maskingRenderer, maskReference, maskVisitorIdentifiers } from '../../../src/lifecycle/mask.js';
import { scripts } from '../../conversations/scripts/index.js';
import { createWorld, type World } from '../../conversations/world.js';

const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;
const context = (visitorText: string, collected: Record<string, string> = {}) => ({ visitorText, state: { ...initialState, collected } });

describe('masking visitor identifiers', () => {
  it('masks an email and a payment reference the visitor sent, keeps what the facts hold', () => {
    const ctx = context('my email is Maria.Lopez88@gmail.com and I paid with 8UJ12345AB678901C', { order_id: '4829113' });
    const text = 'Thanks Maria.Lopez88@gmail.com. Payment 8UJ12345AB678901C for order 4829113 is noted; write to help@shop.example.';
    const masked = maskVisitorIdentifiers(text, ctx, ['order 4829113', 'write to help@shop.example']);
    assert.equal(masked, 'Thanks M***@gmail.com. Payment ****901C for order 4829113 is noted; write to help@shop.example.');
  });

  it('masks collected slots from earlier messages too, case-insensitively', () => {
    const ctx = context('yes', { email: 'maria.lopez88@gmail.com', payment_reference: '0x9f2c1e7b44aa' });
    assert.equal(maskVisitorIdentifiers('We have MARIA.LOPEZ88@GMAIL.COM and 0x9f2c1e7b44aa.', ctx), 'We have M***@GMAIL.COM and ****44aa.');
  });

  it('leaves text alone when the visitor gave nothing identifying', () => {
    const text = 'Order 4829113 is In progress.';
    assert.equal(maskVisitorIdentifiers(text, context('status of 4829113 please'), ['4829113']), text);
    assert.equal(maskEmail('a@b.co'), 'a***@b.co');
    assert.equal(maskReference('PAYID-ABC123'), '****C123');
  });

  it('wraps a renderer: drafts come back masked, facts and quick replies untouched', async () => {
    const inner: ReplyRenderer = {
      render: async () => [{ reply: { replyKey: 'identity-noted', text: 'Got it, maria@example.com.', quickReplies: ['Talk to a person'] }, facts: ['Got it.'], quoted: [] } satisfies Draft],
    };
    const [draft] = await maskingRenderer(inner).render([], context('it is maria@example.com'));
    assert.equal(draft?.reply.text, 'Got it, m***@example.com.');
    assert.deepEqual(draft?.reply.quickReplies, ['Talk to a person']);
    assert.deepEqual(draft?.facts, ['Got it.']);
  });
});

/** Plays the visitor's side of a script (and its faults); expectations are run.test.ts's job. */
async function replay(world: World, steps: (typeof scripts)[number]['steps']) {
  const opened = (await world.app.inject({ method: 'POST', url: '/v1/conversations' })).json() as { conversation: { id: string }; token: string };
  const headers = { authorization: `Bearer ${opened.token}`, 'content-type': 'application/json' };
  const sent: string[] = [];
  for (const step of steps) {
    if ('fault' in step) world.sandbox.faults.inject(step.fault, step.times ? { times: step.times } : {});
    if (!('user' in step)) continue;
    sent.push(step.user);
    await world.app.inject({ method: 'POST', url: `/v1/conversations/${opened.conversation.id}/messages`, headers, payload: { text: step.user } });
  }
  return { id: opened.conversation.id, sent };
}

describe('stored bot text (guard)', () => {
  it('no bot_said in any scripted conversation holds a full email the visitor sent', async (t) => {
    // Every script in one world: more requests than a client address may send in a minute.
    const world = await createWorld(t, { env: { RATE_LIMIT_PER_IP_PER_MINUTE: '0' } });
    let emailsSent = 0;
    for (const script of scripts) {
      const { id, sent } = await replay(world, script.steps);
      const visitorEmails = sent.flatMap((text) => [...text.matchAll(EMAIL)].map((m) => m[0].toLowerCase()));
      emailsSent += visitorEmails.length;
      for (const e of await world.deps.storage.conversations.events(id, { types: ['bot_said'] })) {
        if (e.type !== 'bot_said') continue;
        for (const email of visitorEmails) assert.ok(!e.text.toLowerCase().includes(email), `${script.name}: bot_said quotes ${email}: ${e.text}`);
      }
    }
    assert.ok(emailsSent >= 5, `the scripts send emails (${emailsSent})`);
  });

  it('an LLM rephrasing that echoes the visitor\'s email and reference never stores them in full; the agent packet keeps them', async (t) => {
    // The model repeats values the template did not say: the no-new-claim check refuses it and the
    // template goes out; whichever text is stored, the email and the reference are not in it whole.
    const echo = 'Thanks! I have your email maria.lopez88@gmail.com and reference 8UJ12345AB678901C. What happened with the payment?';
    const world = await createWorld(t, { chatModel: new FakeListChatModel({ responses: Array.from({ length: 20 }, () => echo) }) });
    const { id } = await replay(world, [{ user: 'my payment failed, ref 8UJ12345AB678901C, email maria.lopez88@gmail.com' }]);
    const botTexts = (await world.deps.storage.conversations.events(id, { types: ['bot_said'] })).flatMap((e) => (e.type === 'bot_said' ? [e.text] : []));
    assert.ok(botTexts.length >= 2, JSON.stringify(botTexts));
    for (const text of botTexts) {
      assert.ok(!text.includes('maria.lopez88@gmail.com') && !text.includes('8UJ12345AB678901C'), text);
      assert.ok(!text.includes('Thanks! I have your email'), `the echo was refused: ${text}`);
    }
    const collected = (await world.deps.storage.conversations.get(id))?.state.collected ?? {};
    assert.equal(collected.email, 'maria.lopez88@gmail.com');
  });
});
