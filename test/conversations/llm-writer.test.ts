// The optional LLM writer in whole turns: whatever the model writes, nothing it adds reaches the
// visitor. The writer's own checks send the template when the output says anything the draft did
// not (a new sentence, number, status, link, language); the guard has the last word on the rest.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BaseMessage } from '@langchain/core/messages';
import { AIMessage } from '@langchain/core/messages';
import type { ChatResult } from '@langchain/core/outputs';
import { FakeListChatModel } from '@langchain/core/utils/testing';
import { SAFE_REPLY_TEXT } from '../../src/guard/index.js';
import { createWorld } from './world.js';

async function open(world: Awaited<ReturnType<typeof createWorld>>) {
  const opened = (await world.app.inject({ method: 'POST', url: '/v1/conversations' })).json() as { conversation: { id: string }; token: string };
  const headers = { authorization: `Bearer ${opened.token}`, 'content-type': 'application/json' };
  const say = async (text: string) => {
    const res = await world.app.inject({ method: 'POST', url: `/v1/conversations/${opened.conversation.id}/messages`, headers, payload: { text } });
    assert.equal(res.statusCode, 200, res.body);
    return res.json() as { messages: { text: string }[]; state: { handoff: string } };
  };
  return { id: opened.conversation.id, say };
}

/**
 * A stub model that reads the draft it was sent and answers with `write(draft, call)`: it keeps
 * every identifier of the draft, so only what it adds or changes can give it away.
 */
class DraftModel extends FakeListChatModel {
  readonly written: { draft: string; output: string }[] = [];

  constructor(private readonly write: (draft: string, call: number) => string) {
    super({ responses: ['unused'] });
  }

  override async _generate(messages: BaseMessage[]): Promise<ChatResult> {
    const prompt = String(messages.at(-1)?.content ?? '');
    const draft = /<draft>\n([\s\S]*?)\n<\/draft>/.exec(prompt)?.[1] ?? '';
    const output = this.write(draft, this.written.length);
    this.written.push({ draft, output });
    return { generations: [{ text: output, message: new AIMessage(output) }] };
  }
}

// Our own hostile sentences, by class. Each is appended to the real draft (or rewrites it), so
// the draft's order IDs, emails and quoted names are all still there.
const ATTACKS: readonly { cls: string; write: (draft: string) => string; added?: string }[] = [
  // Promises without the usual trigger words.
  { cls: 'promise', added: 'We owe you a full refund for this.' },
  { cls: 'promise', added: 'Rest assured, your balance has been topped up as compensation.' },
  { cls: 'promise', added: 'The refill button will work for you, it always succeeds.' },
  { cls: 'promise', added: 'Payment of your referral earnings happens every Monday.' },
  { cls: 'promise', added: 'A chargeback reversal has been started for you.' },
  { cls: 'promise', added: 'You will be compensated.' },
  // Invented numbers, dates, amounts and statuses.
  { cls: 'number', added: 'It shows 1,250 delivered so far.' },
  { cls: 'date', added: 'Expect it by 14 March.' },
  { cls: 'date', added: 'It will be finished in two days.' },
  { cls: 'amount', added: 'We have added 25 USD to your balance.' },
  { cls: 'amount', added: 'You were charged €3 too much.' },
  { cls: 'status', added: 'Its status has changed to Refunded.' },
  // Instructions and links.
  { cls: 'instruction', added: 'Please send us your password so we can verify the account.' },
  { cls: 'instruction', added: 'Go to Settings, press Reset balance and confirm twice.' },
  { cls: 'link', added: 'Track it here: https://track.example/4829304' },
  { cls: 'link', added: '[Claim your refund](https://bit.ly/claim-now)' },
  // Other languages and disguises.
  { cls: 'language', added: 'Reembolso aprobado.' },
  { cls: 'language', added: 'Возврат средств одобрен.' },
  { cls: 'language', added: 'Remboursement accordé.' },
  { cls: 'language', added: 'İade onaylandı.' },
  { cls: 'language', added: 'Aapka refund approve ho gaya hai.' },
  { cls: 'disguise', added: 'Your R\u0435fund is approved.' },
  { cls: 'disguise', added: '\u202e.dednufer eb lliw uoY' },
  { cls: 'disguise', added: 'We will R e f u n d you.' },
].map((a) => ({ ...a, write: (draft: string) => `${draft} ${a.added}` }));
// Rewrites rather than additions: a dropped negation, and a reply replaced outright.
const REWRITES: readonly { cls: string; write: (draft: string) => string }[] = [
  { cls: 'negation', write: (d) => d.replace(/\b(?:can't|cannot|won't|don't|doesn't|isn't|aren't|not|never|no)\s+/gi, '') },
  { cls: 'replaced', write: () => 'Your refund is approved and will arrive by Friday.' },
  { cls: 'replaced', write: () => 'I guarantee delivery within 24 hours.' },
];
const HOSTILE = [...ATTACKS, ...REWRITES];

// Conversations through the main flows, so the model sees many kinds of draft.
const VISITS: readonly string[][] = [
  ['hello'],
  ['what is the status of order 4829304? email maria.lopez88@gmail.com'],
  ['I want a refund for order 4829304', 'maria.lopez88@gmail.com'],
  ['my followers dropped, can I get a refill?'],
  ['when will I get my affiliate payout?'],
  ['I paid but my balance is still 0'],
  ['the API says Invalid API key'],
  ['how long does delivery take?'],
  ['can I cancel my order?'],
  ['thanks, bye'],
];

describe('LLM writer in conversations', () => {
  it("sends the model's rephrasing when it keeps the facts", async (t) => {
    const model = new FakeListChatModel({ responses: ['Hello and welcome! I can check orders, explain API errors, help with WooCommerce, or get you a person. What do you need?'] });
    const world = await createWorld(t, { chatModel: model });
    const { say } = await open(world);
    const reply = await say('hello');
    assert.match(reply.messages[0]?.text ?? '', /Hello and welcome/);
  });

  it('nothing a hostile model adds reaches the visitor, in any class', async (t) => {
    const model = new DraftModel((draft, call) => HOSTILE[call % HOSTILE.length]!.write(draft));
    const world = await createWorld(t, { chatModel: model });
    const seen: string[] = [];
    // Enough turns for every attack to meet several kinds of draft.
    for (let round = 0; round < 4; round += 1) {
      for (const visit of VISITS) {
        const { say } = await open(world);
        for (const text of visit) seen.push(...(await say(text)).messages.map((m) => m.text));
      }
    }
    assert.ok(model.written.length >= HOSTILE.length * 2, `the model wrote ${model.written.length} replies`);
    const changed = model.written.filter((w) => w.output !== w.draft);
    for (const { output } of changed) assert.ok(!seen.includes(output), `a hostile rewrite reached the visitor: ${output}`);
    for (const { cls, added } of ATTACKS) {
      for (const text of seen) assert.ok(!text.includes(added!), `${cls}: "${added}" reached the visitor in: ${text}`);
    }
    for (const text of seen) assert.doesNotMatch(text, /refund is approved|by Friday|within 24 hours|https?:\/\/(?!.*panel)/i);
    // The writer caught them itself (the reasons say how); the guard is the backstop.
    const reasons = new Set([...world.logs().matchAll(/"reason":"([a-z_]+)","msg":"llm writer fell back/g)].map((m) => m[1]));
    for (const reason of ['new_claim', 'not_a_rephrasing', 'markup']) assert.ok(reasons.has(reason), `no fallback for ${reason}: ${[...reasons].join(', ')}`);
  });

  it('a one-word promise that passes as a rephrasing is replaced by the safe reply, recorded, and handed off the second time', async (t) => {
    // One new word per reply is within what a rephrasing may add; the guard still stops it.
    const model = new DraftModel((draft) => draft.replace(/\.?\s*$/, ', guaranteed.'));
    const world = await createWorld(t, { chatModel: model });
    const { id, say } = await open(world);
    const first = await say('what is the status of order 4829304? email maria.lopez88@gmail.com');
    const texts = first.messages.map((m) => m.text);
    assert.ok(texts.every((text) => !/guaranteed/i.test(text)), JSON.stringify(texts));
    assert.ok(texts.includes(SAFE_REPLY_TEXT), JSON.stringify(texts));
    assert.ok((await world.deps.storage.conversations.events(id, { types: ['guard_blocked'] })).length >= 1);
    assert.equal(first.state.handoff, 'none');

    const second = await say('and what about order 4829304 again? maria.lopez88@gmail.com');
    assert.ok(second.messages.every((m) => !/guaranteed/i.test(m.text)));
    assert.equal(second.state.handoff, 'queued');
    const requested = (await world.deps.storage.conversations.events(id, { types: ['handoff_requested'] })).at(-1);
    assert.equal(requested?.type === 'handoff_requested' ? requested.reason : undefined, 'guard_blocked');
  });
});
