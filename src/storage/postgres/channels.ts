// Messenger channel links and cursors on PostgreSQL (port.ts ChannelStore), shared by every
// instance: a claim is one conditional UPDATE, so two instances never deliver the same messages
// at once, and a claim whose instance died ends at its `claim_until`.
import type pg from 'pg';
import type { ChannelStore } from '../port.js';
import { CHANNEL_LINK_COLUMNS, toChannelLink, type ChannelLinkTableRow } from '../rows.js';

const CURRENT = `SELECT ${CHANNEL_LINK_COLUMNS} FROM channel_links WHERE channel = $1 AND chat_id = $2 ORDER BY generation DESC LIMIT 1`;

export function createPostgresChannelStore(pool: pg.Pool): ChannelStore {
  const current = async (channel: string, chatId: string) => {
    const { rows } = await pool.query<ChannelLinkTableRow>(CURRENT, [channel, chatId]);
    return rows[0] ? toChannelLink(rows[0]) : undefined;
  };
  return {
    current,
    async byConversation(conversationId) {
      const { rows } = await pool.query<ChannelLinkTableRow>(`SELECT ${CHANNEL_LINK_COLUMNS} FROM channel_links WHERE conversation_id = $1`, [conversationId]);
      return rows[0] ? toChannelLink(rows[0]) : undefined;
    },
    async open(link) {
      // Either unique index refuses a second writer: the same generation (another update got
      // there first) or the same opening update (this one, seen again).
      const result = await pool.query(
        `INSERT INTO channel_links (${CHANNEL_LINK_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
        [link.conversationId, link.channel, link.chatId, link.after + 1, link.openedBy, link.deliveredSeq, link.at],
      );
      const now = await current(link.channel, link.chatId);
      if (!now) throw new Error('a channel link was neither written nor found');
      return { opened: result.rowCount === 1, link: now };
    },
    async claim(conversationId, owner, fromSeq, at, until) {
      const result = await pool.query(
        `UPDATE channel_links SET claim_owner = $1, claim_until = $2
         WHERE conversation_id = $3 AND delivered_seq = $4 AND (claim_owner IS NULL OR claim_owner = $1 OR claim_until <= $5)`,
        [owner, until, conversationId, fromSeq, at],
      );
      return result.rowCount === 1;
    },
    async delivered(conversationId, owner, seq) {
      const result = await pool.query(
        'UPDATE channel_links SET delivered_seq = GREATEST(delivered_seq, $1) WHERE conversation_id = $2 AND claim_owner = $3',
        [seq, conversationId, owner],
      );
      return result.rowCount === 1;
    },
    async release(conversationId, owner) {
      await pool.query('UPDATE channel_links SET claim_owner = NULL, claim_until = NULL WHERE conversation_id = $1 AND claim_owner = $2', [conversationId, owner]);
    },
    async undelivered(at, limit) {
      const { rows } = await pool.query<{ conversation_id: string; last_seq: number }>(
        `SELECT l.conversation_id, c.last_seq FROM channel_links l JOIN conversations c ON c.id = l.conversation_id
         WHERE c.last_seq > l.delivered_seq AND (l.claim_owner IS NULL OR l.claim_until <= $1)
         ORDER BY c.updated_at LIMIT $2`,
        [at, limit],
      );
      return rows.map((r) => ({ conversationId: r.conversation_id, lastSeq: r.last_seq }));
    },
    async cursor(name) {
      const { rows } = await pool.query<{ value: string }>('SELECT value FROM channel_cursors WHERE name = $1', [name]);
      return rows[0]?.value;
    },
    async setCursor(name, value, at) {
      await pool.query(
        'INSERT INTO channel_cursors (name, value, updated_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
        [name, value, at],
      );
    },
    async cursorsBefore(prefix, before, limit) {
      // left(), not LIKE: a prefix's `_` or `%` is not a wildcard.
      const { rows } = await pool.query<{ name: string; value: string }>(
        'SELECT name, value FROM channel_cursors WHERE left(name, length($1)) = $1 AND updated_at < $2 ORDER BY updated_at, name LIMIT $3',
        [prefix, before, limit],
      );
      return rows;
    },
    async deleteCursor(name) {
      await pool.query('DELETE FROM channel_cursors WHERE name = $1', [name]);
    },
  };
}
