// The storage port: every piece of persistence Parley has, behind async interfaces. Two adapters
// implement it, SQLite (storage/sqlite/, the embedded default) and PostgreSQL (storage/postgres/,
// selected by DATABASE_URL, for several instances); both pass the contracts in
// test/storage/*-contract.ts. Nothing outside an adapter touches a database handle.
import type { ConversationEvent, HandoffReason, StoredEvent } from '../conversation/events.js';
import type { ConversationState } from '../conversation/state.js';
import type { HandoffStatus } from '../handoff/state-machine.js';
import type { OrderStatus, PanelService } from '../panel/types.js';

// --- conversations, their events, idempotent turn replies, and the handoffs read model

export interface ConversationRecord {
  id: string;
  tokenHash: Buffer;
  createdAt: string;
  updatedAt: string;
  lastSeq: number;
  state: ConversationState;
}

export interface AppendInput {
  conversationId: string;
  /** The lastSeq the caller folded from: a concurrent writer makes the append fail, not interleave. */
  expectedSeq: number;
  at: string;
  events: readonly ConversationEvent[];
  state: ConversationState;
  /** Stored with the events so a retried clientMessageId gets this exact reply back. */
  turnReply?: { clientMessageId: string; reply: unknown };
  /**
   * The conversation is not stored yet (opened, and held until the visitor's first message). Its
   * row and its opening events (numbered from 1, at `at`) are written in the same transaction as
   * this append; `expectedSeq` is their count.
   */
  create?: { tokenHash: Buffer; at: string; events: readonly ConversationEvent[] };
}

/**
 * A place in the conversations' order of last activity, where a purge pass stopped. `key` is the
 * adapter's own tie-breaker, opaque, except that `''` is before every conversation last updated
 * at `updatedAt` (how the retention timer resumes from a cutoff).
 */
export interface PurgeCursor {
  readonly updatedAt: string;
  readonly key: string;
}

export interface ConversationStore {
  create(input: { id: string; tokenHash: Buffer; at: string; events: readonly ConversationEvent[]; state: ConversationState }): Promise<ConversationRecord>;
  get(id: string): Promise<ConversationRecord | undefined>;
  /** The visitor token's hash alone: authenticating a request reads nothing else. */
  tokenHash(id: string): Promise<Buffer | undefined>;
  /** Oldest first; with `limit`, the newest `limit` events (after `afterSeq`, of `types`). */
  events(id: string, opts?: { afterSeq?: number; types?: readonly ConversationEvent['type'][]; limit?: number }): Promise<StoredEvent[]>;
  /**
   * Atomic: the events, the materialised state, the turn reply and the handoffs read model
   * (handoff/projection.ts says what each event changes) are stored together or not at all. Events
   * are numbered from `expectedSeq + 1`. Throws ConcurrentAppendError when the conversation's
   * lastSeq is not `expectedSeq` (another writer, on this instance or another, got there first) or
   * the clientMessageId already has a reply.
   */
  append(input: AppendInput): Promise<void>;
  turnReply(conversationId: string, clientMessageId: string): Promise<unknown>;
  /** Deletes up to `limit` (default: all) conversations not updated since `cutoff`, oldest first; returns how many. */
  purgeIdleSince(cutoff: string, limit?: number): Promise<number>;
  /**
   * Reads up to `scan` conversations last updated before `cutoff` (after `from`, when given), in
   * the order of their last activity, and deletes those without a visitor message. Returns how
   * many it deleted and where the next call continues (null: nothing is left before the cutoff).
   */
  purgeUnusedBefore(cutoff: string, from: PurgeCursor | null, scan: number): Promise<{ purged: number; next: PurgeCursor | null }>;
}

export class ConcurrentAppendError extends Error {
  constructor(readonly conversationId: string) {
    super('conversation changed concurrently');
    this.name = 'ConcurrentAppendError';
  }
}

export interface HandoffRow {
  id: string;
  conversationId: string;
  status: HandoffStatus;
  reason: HandoffReason;
  summary: string;
  assignee: string | null;
  note: string | null;
  requestedSeq: number;
  createdAt: string;
  updatedAt: string;
}

/** Reads of the handoffs read model; it is written only by ConversationStore.append. */
export interface HandoffStore {
  get(id: string): Promise<HandoffRow | undefined>;
  /** Oldest first, at most `limit`. */
  list(status: HandoffStatus, limit: number): Promise<HandoffRow[]>;
  /** The conversation's queued or assigned handoff, if any. */
  openFor(conversationId: string): Promise<HandoffRow | undefined>;
  /** Queued since before `cutoff` (ISO time), oldest first. */
  queuedBefore(cutoff: string, limit: number): Promise<HandoffRow[]>;
}

// --- the order directory and the webhook inbox

export interface OrderStatusSnapshot {
  status: OrderStatus;
  rawStatus: string;
  startCount: number | null;
  remains: number | null;
  charge: string | null;
  /** When the panel said so (the webhook event's time, or when we received it). */
  fetchedAt: string;
}

/** An order as stored: identifiers already normalised (orders/normalise.ts). */
export interface OrderRecord {
  orderId: string;
  shopOrderId: string | null;
  /** Lower-cased. */
  email: string | null;
  accountId: string | null;
  /** Canonical form. */
  link: string | null;
  paymentReference: string | null;
  serviceId: string | null;
  quantity: number | null;
  createdAt: string | null;
  lastStatus: OrderStatusSnapshot | null;
}

/** What a source knows about an order, normalised; null and missing fields never erase what is stored. */
export type OrderFields = Partial<Omit<OrderRecord, 'orderId' | 'lastStatus'>> & { orderId: string };

export interface OrderStore {
  /** Inserts or merges each order, in one transaction; `at` is the rows' updated_at. */
  upsert(orders: readonly OrderFields[], at: string): Promise<void>;
  get(orderId: string): Promise<OrderRecord | undefined>;
  /** Records a status unless a newer one is already known (deliveries are not ordered); true if recorded. */
  updateStatus(orderId: string, snapshot: OrderStatusSnapshot, at: string): Promise<boolean>;
  /**
   * A verified webhook event, exactly once: the event id is recorded and the order (and its
   * status, when given) changed in one transaction. A known id changes nothing: `duplicate`.
   */
  applyWebhook(event: { id: string; type: string; receivedAt: string }, order: OrderFields, status: OrderStatusSnapshot | null): Promise<{ duplicate: boolean }>;
  count(): Promise<number>;
}

// --- support agents

export interface AgentStore {
  /**
   * Creates the agent, or replaces its token hash and clears a revocation. A display name given
   * replaces the stored one; none given keeps it.
   */
  upsert(name: string, tokenHash: Buffer, at: string, displayName?: string): Promise<void>;
  /** Marks the agent revoked and replaces its hash; false when there was no active agent of that name. */
  revoke(name: string, at: string, replacementHash: Buffer): Promise<boolean>;
  /** Sets (null: clears) the name visitors see; false when there is no agent of that name. */
  setDisplayName(name: string, displayName: string | null): Promise<boolean>;
  /** The active agent whose token hash this is. */
  byTokenHash(tokenHash: Buffer): Promise<{ name: string; displayName: string | null; tokenHash: Buffer } | undefined>;
  list(): Promise<{ name: string; displayName: string | null; createdAt: string; revoked: boolean }[]>;
}

// --- the panel's service rules as last fetched

export interface StoredRules {
  services: PanelService[];
  fetchedAt: string | null;
  currency: string | null;
}

export interface RuleStore {
  load(): Promise<StoredRules>;
  /** Replaces the whole cached answer in one transaction. */
  save(services: readonly PanelService[], fetchedAt: string, currency: string | null): Promise<void>;
}

// --- counters shared by every instance (ownership-guess failures, conversation opens per address)

export interface CounterStore {
  /** Counts one hit for `key` at `at`; returns the hits for `key` since `since`, this one included. */
  hit(key: string, at: string, since: string): Promise<number>;
  /** Hits for `key` since `since`, without counting one. */
  count(key: string, since: string): Promise<number>;
  /** Forgets hits before `cutoff`; returns how many. */
  purgeBefore(cutoff: string): Promise<number>;
}

// --- messenger channels (messaging/): which outside chat each conversation speaks through

/** One outside chat (a Telegram private chat, …) linked to one Parley conversation. */
export interface ChannelLink {
  conversationId: string;
  /** The channel's name (`telegram`). */
  channel: string;
  /** The chat's id on that channel. */
  chatId: string;
  /** 1 for the chat's first conversation, +1 for each new one: the newest is the chat's current conversation. */
  generation: number;
  /** The channel's id of the update that opened it (`tg:<update_id>`): the same update seen again opens nothing. */
  openedBy: string;
  /** The last event (seq) of the conversation whose messages reached the chat. */
  deliveredSeq: number;
  createdAt: string;
}

export interface ChannelStore {
  /** The chat's current link: its newest conversation. */
  current(channel: string, chatId: string): Promise<ChannelLink | undefined>;
  byConversation(conversationId: string): Promise<ChannelLink | undefined>;
  /**
   * Makes a stored conversation the chat's current one, as generation `after + 1` (`after`: the
   * generation of the link the caller read, 0 when it read none). When another writer got there
   * first (another update, on this instance or another, or this very update seen again: the same
   * `openedBy`) nothing is written: `opened` is false and `link` is the chat's current link.
   */
  open(link: Omit<ChannelLink, 'generation' | 'createdAt'> & { after: number; at: string }): Promise<{ opened: boolean; link: ChannelLink }>;
  /**
   * Claims the delivery of what follows `fromSeq` for `owner` until `until`. True when the link's
   * delivered position is still `fromSeq` and no other owner's claim is current at `at`: two
   * instances never deliver the same messages at the same time.
   */
  claim(conversationId: string, owner: string, fromSeq: number, at: string, until: string): Promise<boolean>;
  /** The claim's owner records that the messages up to `seq` reached the chat; false when the claim is no longer its own. */
  delivered(conversationId: string, owner: string, seq: number): Promise<boolean>;
  /** Ends `owner`'s claim (a claim not released ends at its `until`). */
  release(conversationId: string, owner: string): Promise<void>;
  /** Links whose conversation has events after their delivered position and no current claim at `at`, least recently updated first. */
  undelivered(at: string, limit: number): Promise<{ conversationId: string; lastSeq: number }[]>;
  /** A channel's named position (Telegram's getUpdates offset), kept across restarts. */
  cursor(name: string): Promise<string | undefined>;
  setCursor(name: string, value: string, at: string): Promise<void>;
  /**
   * Named values starting with `prefix` last set before `before`, oldest first, at most `limit`:
   * what a channel acknowledged and has not finished yet (Chatwoot's messages, answered at once).
   */
  cursorsBefore(prefix: string, before: string, limit: number): Promise<{ name: string; value: string }[]>;
  deleteCursor(name: string): Promise<void>;
}

// --- the whole port

/** Told after an append commits: on this instance and, with PostgreSQL, on every other one. */
export type AppendListener = (change: { conversationId: string; lastSeq: number }) => void;

export interface Storage {
  readonly kind: 'sqlite' | 'postgres';
  conversations: ConversationStore;
  handoffs: HandoffStore;
  orders: OrderStore;
  agents: AgentStore;
  rules: RuleStore;
  counters: CounterStore;
  channels: ChannelStore;
  /** Subscribes to committed appends; returns the unsubscribe. */
  watchAppends(listener: AppendListener): () => void;
  /** Resolves when the database answers (the readiness probe). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
