// The optional LLM writer in whole turns: whatever the model writes, the guard has the last word.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeListChatModel } from '@langchain/core/utils/testing';
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

describe('LLM writer in conversations', () => {
  it('sends the model\'s rephrasing when it keeps the facts', async (t) => {
    const model = new FakeListChatModel({ responses: ['Hello and welcome! I can check orders, explain API errors, help with WooCommerce, or get you a person. What do you need?'] });
    const world = await createWorld(t, { chatModel: model });
    const { say } = await open(world);
    const reply = await say('hello');
    assert.match(reply.messages[0]?.text ?? '', /Hello and welcome/);
  });

  it('replaces a model-written refund promise with the safe reply, records it, and hands off the second time', async (t) => {
    const promise = 'Order 4829304 is Completed. Good news: we will refund you in full within 24 hours, guaranteed.';
    const model = new FakeListChatModel({ responses: Array.from({ length: 20 }, () => promise) });
    const world = await createWorld(t, { chatModel: model });
    const { id, say } = await open(world);
    const first = await say('what is the status of order 4829304? email maria.lopez88@gmail.com');
    const texts = first.messages.map((m) => m.text);
    assert.ok(texts.every((text) => !/refund you in full|within 24 hours|guaranteed/i.test(text)), JSON.stringify(texts));
    assert.ok(texts.some((text) => /can't confirm that here/.test(text)));
    const blocked = world.deps.store.events(id, { types: ['guard_blocked'] });
    assert.ok(blocked.length >= 1);
    assert.equal(first.state.handoff, 'none');

    const second = await say('and what about order 4829304 again? maria.lopez88@gmail.com');
    assert.ok(second.messages.every((m) => !/refund you in full/i.test(m.text)));
    assert.equal(second.state.handoff, 'queued');
    const requested = world.deps.store.events(id, { types: ['handoff_requested'] }).at(-1);
    assert.equal(requested?.type === 'handoff_requested' ? requested.reason : undefined, 'guard_blocked');
  });
});
