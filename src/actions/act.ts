// Stage 5: the only stage that reads the outside world. It returns facts; it never writes text.
import type { Clock } from '../clock.js';
import type { PanelClient, PanelOrder } from '../panel/types.js';
import type { Action } from '../policy/decision.js';
import type { Intent, Role } from '../understanding/vocabulary.js';
import { answerArticles } from './articles.js';
import type { ArticleFacts, Facts, RulesStatus, ServiceFacts } from './facts.js';

export interface OwnershipInput {
  conversationId: string;
  clientAddress: string;
  orderId: string;
  proof: { email?: string; link?: string; accountId?: string };
  /** The host site's user id, verified by its identity hash when the conversation opened. */
  verifiedUserId: string | null;
}

/** The last status the directory heard (webhooks, imports), for when the panel cannot be read. */
export interface CachedOrderStatus {
  order: PanelOrder;
  fetchedAt: string;
}

/** Ownership before disclosure: a wrong owner and an unknown order are the same `ok: false`. */
export interface OrderVerifier {
  verify(input: OwnershipInput): Promise<
    | { ok: true; serviceId: string | null; quantity: number | null; createdAt: string | null; cached: CachedOrderStatus | null }
    | { ok: false; lockedOut: boolean; /** The shop's ownership endpoint could not answer: not checked, not a guess. */ unavailable?: true }>;
}

/** A service named by platform and kind ("tiktok", "followers"), as the language data names them. */
export interface ServiceQuery {
  platforms: readonly string[];
  kinds: readonly string[];
}

export interface ServiceCatalogue {
  describe(serviceId: string): ServiceFacts | null;
  /** Services matching every platform and kind given, best first, at most `limit`. */
  find(query: ServiceQuery, limit: number): ServiceFacts[];
  /** Services of the same category whose limits accept `quantity`. */
  alternatives(service: ServiceFacts, quantity: number, limit: number): ServiceFacts[];
  /** Services that allow drip-feed (on the given platforms first). */
  withDripfeed(platforms: readonly string[], limit: number): ServiceFacts[];
  status(): RulesStatus;
}

/** A help-article section and how well it matched: its score over the relevance threshold (1 = just relevant). */
export interface ScoredArticle extends ArticleFacts {
  relevance: number;
}

export interface Knowledge {
  /** Sections best first, only those above the relevance threshold; at most `limit`. */
  rank(query: string, boost: { intent: Intent | null; role: Role }, limit: number): ScoredArticle[];
}

export interface ActDeps {
  orders: OrderVerifier;
  panel: PanelClient;
  services: ServiceCatalogue;
  knowledge: Knowledge;
  clock: Clock;
  /** The shop policy's "no progress for this long is not normal". */
  stalledAfterMs: number;
  /** The panel refused the shop's API key at the last rules refresh (docs/operations.md): no order can be read. */
  panelKeyRefused?: () => boolean;
}

export interface ActContext {
  conversationId: string;
  clientAddress: string;
  role: Role;
  verifiedUserId: string | null;
}

/** Services one answer lists at most. */
export const MAX_SERVICES = 4;

export async function act(deps: ActDeps, action: Action, context: ActContext): Promise<Facts> {
  switch (action.kind) {
    case 'article':
      return answerArticles(deps.knowledge, action, context.role);
    case 'service_rules':
      return serviceRules(deps.services, action);
    case 'order_lookup':
      return lookupOrder(deps, action, context);
  }
}

function serviceRules(catalogue: ServiceCatalogue, action: Extract<Action, { kind: 'service_rules' }>): Facts {
  const byId = action.serviceIds.map((id) => [id, catalogue.describe(id)] as const);
  const services = action.serviceIds.length > 0
    ? byId.flatMap(([, s]) => (s ? [s] : []))
    : catalogue.find({ platforms: action.platforms, kinds: action.kinds }, MAX_SERVICES);
  const first = services[0];
  const refused = first && action.quantity !== null && (action.quantity < first.min || action.quantity > first.max);
  return {
    kind: 'services',
    services,
    unknownIds: byId.flatMap(([id, s]) => (s ? [] : [id])),
    alternatives: refused && first && action.quantity !== null ? catalogue.alternatives(first, action.quantity, 2) : [],
    withDripfeed: action.listDripfeed ? catalogue.withDripfeed(action.platforms, MAX_SERVICES + 2) : [],
    rules: catalogue.status(),
  };
}

async function lookupOrder(deps: ActDeps, action: Extract<Action, { kind: 'order_lookup' }>, context: ActContext): Promise<Facts> {
  const { orderId } = action;
  const fetchedAt = () => deps.clock().toISOString();
  // The shop's set-up is broken, not the visitor's details: nothing can be checked, so nothing is
  // guessed (no ownership check, no failed guess counted) and the visitor gets the outage path.
  if (deps.panelKeyRefused?.()) return { kind: 'order', outcome: 'panel_unavailable', orderId, fetchedAt: fetchedAt(), cached: null };
  const verdict = await deps.orders.verify({ conversationId: context.conversationId, clientAddress: context.clientAddress, orderId, proof: action.proof, verifiedUserId: context.verifiedUserId });
  if (!verdict.ok) return { kind: 'order', outcome: verdict.lockedOut ? 'locked_out' : verdict.unavailable ? 'ownership_unavailable' : 'not_verified', orderId, fetchedAt: fetchedAt() };
  try {
    const order = await deps.panel.status(orderId);
    // The directory knows the order but the panel says it has none: not an outage, and a person checks.
    if (!order) return { kind: 'order', outcome: 'not_on_panel', orderId, fetchedAt: fetchedAt() };
    const service = verdict.serviceId ? deps.services.describe(verdict.serviceId) : null;
    const stalled = isStalled(order, verdict, deps.clock().getTime() - deps.stalledAfterMs);
    return { kind: 'order', outcome: 'shown', orderId, order, fetchedAt: fetchedAt(), service, quantity: verdict.quantity, stalled };
  } catch {
    // Typed panel errors are logged by the client; the visitor gets the outage path, with the last
    // status the directory heard (and when) if it has one.
    return { kind: 'order', outcome: 'panel_unavailable', orderId, fetchedAt: fetchedAt(), cached: verdict.cached };
  }
}

/**
 * No progress for longer than the policy calls normal: not started although placed before `before`,
 * or the same count still to come as the directory heard before then (webhooks and imports).
 */
function isStalled(order: PanelOrder, verdict: { createdAt: string | null; cached: CachedOrderStatus | null }, before: number): boolean {
  const earlier = (iso: string | null | undefined) => iso !== null && iso !== undefined && Date.parse(iso) < before;
  if (order.status === 'pending') return earlier(verdict.createdAt);
  if (order.status !== 'in_progress' || !verdict.cached) return false;
  return verdict.cached.order.status === 'in_progress' && verdict.cached.order.remains === order.remains && earlier(verdict.cached.fetchedAt);
}
