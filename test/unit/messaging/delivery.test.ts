// The channel core's delivery (messaging/delivery.ts) with a recording adapter on the SQLite
// adapter: what reaches a chat (and what never does), an outage resumed from the same message, a
// refused message skipped, and another instance's claim respected until its lease runs out.
import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import { pino } from 'pino';
import type { ConversationEvent } from '../../../src/conversation/events.js';
import { initialState } from '../../../src/conversation/state.js';
import { MessageRefused, type ChannelAdapter, type OutgoingMessage } from '../../../src/messaging/channel.js';
import { LEASE_MS, startDelivery } from '../../../src/messaging/delivery.js';
import { openSqliteStorage } from '../../../src/storage/sqlite/index.js';
import { fixedClock } from '../../helpers/deterministic.js';

const bot = (n: number, quickReplies: string[] = []): ConversationEvent => ({ type: 'bot_said', messageId: `b${n}`, text: `bot ${n}`, replyKey: 'greeting', quickReplies, inReplyTo: null });
const user = (n: number): ConversationEvent => ({ type: 'user_said', messageId: `u${n}`, text: `visitor ${n}`, clientMessageId: `tg:${n}`, secrets: [] });

async function setup(t: TestContext, adapter: ChannelAdapter & { failNext?: number }) {
  const storage = openSqliteStorage({ path: ':memory:' });
  const clock = fixedClock();
  const at = () => clock().toISOString();
  await storage.conversations.create({
    id: 'c1', tokenHash: Buffer.alloc(32), at: at(), state: initialState,
    events: [{ type: 'conversation_started', locale: 'en', page: null, verifiedUserId: null }, bot(1, ['Talk to a person'])],
  });
  await storage.channels.open({ conversationId: 'c1', channel: 'test', chatId: 'chat-1', openedBy: 'tg:0', deliveredSeq: 0, after: 0, at: at() });
  const delivery = startDelivery({
    storage, links: storage.channels, store: storage.conversations, adapters: [adapter], owner: 'me', clock, log: pino({ level: 'silent' }), sweepMs: 3_600_000,
  });
  t.after(async () => {
    await delivery.stop();
    await storage.close();
  });
  let seq = 2;
  const append = async (events: ConversationEvent[]) => {
    await storage.conversations.append({ conversationId: 'c1', expectedSeq: seq, at: at(), events, state: initialState });
    seq += events.length;
    await delivery.settled();
  };
  return { storage, clock, delivery, append };
}

function recorder() {
  const sent: OutgoingMessage[] = [];
  const adapter = {
    name: 'test',
    failNext: 0,
    refuse: new Set<string>(),
    async send(_chat: string, message: OutgoingMessage) {
      if (adapter.failNext > 0) {
        adapter.failNext--;
        throw new Error('the channel is down');
      }
      if (adapter.refuse.has(message.text)) throw new MessageRefused('blocked');
      sent.push(message);
    },
  };
  return { adapter, sent };
}

describe('channel delivery', () => {
  it('sends the bot\'s, the agents\' and system lines in order, never the visitor\'s words or internal events, each once', async (t) => {
    const { adapter, sent } = recorder();
    const { storage, delivery, append } = await setup(t, adapter);
    await delivery.sweep(); // the opening greeting (a /start: delivered from 0)
    await append([user(1), { type: 'topic_set', intent: null }, bot(2)]);
    await append([{ type: 'agent_said', messageId: 'a1', agent: 'sam', text: 'agent here' }, { type: 'system_said', messageId: 's1', text: 'system line' }]);
    await delivery.sweep();
    assert.deepEqual(sent, [
      { from: 'bot', text: 'bot 1', quickReplies: ['Talk to a person'] },
      { from: 'bot', text: 'bot 2', quickReplies: [] },
      { from: 'agent', text: 'agent here', quickReplies: [] },
      { from: 'system', text: 'system line', quickReplies: [] },
    ]);
    assert.equal((await storage.channels.byConversation('c1'))?.deliveredSeq, 7);
  });

  it('an outage stops at the failing message; the next attempt goes on from it, sending nothing twice', async (t) => {
    const { adapter, sent } = recorder();
    const { delivery, append } = await setup(t, adapter);
    await delivery.sweep();
    adapter.failNext = 1;
    await append([user(1), bot(2), bot(3)]);
    assert.deepEqual(sent.map((m) => m.text), ['bot 1'], 'stopped at bot 2');
    await delivery.sweep();
    assert.deepEqual(sent.map((m) => m.text), ['bot 1', 'bot 2', 'bot 3']);
  });

  it('a message the channel refuses for good is skipped', async (t) => {
    const { adapter, sent } = recorder();
    adapter.refuse.add('bot 2');
    const { storage, append } = await setup(t, adapter);
    await append([user(1), bot(2), bot(3)]);
    assert.deepEqual(sent.map((m) => m.text), ['bot 1', 'bot 3']);
    assert.equal((await storage.channels.byConversation('c1'))?.deliveredSeq, 5);
  });

  it('another instance\'s claim is left alone until its lease runs out; then its messages are sent from the last stored position', async (t) => {
    const { adapter, sent } = recorder();
    const { storage, clock, delivery, append } = await setup(t, adapter);
    await delivery.sweep(); // the greeting, delivered here
    // Another instance then claimed the chat and died before it sent anything.
    const now = clock().getTime();
    assert.ok(await storage.channels.claim('c1', 'other', 2, clock().toISOString(), new Date(now + LEASE_MS).toISOString()));
    await append([user(1), bot(2)]);
    await delivery.sweep();
    assert.deepEqual(sent.map((m) => m.text), ['bot 1'], 'its claim holds');
    clock.advance(LEASE_MS);
    await delivery.sweep();
    assert.deepEqual(sent.map((m) => m.text), ['bot 1', 'bot 2'], 'from the last stored position');
  });
});
