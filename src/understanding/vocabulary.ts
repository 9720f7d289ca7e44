// The fixed labels of ../shared/contract/understanding.md. Never rename; add only via the contract.

export const ROLES = ['buyer', 'reseller', 'api_user', 'woocommerce_seller', 'affiliate', 'unknown'] as const;
export type Role = (typeof ROLES)[number];

export const INTENTS = [
  'order_status', 'order_problem', 'refund_request', 'refill_request', 'cancel_request', 'delivery_time',
  'payment_issue', 'api_error', 'api_key', 'integration_help', 'affiliate_commission', 'service_info',
  'account_access', 'human_agent', 'greeting', 'goodbye', 'other',
] as const;
export type Intent = (typeof INTENTS)[number];

export const ENTITY_TYPES = ['order_id', 'email', 'link', 'payment_reference', 'service_id', 'quantity', 'api_error'] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];
export type Entities = Partial<Record<EntityType, string[]>>;

export const SECRET_TYPES = ['api_key', 'password', 'card_number'] as const;
export type SecretType = (typeof SECRET_TYPES)[number];

/** Text with every secret replaced by `[redacted]`, and which kinds were found. */
export interface Redaction {
  text: string;
  secrets: SecretType[];
}

/** What one (already redacted) message says. Pure data; produced without I/O. */
export interface Understanding {
  role: Role;
  /** Evidence strength for `role` in this message alone, 0..1 (stickiness is the policy's job). */
  roleConfidence: number;
  intent: Intent;
  /** Calibrated probability of `intent`, 0..1; low values mean "ask, don't guess". */
  confidence: number;
  entities: Entities;
}
