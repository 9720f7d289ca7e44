// What stage 5 (act) found out: plain data for the pure composer and the guard.
import type { PanelOrder } from '../panel/types.js';

export interface ServiceFacts {
  serviceId: string;
  name: string;
  refill: boolean | null;
  cancel: boolean | null;
  /** A plain-language sentence of the service's live rules. */
  description: string;
}

export interface ArticleFacts {
  slug: string;
  title: string;
  excerpt: string;
}

export type OrderOutcome = 'shown' | 'not_verified' | 'locked_out' | 'panel_unavailable';

export type Facts =
  | { kind: 'order'; outcome: 'shown'; orderId: string; order: PanelOrder; fetchedAt: string; service: ServiceFacts | null }
  | { kind: 'order'; outcome: 'panel_unavailable'; orderId: string; fetchedAt: string; cached: { order: PanelOrder; fetchedAt: string } | null }
  | { kind: 'order'; outcome: 'not_verified' | 'locked_out'; orderId: string; fetchedAt: string }
  | { kind: 'article'; article: ArticleFacts | null }
  | { kind: 'service_rule'; serviceId: string; service: ServiceFacts | null };
