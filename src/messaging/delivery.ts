// Delivery: what a channel conversation says reaches its chat. Driven by the store, like the live
// updates: every committed append (this instance's, or with PostgreSQL any instance's:
// `watchAppends`) on a linked conversation is read back from after the link's delivered position,
// and its visitor-visible messages (the bot's, the agents', system lines; never the visitor's own
// words, never internal events) are sent in order, the position moving on after each one; a
// handoff request goes, in its place among them, to a channel that takes handoffs itself. Agents'
// replies from the console and the agent API arrive here like the bot's: nothing channel-specific
// happens anywhere else.
//
// The guarantee: several instances never send the same messages at the same time. A delivery
// first claims the link (a conditional write on its delivered position plus a short lease,
// ChannelStore.claim); a claim that is lost stops the delivery. An instance that dies mid-delivery
// leaves its claim to expire; the sweep (at start and every SWEEP_MS) then sends from the last
// recorded position, so the one message in flight when it died may be sent twice: at least once
// after a crash, exactly once otherwise. A channel outage stops the delivery where it is, to be
// tried again by the sweep; a message the channel refuses for good (the visitor blocked the bot) is
// skipped.
import type { Clock } from '../clock.js';
import type { StoredEvent } from '../conversation/events.js';
import { toMessage } from '../conversation/view.js';
import type { Log } from '../observability/logger.js';
import type { ChannelStore, ConversationStore, Storage } from '../storage/port.js';
import { MessageRefused, type ChannelAdapter, type OutgoingMessage } from './channel.js';

/** How long a claim holds: longer than a delivery of a turn's few messages with their retries. */
export const LEASE_MS = 2 * 60_000;
/** How often links left behind (an outage, an instance that died) are looked for. */
export const SWEEP_MS = 30_000;
const SWEEP_BATCH = 100;

export interface DeliveryMetrics {
  delivered(channel: string): void;
  /** A message the channel refused for good, skipped. */
  refused(channel: string): void;
  /** A delivery stopped by an outage, to be tried again. */
  failed(channel: string): void;
}

export interface Delivery {
  /** Resolves once every delivery started so far has finished (tests, and a graceful stop). */
  settled(): Promise<void>;
  /** Looks for links left behind now (what the timer does every SWEEP_MS). */
  sweep(): Promise<void>;
  /** Delivers a conversation now: one opened with something to say is stored, not appended to, so no append tells it. */
  deliver(conversationId: string): Promise<void>;
  stop(): Promise<void>;
}

export function startDelivery(options: {
  storage: Pick<Storage, 'watchAppends'>;
  links: ChannelStore;
  store: Pick<ConversationStore, 'get' | 'events'>;
  adapters: readonly ChannelAdapter[];
  /** This instance's name on its claims (unique per process). */
  owner: string;
  clock: Clock;
  log: Log;
  metrics?: DeliveryMetrics;
  sweepMs?: number;
}): Delivery {
  const { links, store, owner, clock, log, metrics } = options;
  const adapters = new Map(options.adapters.map((a) => [a.name, a]));
  // One delivery per conversation at a time on this instance; the claim keeps other instances out.
  const queues = new Map<string, Promise<void>>();

  const deliver = async (conversationId: string): Promise<void> => {
    const link = await links.byConversation(conversationId);
    const adapter = link && adapters.get(link.channel);
    if (!link || !adapter) return;
    const record = await store.get(conversationId);
    if (!record || record.lastSeq <= link.deliveredSeq) return;
    const now = clock().getTime();
    if (!(await links.claim(conversationId, owner, link.deliveredSeq, iso(now), iso(now + LEASE_MS)))) return;
    try {
      const events = (await store.events(conversationId, { afterSeq: link.deliveredSeq })).filter((e) => e.seq <= record.lastSeq);
      for (const event of events) {
        const message = outgoing(event);
        const handoff = event.type === 'handoff_requested' && adapter.handoff;
        if (!message && !handoff) continue;
        try {
          if (message) await adapter.send(link.chatId, message);
          else if (handoff) await handoff.call(adapter, link.chatId, { conversationId, handoffId: event.handoffId });
          metrics?.delivered(link.channel);
        } catch (err) {
          if (!(err instanceof MessageRefused)) throw err;
          metrics?.refused(link.channel);
          log.warn({ conversationId, channel: link.channel, err }, 'the channel refused a message; skipped');
        }
        if (!(await links.delivered(conversationId, owner, event.seq))) return; // the claim ran out and another took it
      }
      await links.delivered(conversationId, owner, record.lastSeq);
    } catch (err) {
      metrics?.failed(link.channel);
      log.warn({ conversationId, channel: link.channel, err }, 'delivery to the channel stopped; it is tried again');
    } finally {
      await links.release(conversationId, owner);
    }
  };

  const enqueue = (conversationId: string): Promise<void> => {
    const next = (queues.get(conversationId) ?? Promise.resolve())
      .then(() => deliver(conversationId))
      .catch((err: unknown) => log.error({ err, conversationId }, 'delivery failed'));
    queues.set(conversationId, next);
    void next.then(() => {
      if (queues.get(conversationId) === next) queues.delete(conversationId);
    });
    return next;
  };

  const sweep = async (): Promise<void> => {
    const left = await links.undelivered(clock().toISOString(), SWEEP_BATCH);
    await Promise.all(left.map((l) => enqueue(l.conversationId)));
  };
  const sweepLogged = () => {
    sweep().catch((err: unknown) => log.error({ err }, 'delivery sweep failed'));
  };

  const stopWatching = options.storage.watchAppends(({ conversationId }) => void enqueue(conversationId));
  const timer = setInterval(sweepLogged, options.sweepMs ?? SWEEP_MS);
  timer.unref();
  sweepLogged();

  const settled = async (): Promise<void> => {
    while (queues.size > 0) await Promise.all([...queues.values()]);
  };
  return {
    settled,
    sweep,
    deliver: enqueue,
    async stop() {
      stopWatching();
      clearInterval(timer);
      await settled();
    },
  };
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** What the chat shows of an event: the visitor's own words and internal events are not sent back. */
function outgoing(event: StoredEvent): OutgoingMessage | null {
  const message = toMessage(event, event.at);
  if (!message || message.from === 'user') return null;
  return { from: message.from, text: message.text, quickReplies: message.quickReplies ?? [] };
}
