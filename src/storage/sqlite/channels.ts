// Messenger channel links and cursors in SQLite (port.ts ChannelStore). One connection, so the
// claims only ever compete with this process's own deliveries; they are kept all the same, as
// the port's contract says and the PostgreSQL adapter needs.
import type { ChannelStore } from '../port.js';
import { CHANNEL_LINK_COLUMNS, toChannelLink, type ChannelLinkTableRow } from '../rows.js';
import type { Db } from './open.js';

export function createSqliteChannelStore(db: Db): ChannelStore {
  const current = db.prepare<[string, string], ChannelLinkTableRow>(
    `SELECT ${CHANNEL_LINK_COLUMNS} FROM channel_links WHERE channel = ? AND chat_id = ? ORDER BY generation DESC LIMIT 1`);
  const byConversation = db.prepare<[string], ChannelLinkTableRow>(`SELECT ${CHANNEL_LINK_COLUMNS} FROM channel_links WHERE conversation_id = ?`);
  // Either unique index refuses a second writer: the same generation (another update got there
  // first) or the same opening update (this one, seen again).
  const insert = db.prepare<[string, string, string, number, string, number, string]>(
    `INSERT INTO channel_links (${CHANNEL_LINK_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`);
  const claim = db.prepare<[string, string, string, number, string, string]>(
    `UPDATE channel_links SET claim_owner = ?, claim_until = ?
     WHERE conversation_id = ? AND delivered_seq = ? AND (claim_owner IS NULL OR claim_owner = ? OR claim_until <= ?)`);
  const delivered = db.prepare<[number, string, string]>(
    'UPDATE channel_links SET delivered_seq = MAX(delivered_seq, ?) WHERE conversation_id = ? AND claim_owner = ?');
  const release = db.prepare<[string, string]>('UPDATE channel_links SET claim_owner = NULL, claim_until = NULL WHERE conversation_id = ? AND claim_owner = ?');
  const undelivered = db.prepare<[string, number], { conversation_id: string; last_seq: number }>(
    `SELECT l.conversation_id, c.last_seq FROM channel_links l JOIN conversations c ON c.id = l.conversation_id
     WHERE c.last_seq > l.delivered_seq AND (l.claim_owner IS NULL OR l.claim_until <= ?)
     ORDER BY c.updated_at LIMIT ?`);
  const cursor = db.prepare<[string], { value: string }>('SELECT value FROM channel_cursors WHERE name = ?');
  const setCursor = db.prepare<[string, string, string]>(
    'INSERT INTO channel_cursors (name, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at');
  // substr, not LIKE: a prefix's `_` or `%` is not a wildcard.
  const cursorsBefore = db.prepare<[number, string, string, number], { name: string; value: string }>(
    'SELECT name, value FROM channel_cursors WHERE substr(name, 1, ?) = ? AND updated_at < ? ORDER BY updated_at, name LIMIT ?');
  const deleteCursor = db.prepare<[string]>('DELETE FROM channel_cursors WHERE name = ?');
  const row = (r: ChannelLinkTableRow | undefined) => (r ? toChannelLink(r) : undefined);
  return {
    current: async (channel, chatId) => row(current.get(channel, chatId)),
    byConversation: async (conversationId) => row(byConversation.get(conversationId)),
    open: async (link) => {
      const written = insert.run(link.conversationId, link.channel, link.chatId, link.after + 1, link.openedBy, link.deliveredSeq, link.at).changes === 1;
      const now = current.get(link.channel, link.chatId);
      if (!now) throw new Error('a channel link was neither written nor found');
      return { opened: written, link: toChannelLink(now) };
    },
    claim: async (conversationId, owner, fromSeq, at, until) => claim.run(owner, until, conversationId, fromSeq, owner, at).changes === 1,
    delivered: async (conversationId, owner, seq) => delivered.run(seq, conversationId, owner).changes === 1,
    release: async (conversationId, owner) => {
      release.run(conversationId, owner);
    },
    undelivered: async (at, limit) => undelivered.all(at, limit).map((r) => ({ conversationId: r.conversation_id, lastSeq: r.last_seq })),
    cursor: async (name) => cursor.get(name)?.value,
    setCursor: async (name, value, at) => {
      setCursor.run(name, value, at);
    },
    cursorsBefore: async (prefix, before, limit) => cursorsBefore.all([...prefix].length, prefix, before, limit),
    deleteCursor: async (name) => {
      deleteCursor.run(name);
    },
  };
}
