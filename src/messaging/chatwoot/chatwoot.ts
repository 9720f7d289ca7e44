// The Chatwoot channel (contract/channels.md "Chatwoot"): Parley as an Agent Bot on a Chatwoot
// inbox. Chatwoot posts its events to the webhook (channels/chatwoot-webhook.ts); a visitor's
// message on a `pending` conversation is a turn through messaging/inbound.ts; what the
// conversation says goes back through messaging/delivery.ts and this file's adapter, and a handoff
// becomes a private note with the handoff packet and the conversation opened for Chatwoot's agents.
//
// Chatwoot waits 5 seconds for the webhook and never sends an event again (a failed or slow
// answer opens the conversation for its agents), so the webhook is answered at once and the turn
// runs after. To lose nothing to a crash in between, the message is first stored as a named value
// (`chatwoot:inbox:<message id>`, holding the text already redacted: no secret is stored) and
// removed once its turn committed; the sweep handles any left behind. The turn is keyed by the
// message id (`cw:<id>`): a message handled twice (a redelivery, the sweep racing the first try)
// changes nothing the second time.
//
// Who speaks: Parley only while Chatwoot's conversation is `pending`. Its own messages and the
// agents' come back as `outgoing` events and start nothing (no echo loop); a visitor's message on
// an `open` conversation belongs to the person holding it. When Chatwoot's agents give the
// conversation back (pending again, or resolved), Parley's handoff, held in Chatwoot's name since
// the conversation was opened, is resolved and the bot answers again.
import { z } from 'zod';
import type { Clock } from '../../clock.js';
import type { HandoffDeps } from '../../handoff/service.js';
import { holdElsewhere, releaseElsewhere } from '../../handoff/service.js';
import type { HandoffPacket } from '../../handoff/packet.js';
import type { Log } from '../../observability/logger.js';
import type { WindowLimiter } from '../../security/window-limiter.js';
import type { ChannelStore, HandoffStore } from '../../storage/port.js';
import { redact } from '../../understanding/redact.js';
import { MessageRefused, type ChannelAdapter, type OutgoingMessage } from '../channel.js';
import { receiveMessage, type InboundDeps } from '../inbound.js';
import { OutboundError } from '../../outbound/client.js';
import { outcomeOf, type ChatwootClient, type ChatwootRef } from './client.js';

export const CHATWOOT = 'chatwoot';
/** The name Parley's handoff is held in while Chatwoot's agents have the conversation. */
export const CHATWOOT_HOLDER = 'chatwoot';
export const INBOX_PREFIX = 'chatwoot:inbox:';
/** A visitor's message longer than this goes to a person: the turn reads at most MAX_TEXT_CHARS of it, cut safely. */
const MAX_TEXT = 4000;
/** Notes Parley writes stay well inside Chatwoot's own limit on a message. */
const MAX_NOTE = 8000;
/** A stored message older than this and not in hand here was left behind (a crash): the sweep takes it. */
const INBOX_GRACE_MS = 2 * 60_000;
const INBOX_SWEEP_MS = 30_000;
const SWEEP_BATCH = 50;
/** A stored message whose handling failed this many times (a bug, not an outage) is given up with an error line. */
const ATTEMPTS = 5;

const Id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const Status = z.string().max(32);

/**
 * The part of a Chatwoot event Parley reads. Message events carry `account` and `conversation`;
 * conversation events are the conversation itself (`id`, `status`), with the account on it or
 * on its last message.
 */
export const ChatwootEvent = z.object({
  event: z.string().max(64),
  id: Id.optional(),
  message_type: z.union([z.string().max(32), z.number()]).optional(),
  private: z.boolean().optional(),
  content: z.string().max(200_000).nullable().optional(),
  status: Status.optional(),
  account: z.object({ id: Id }).optional(),
  account_id: Id.optional(),
  conversation: z.object({ id: Id, status: Status.optional() }).optional(),
  messages: z.array(z.object({ account_id: Id.optional() })).max(20).optional(),
});
export type ChatwootEvent = z.infer<typeof ChatwootEvent>;

export const EVENT_KINDS = ['message', 'outgoing', 'held_by_person', 'non_text', 'too_long', 'rate_limited', 'given_back', 'status', 'ignored', 'failed'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

const STATUS_EVENTS = new Set(['conversation_status_changed', 'conversation_updated', 'conversation_resolved', 'conversation_opened']);

/** A stored message (the inbox's value): the text redacted. */
interface Held {
  accountId: number;
  conversationId: number;
  text: string;
}

export interface ChatwootDeps {
  client: ChatwootClient;
  inbound: InboundDeps;
  /** Parley's own handoff actions, for holding and giving back a handoff in Chatwoot's name. */
  handoff: HandoffDeps;
  handoffs: Pick<HandoffStore, 'openFor'>;
  inbox: Pick<ChannelStore, 'setCursor' | 'cursorsBefore' | 'deleteCursor'>;
  /** Messages per conversation per minute, as the widget's per-conversation limit. */
  perChat: WindowLimiter;
  clock: Clock;
  log: Log;
  onEvent?: (kind: EventKind) => void;
}

export interface ChatwootChannel {
  adapter: ChannelAdapter;
  /**
   * Takes one webhook event: what must not be lost is stored before this resolves (the webhook
   * answers then); the rest runs after, tracked until `stop`.
   */
  receive(event: ChatwootEvent): Promise<EventKind>;
  /** Sweeps for stored messages left behind: now, then every INBOX_SWEEP_MS. */
  start(): void;
  /** Stops the sweep and waits for everything received so far to be handled. */
  stop(): Promise<void>;
}

const chatIdOf = (ref: ChatwootRef): string => `${ref.accountId}:${ref.conversationId}`;

function refOf(chatId: string): ChatwootRef {
  const [account, conversation] = chatId.split(':');
  return { accountId: Number(account), conversationId: Number(conversation) };
}

export function createChatwootChannel(deps: ChatwootDeps): ChatwootChannel {
  const { client, log } = deps;
  const inFlight = new Set<Promise<unknown>>();
  const inHand = new Set<string>();
  const failures = new Map<string, number>();
  let timer: NodeJS.Timeout | undefined;

  const track = (task: Promise<unknown>): void => {
    inFlight.add(task);
    void task.finally(() => inFlight.delete(task));
  };

  /** A stored message, through the turn; removed from the store once its turn committed. */
  const handle = async (name: string, held: Held, text: string): Promise<void> => {
    if (inHand.has(name)) return;
    inHand.add(name);
    try {
      const chatId = chatIdOf(held);
      // Pending again: whatever Chatwoot's agents held is theirs no more.
      await giveBack(chatId, 'the conversation is pending again in Chatwoot');
      await receiveMessage(deps.inbound, { channel: CHATWOOT, chatId, key: `cw:${name.slice(INBOX_PREFIX.length)}`, text });
      await deps.inbox.deleteCursor(name);
      failures.delete(name);
    } catch (err) {
      const tries = (failures.get(name) ?? 0) + 1;
      if (tries < ATTEMPTS) {
        failures.set(name, tries);
        log.warn({ channel: CHATWOOT, err }, 'a Chatwoot message failed; it is handled again');
        return;
      }
      failures.delete(name);
      deps.onEvent?.('failed');
      log.error({ channel: CHATWOOT, err, attempts: tries }, 'a Chatwoot message failed every attempt; given up');
      await deps.inbox.deleteCursor(name).catch(() => undefined);
    } finally {
      inHand.delete(name);
    }
  };

  /** Chatwoot's agents gave the conversation back: Parley's handoff they held is resolved. */
  const giveBack = async (chatId: string, note: string): Promise<boolean> => {
    const link = await deps.inbound.links.current(CHATWOOT, chatId);
    const open = link && (await deps.handoffs.openFor(link.conversationId));
    if (!open || open.assignee !== CHATWOOT_HOLDER) return false;
    return releaseElsewhere(deps.handoff, open.id, CHATWOOT_HOLDER, note);
  };

  /** A message Parley cannot take (no text, too long): the conversation goes to Chatwoot's agents, with a note saying why. */
  const toPerson = async (ref: ChatwootRef, why: string): Promise<void> => {
    try {
      await client.post(ref, `Parley did not answer this message: ${why}. Over to you.`, { private: true });
      await client.setStatus(ref, 'open');
    } catch (err) {
      log.warn({ channel: CHATWOOT, outcome: outcomeOf(err) }, 'a Chatwoot conversation could not be opened for its agents');
    }
  };

  const classify = async (event: ChatwootEvent): Promise<EventKind> => {
    if (STATUS_EVENTS.has(event.event)) {
      const accountId = event.account?.id ?? event.account_id ?? event.messages?.find((m) => m.account_id)?.account_id;
      const status = event.event === 'conversation_resolved' ? 'resolved' : event.status;
      if (!accountId || !event.id || (status !== 'pending' && status !== 'resolved')) return 'status';
      const chatId = chatIdOf({ accountId, conversationId: event.id });
      track(giveBack(chatId, `the conversation is ${status} in Chatwoot`)
        .then((released) => released && deps.onEvent?.('given_back'))
        .catch((err: unknown) => log.warn({ channel: CHATWOOT, err }, 'a Chatwoot status change was not applied')));
      return 'status';
    }
    if (event.event !== 'message_created' || !event.account || !event.conversation || !event.id) return 'ignored';
    // Only a visitor's words start a turn: the bot's own messages, the agents' and notes come back as outgoing.
    if (event.message_type !== 'incoming' || event.private) return 'outgoing';
    if (event.conversation.status !== 'pending') return 'held_by_person';
    const ref = { accountId: event.account.id, conversationId: event.conversation.id };
    // PostgreSQL text cannot hold U+0000.
    const text = (event.content ?? '').replaceAll('\u0000', '').trim();
    if (!text) {
      track(toPerson(ref, 'it has no text (an attachment or an empty message)'));
      return 'non_text';
    }
    if ([...text].length > MAX_TEXT) {
      track(toPerson(ref, `it is longer than ${MAX_TEXT} characters`));
      return 'too_long';
    }
    if (!deps.perChat.hit(`${CHATWOOT}:${chatIdOf(ref)}`)) return 'rate_limited';
    const name = `${INBOX_PREFIX}${event.id}`;
    const held: Held = { ...ref, text: redact(text).text };
    await deps.inbox.setCursor(name, JSON.stringify(held), deps.clock().toISOString());
    // The live try has the visitor's own words (the turn redacts them and says what it removed).
    track(handle(name, held, text));
    return 'message';
  };

  const sweep = async (): Promise<void> => {
    const before = new Date(deps.clock().getTime() - INBOX_GRACE_MS).toISOString();
    for (const { name, value } of await deps.inbox.cursorsBefore(INBOX_PREFIX, before, SWEEP_BATCH)) {
      const held = parseHeld(value);
      if (held) await handle(name, held, held.text);
      else await deps.inbox.deleteCursor(name);
    }
  };

  return {
    adapter: chatwootAdapter(deps),
    async receive(event) {
      const kind = await classify(event);
      deps.onEvent?.(kind);
      return kind;
    },
    start() {
      if (timer) return;
      const run = () => track(sweep().catch((err: unknown) => log.error({ channel: CHATWOOT, err }, 'the Chatwoot inbox sweep failed')));
      timer = setInterval(run, INBOX_SWEEP_MS);
      timer.unref();
      run();
    },
    async stop() {
      clearInterval(timer);
      timer = undefined;
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
      await client.close();
    },
  };
}

const HeldValue = z.object({ accountId: Id, conversationId: Id, text: z.string().max(MAX_TEXT * 4) });
function parseHeld(value: string): Held | null {
  try {
    const parsed = HeldValue.safeParse(JSON.parse(value));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The outgoing half: messages as outgoing messages; a handoff as a private note, then the conversation opened. */
function chatwootAdapter(deps: ChatwootDeps): ChannelAdapter {
  // The conversation is gone or will not take the message: skipped. A 401 or 403 (a wrong or
  // revoked bot token) is the operator's to fix: tried again, like an outage.
  const refused = (err: unknown): Error => (err instanceof OutboundError && (err.status === 400 || err.status === 404 || err.status === 422)
    ? new MessageRefused(`Chatwoot refused the call (${err.message})`) : err as Error);
  return {
    name: CHATWOOT,
    async send(chatId: string, message: OutgoingMessage) {
      // Quick replies are the widget's buttons; in Chatwoot the visitor types the answer.
      await deps.client.post(refOf(chatId), message.text).catch((err: unknown) => {
        throw refused(err);
      });
    },
    async handoff(chatId, { handoffId }) {
      const ref = refOf(chatId);
      const view = await deps.handoff.reader.get(handoffId);
      // Taken in Parley's console meanwhile, or over: nothing to hand over (held by Chatwoot: sent again after a crash).
      if (!view || !(view.status === 'queued' || (view.status === 'assigned' && view.assignee === CHATWOOT_HOLDER))) return;
      try {
        await deps.client.post(ref, packetNote(view.packet), { private: true });
        await deps.client.setStatus(ref, 'open');
      } catch (err) {
        throw refused(err);
      }
      // Out of the console's queue and the expiry timer: Chatwoot's agents have it now.
      await holdElsewhere(deps.handoff, handoffId, CHATWOOT_HOLDER);
    },
  };
}

const words = (snake: string): string => snake.replace(/_/g, ' ');

/** The handoff packet as the console shows it, as plain text for Chatwoot's agents (a private note). */
export function packetNote(packet: HandoffPacket): string {
  const lines = ['Parley handed this conversation over.', '', `Summary: ${packet.summary}`];
  const identifiers = Object.entries(packet.identifiers);
  lines.push('', 'Identifiers:', ...(identifiers.length ? identifiers.map(([slot, value]) => `- ${words(slot)}: ${value}`) : ['- none collected']));
  if (packet.panelFacts.length) {
    lines.push('', 'Panel facts:', ...packet.panelFacts.map((f) => `- order ${f.orderId}: ${words(f.outcome)}`
      + `${f.status ? `, status "${f.status}"` : ''}${f.remains !== null ? `, remains ${f.remains}` : ''}`
      + `${f.startCount !== null ? `, start count ${f.startCount}` : ''} (fetched ${f.fetchedAt})`));
  }
  if (packet.blockedDrafts.length) {
    lines.push('', 'Blocked bot drafts (the visitor saw a safe reply instead):', ...packet.blockedDrafts.map((b) => `- ${b.rules.join(', ')}: ${b.draft}`));
  }
  lines.push('', 'Set the conversation back to pending to hand it to the bot again.');
  const note = lines.join('\n');
  return [...note].length > MAX_NOTE ? `${[...note].slice(0, MAX_NOTE - 1).join('')}…` : note;
}
