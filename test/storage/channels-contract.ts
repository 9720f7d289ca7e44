// The messenger channels contract (links between outside chats and conversations, delivery
// claims, cursors), against the storage port only (every adapter passes it).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { initialState } from '../../src/conversation/state.js';
import type { Storage } from '../../src/storage/port.js';
import { storageForTest } from './contract-storage.js';

const at = (minute: number): string => new Date(Date.UTC(2026, 10, 22, 10, minute)).toISOString();
const started = { type: 'conversation_started' as const, locale: 'en', page: null, verifiedUserId: null };
const said = (n: number) => ({ type: 'bot_said' as const, messageId: `b${n}`, text: `hello ${n}`, replyKey: 'greeting' as const, quickReplies: [], inReplyTo: null });

async function conversation(s: Storage, id: string, minute = 0): Promise<void> {
  await s.conversations.create({ id, tokenHash: Buffer.alloc(32, 1), at: at(minute), events: [started, said(1)], state: initialState });
}

export function channelsContract(name: string, open: () => Promise<Storage>, close: (s: Storage) => Promise<void>): void {
  const storage = storageForTest(open, close);

  describe(`${name}: channels`, () => {
    it('links a chat to a conversation, and a newer generation becomes the current one', async (t) => {
      const s = await storage(t);
      assert.equal(await s.channels.current('telegram', '42'), undefined);
      await conversation(s, 'c1');
      const first = await s.channels.open({ conversationId: 'c1', channel: 'telegram', chatId: '42', openedBy: 'tg:1', deliveredSeq: 0, after: 0, at: at(0) });
      assert.deepEqual(first, {
        opened: true,
        link: { conversationId: 'c1', channel: 'telegram', chatId: '42', generation: 1, openedBy: 'tg:1', deliveredSeq: 0, createdAt: at(0) },
      });
      await conversation(s, 'c2');
      const second = await s.channels.open({ conversationId: 'c2', channel: 'telegram', chatId: '42', openedBy: 'tg:9', deliveredSeq: 2, after: 1, at: at(5) });
      assert.equal(second.opened, true);
      assert.equal((await s.channels.current('telegram', '42'))?.conversationId, 'c2');
      assert.equal((await s.channels.byConversation('c1'))?.generation, 1, 'the older link stays: its late messages still reach the chat');
      assert.equal(await s.channels.current('other', '42'), undefined, 'channels are apart');
    });

    it('the same opening update, or a second writer of the same generation, opens nothing and gets the current link', async (t) => {
      const s = await storage(t);
      await conversation(s, 'c1');
      await conversation(s, 'c2');
      await conversation(s, 'c3');
      await s.channels.open({ conversationId: 'c1', channel: 'telegram', chatId: '42', openedBy: 'tg:1', deliveredSeq: 0, after: 0, at: at(0) });
      const again = await s.channels.open({ conversationId: 'c2', channel: 'telegram', chatId: '42', openedBy: 'tg:1', deliveredSeq: 0, after: 1, at: at(1) });
      assert.equal(again.opened, false);
      assert.equal(again.link.conversationId, 'c1');
      const raced = await s.channels.open({ conversationId: 'c3', channel: 'telegram', chatId: '42', openedBy: 'tg:2', deliveredSeq: 0, after: 0, at: at(1) });
      assert.equal(raced.opened, false, 'generation 1 is taken');
      assert.equal(raced.link.conversationId, 'c1');
      assert.equal(await s.channels.byConversation('c3'), undefined);
    });

    it('a claim is one owner\'s until it ends or is released; delivered moves the position forward only', async (t) => {
      const s = await storage(t);
      await conversation(s, 'c1');
      await s.channels.open({ conversationId: 'c1', channel: 'telegram', chatId: '42', openedBy: 'tg:1', deliveredSeq: 0, after: 0, at: at(0) });
      assert.equal(await s.channels.claim('c1', 'a', 0, at(0), at(1)), true);
      assert.equal(await s.channels.claim('c1', 'b', 0, at(0), at(1)), false, 'a is delivering');
      assert.equal(await s.channels.claim('c1', 'a', 0, at(0), at(2)), true, 'the owner may extend its claim');
      assert.equal(await s.channels.delivered('c1', 'b', 2), false, 'not b\'s claim');
      assert.equal(await s.channels.delivered('c1', 'a', 2), true);
      assert.equal(await s.channels.delivered('c1', 'a', 1), true);
      assert.equal((await s.channels.byConversation('c1'))?.deliveredSeq, 2, 'never backwards');
      assert.equal(await s.channels.claim('c1', 'b', 2, at(1), at(3)), false, 'still a\'s at 10:01');
      assert.equal(await s.channels.claim('c1', 'b', 2, at(2), at(3)), true, 'a\'s claim ended at 10:02');
      assert.equal(await s.channels.delivered('c1', 'a', 3), false, 'a lost it');
      await s.channels.release('c1', 'a');
      assert.equal(await s.channels.claim('c1', 'c', 2, at(2), at(3)), false, 'a cannot release b\'s claim');
      await s.channels.release('c1', 'b');
      assert.equal(await s.channels.claim('c1', 'c', 1, at(2), at(3)), false, 'the position is not 1 any more');
      assert.equal(await s.channels.claim('c1', 'c', 2, at(2), at(3)), true);
    });

    it('lists the links with messages not delivered and no current claim', async (t) => {
      const s = await storage(t);
      await conversation(s, 'c1', 0);
      await conversation(s, 'c2', 1);
      await conversation(s, 'c3', 2);
      await s.channels.open({ conversationId: 'c1', channel: 'telegram', chatId: '1', openedBy: 'tg:1', deliveredSeq: 0, after: 0, at: at(0) });
      await s.channels.open({ conversationId: 'c2', channel: 'telegram', chatId: '2', openedBy: 'tg:2', deliveredSeq: 2, after: 0, at: at(0) });
      await s.channels.open({ conversationId: 'c3', channel: 'telegram', chatId: '3', openedBy: 'tg:3', deliveredSeq: 1, after: 0, at: at(0) });
      assert.deepEqual(await s.channels.undelivered(at(0), 10), [{ conversationId: 'c1', lastSeq: 2 }, { conversationId: 'c3', lastSeq: 2 }]);
      assert.deepEqual(await s.channels.undelivered(at(0), 1), [{ conversationId: 'c1', lastSeq: 2 }], 'at most `limit`');
      await s.channels.claim('c1', 'a', 0, at(0), at(5));
      assert.deepEqual(await s.channels.undelivered(at(1), 10), [{ conversationId: 'c3', lastSeq: 2 }], 'claimed');
      assert.deepEqual((await s.channels.undelivered(at(5), 10)).map((r) => r.conversationId), ['c1', 'c3'], 'the claim ended');
    });

    it('a purged conversation takes its link with it', async (t) => {
      const s = await storage(t);
      await conversation(s, 'c1', 0);
      await s.channels.open({ conversationId: 'c1', channel: 'telegram', chatId: '42', openedBy: 'tg:1', deliveredSeq: 0, after: 0, at: at(0) });
      assert.equal(await s.conversations.purgeIdleSince(at(30)), 1);
      assert.equal(await s.channels.current('telegram', '42'), undefined);
    });

    it('keeps named cursors', async (t) => {
      const s = await storage(t);
      assert.equal(await s.channels.cursor('telegram:offset'), undefined);
      await s.channels.setCursor('telegram:offset', '101', at(0));
      await s.channels.setCursor('telegram:offset', '105', at(1));
      await s.channels.setCursor('other', 'x', at(1));
      assert.equal(await s.channels.cursor('telegram:offset'), '105');
      assert.equal(await s.channels.cursor('other'), 'x');
    });

    it('lists the named values under a prefix set before a time, oldest first, and deletes one', async (t) => {
      const s = await storage(t);
      await s.channels.setCursor('cw:inbox:2', 'b', at(2));
      await s.channels.setCursor('cw:inbox:1', 'a', at(1));
      await s.channels.setCursor('cw:inbox:3', 'c', at(5));
      await s.channels.setCursor('cw:inboxes', 'not under the prefix', at(0));
      await s.channels.setCursor('cwXinbox:9', 'a wildcard would match this', at(0));
      await s.channels.setCursor('cw_inbox:8', 'nor this', at(0));
      assert.deepEqual(await s.channels.cursorsBefore('cw:inbox:', at(5), 10), [{ name: 'cw:inbox:1', value: 'a' }, { name: 'cw:inbox:2', value: 'b' }]);
      assert.deepEqual(await s.channels.cursorsBefore('cw:inbox:', at(6), 1), [{ name: 'cw:inbox:1', value: 'a' }]);
      assert.deepEqual(await s.channels.cursorsBefore('cw_inbox:', at(6), 10), [{ name: 'cw_inbox:8', value: 'nor this' }]);
      await s.channels.deleteCursor('cw:inbox:1');
      await s.channels.deleteCursor('cw:inbox:missing');
      assert.equal(await s.channels.cursor('cw:inbox:1'), undefined);
      assert.deepEqual((await s.channels.cursorsBefore('cw:inbox:', at(6), 10)).map((c) => c.name), ['cw:inbox:2', 'cw:inbox:3']);
    });
  });
}
