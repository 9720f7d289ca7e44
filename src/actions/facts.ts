// What stage 5 (act) found out: plain data for the pure composer and the guard.
import type { PanelOrder } from '../panel/types.js';

export interface ServiceFacts {
  serviceId: string;
  name: string;
  category: string;
  min: number;
  max: number;
  /** Price per 1000 as the panel wrote it ("0.90"). */
  rate: string;
  currency: string | null;
  /** `null`: the panel did not say. */
  refill: boolean | null;
  cancel: boolean | null;
  dripfeed: boolean | null;
}

/** How current the service rules are: their age when stale, and whether the last refresh failed. */
export interface RulesStatus {
  fetchedAt: string | null;
  stale: boolean;
  /** The last attempt to fetch them failed (the panel's fault, never the visitor's). */
  failing: boolean;
}

export interface ArticleFacts {
  slug: string;
  title: string;
  /** The heading of the section quoted. */
  section: string;
  excerpt: string;
  /** A question this section answers needs a person (e.g. an undocumented API error). */
  escalate: boolean;
}

export type OrderOutcome = 'shown' | 'not_verified' | 'locked_out' | 'panel_unavailable' | 'not_on_panel' | 'ownership_unavailable';

export type Facts =
  | {
    kind: 'order'; outcome: 'shown'; orderId: string; order: PanelOrder; fetchedAt: string; service: ServiceFacts | null; quantity: number | null;
    /** No progress for longer than the shop policy calls normal. */
    stalled: boolean;
  }
  | { kind: 'order'; outcome: 'panel_unavailable'; orderId: string; fetchedAt: string; cached: { order: PanelOrder; fetchedAt: string } | null }
  | { kind: 'order'; outcome: 'not_verified' | 'locked_out' | 'not_on_panel' | 'ownership_unavailable'; orderId: string; fetchedAt: string }
  /** One section per question (none for a question nothing answers), no section twice. */
  | { kind: 'article'; articles: ArticleFacts[]; unanswered: number }
  | {
    kind: 'services';
    services: ServiceFacts[];
    /** IDs asked for that are not in the panel's list. */
    unknownIds: string[];
    /** Services of the same category that accept the quantity the first service refused. */
    alternatives: ServiceFacts[];
    /** Services that allow drip-feed, when the question was which ones do. */
    withDripfeed: ServiceFacts[];
    rules: RulesStatus;
  };
