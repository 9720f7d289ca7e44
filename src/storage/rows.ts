// Rows as both adapters read them: the tables have the same columns on SQLite and PostgreSQL, so
// turning a row into what the port returns is written once. Only the stored state differs (text on
// SQLite, parsed JSON from PostgreSQL), so it is passed in already parsed.
import type { HandoffReason } from '../conversation/events.js';
import { initialState, type ConversationState } from '../conversation/state.js';
import type { HandoffStatus } from '../handoff/state-machine.js';
import type { OrderStatus } from '../panel/types.js';
import type { ChannelLink, ConversationRecord, HandoffRow, OrderRecord } from './port.js';

export interface ConversationTableRow {
  id: string;
  token_hash: Buffer;
  created_at: string;
  updated_at: string;
  last_seq: number;
}

export const toConversationRecord = (row: ConversationTableRow, storedState: Partial<ConversationState>): ConversationRecord => ({
  id: row.id,
  tokenHash: row.token_hash,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  lastSeq: row.last_seq,
  // Fields added since the row was written take their initial values.
  state: { ...initialState, ...storedState },
});

export interface HandoffTableRow {
  id: string;
  conversation_id: string;
  status: HandoffStatus;
  reason: HandoffReason;
  summary: string;
  assignee: string | null;
  note: string | null;
  requested_seq: number;
  created_at: string;
  updated_at: string;
}

export const toHandoffRow = (r: HandoffTableRow): HandoffRow => ({
  id: r.id,
  conversationId: r.conversation_id,
  status: r.status,
  reason: r.reason,
  summary: r.summary,
  assignee: r.assignee,
  note: r.note,
  requestedSeq: r.requested_seq,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export interface OrderTableRow {
  order_id: string;
  shop_order_id: string | null;
  email: string | null;
  account_id: string | null;
  link: string | null;
  payment_reference: string | null;
  service_id: string | null;
  quantity: number | null;
  created_at: string | null;
  status: OrderStatus | null;
  raw_status: string | null;
  start_count: number | null;
  remains: number | null;
  charge: string | null;
  status_at: string | null;
}

/**
 * The merge rules of an order upsert, the same SQL on both adapters: COALESCE(new, old), so a
 * source without the customer block (a webhook) never forgets the owner.
 */
export const ORDER_MERGE = `ON CONFLICT (order_id) DO UPDATE SET
  shop_order_id     = COALESCE(excluded.shop_order_id, orders.shop_order_id),
  email             = COALESCE(excluded.email, orders.email),
  account_id        = COALESCE(excluded.account_id, orders.account_id),
  link              = COALESCE(excluded.link, orders.link),
  payment_reference = COALESCE(excluded.payment_reference, orders.payment_reference),
  service_id        = COALESCE(excluded.service_id, orders.service_id),
  quantity          = COALESCE(excluded.quantity, orders.quantity),
  created_at        = COALESCE(excluded.created_at, orders.created_at),
  updated_at        = excluded.updated_at`;

export const toOrderRecord = (row: OrderTableRow): OrderRecord => ({
  orderId: row.order_id,
  shopOrderId: row.shop_order_id,
  email: row.email,
  accountId: row.account_id,
  link: row.link,
  paymentReference: row.payment_reference,
  serviceId: row.service_id,
  quantity: row.quantity,
  createdAt: row.created_at,
  lastStatus: row.status && row.status_at
    ? { status: row.status, rawStatus: row.raw_status ?? '', startCount: row.start_count, remains: row.remains, charge: row.charge, fetchedAt: row.status_at }
    : null,
});

export interface ChannelLinkTableRow {
  conversation_id: string;
  channel: string;
  chat_id: string;
  generation: number;
  opened_by: string;
  delivered_seq: number;
  created_at: string;
}

export const CHANNEL_LINK_COLUMNS = 'conversation_id, channel, chat_id, generation, opened_by, delivered_seq, created_at';

export const toChannelLink = (r: ChannelLinkTableRow): ChannelLink => ({
  conversationId: r.conversation_id,
  channel: r.channel,
  chatId: r.chat_id,
  generation: r.generation,
  openedBy: r.opened_by,
  deliveredSeq: r.delivered_seq,
  createdAt: r.created_at,
});
