// The panel as the rest of Parley sees it: normalised, typed, read-only for visitors.

/** Normalised order status (panel-api.md §2.1, open-string rule: anything unknown is `unknown`). */
export const ORDER_STATUSES = ['pending', 'in_progress', 'completed', 'partial', 'canceled', 'unknown'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export interface PanelService {
  id: string;
  name: string;
  type: string;
  category: string;
  /** Price per 1000 units in the account currency, as the panel wrote it ("0.90"). */
  rate: string;
  min: number;
  max: number;
  /** `null` when the panel did not say (older panels omit the flags): never guess. */
  refill: boolean | null;
  cancel: boolean | null;
  dripfeed: boolean | null;
}

export interface PanelOrder {
  orderId: string;
  status: OrderStatus;
  /** The panel's own word for the status, trimmed (for agents; never parsed further). */
  rawStatus: string;
  charge: string | null;
  startCount: number | null;
  /** Never negative (over-delivery is clamped to 0, panel-api.md §4). */
  remains: number | null;
  currency: string | null;
  /** Delivered beyond the ordered quantity, when the panel reports it (a negative or "+N" remains). */
  overDelivered?: number;
}

export interface PanelRefill {
  refillId: string;
  status: 'pending' | 'in_progress' | 'completed' | 'rejected' | 'unknown';
  rawStatus: string;
}

export type BreakerState = 'closed' | 'open' | 'half_open';

/** Read-only client: the bot never calls add, refill or cancel. */
export interface PanelClient {
  services(): Promise<PanelService[]>;
  /** `null` when the panel says the order does not exist. */
  status(orderId: string): Promise<PanelOrder | null>;
  /** Batched in groups of at most 100; a per-item "not found" becomes `null`. */
  statuses(orderIds: readonly string[]): Promise<Map<string, PanelOrder | null>>;
  refillStatus(refillId: string): Promise<PanelRefill | null>;
  /** Internal use only: never shown to visitors. */
  balance(): Promise<{ balance: string; currency: string | null }>;
  breakerState(): BreakerState;
  close(): Promise<void>;
}
