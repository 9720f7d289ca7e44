// Stage 5: the only stage that reads the outside world. It returns facts; it never writes text.
import type { Clock } from '../clock.js';
import type { PanelClient, PanelOrder } from '../panel/types.js';
import type { Action } from '../policy/decision.js';
import type { Intent, Role } from '../understanding/vocabulary.js';
import type { ArticleFacts, Facts, ServiceFacts } from './facts.js';

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
  verify(input: OwnershipInput): { ok: true; serviceId: string | null; cached: CachedOrderStatus | null } | { ok: false; lockedOut: boolean };
}

export interface ServiceCatalogue {
  describe(serviceId: string): ServiceFacts | null;
}

export interface Knowledge {
  search(query: string, filter: { intent: Intent; role: Role }): ArticleFacts | null;
}

export interface ActDeps {
  orders: OrderVerifier;
  panel: PanelClient;
  services: ServiceCatalogue;
  knowledge: Knowledge;
  clock: Clock;
}

export interface ActContext {
  conversationId: string;
  clientAddress: string;
  role: Role;
  verifiedUserId: string | null;
}

export async function act(deps: ActDeps, action: Action, context: ActContext): Promise<Facts> {
  switch (action.kind) {
    case 'article':
      return { kind: 'article', article: deps.knowledge.search(action.query, { intent: action.intent, role: context.role }) };
    case 'service_rule':
      return { kind: 'service_rule', serviceId: action.serviceId, service: deps.services.describe(action.serviceId) };
    case 'order_lookup':
      return lookupOrder(deps, action, context);
  }
}

async function lookupOrder(deps: ActDeps, action: Extract<Action, { kind: 'order_lookup' }>, context: ActContext): Promise<Facts> {
  const { orderId } = action;
  const fetchedAt = () => deps.clock().toISOString();
  const verdict = deps.orders.verify({ conversationId: context.conversationId, clientAddress: context.clientAddress, orderId, proof: action.proof, verifiedUserId: context.verifiedUserId });
  if (!verdict.ok) return { kind: 'order', outcome: verdict.lockedOut ? 'locked_out' : 'not_verified', orderId, fetchedAt: fetchedAt() };
  try {
    const order = await deps.panel.status(orderId);
    // The directory knows the order but the panel does not: nothing reliable to show.
    if (!order) return { kind: 'order', outcome: 'panel_unavailable', orderId, fetchedAt: fetchedAt(), cached: null };
    const service = verdict.serviceId ? deps.services.describe(verdict.serviceId) : null;
    return { kind: 'order', outcome: 'shown', orderId, order, fetchedAt: fetchedAt(), service };
  } catch {
    // Typed panel errors are logged by the client; the visitor gets the outage path, with the last
    // status the directory heard (and when) if it has one.
    return { kind: 'order', outcome: 'panel_unavailable', orderId, fetchedAt: fetchedAt(), cached: verdict.cached };
  }
}
