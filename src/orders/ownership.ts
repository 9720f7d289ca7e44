// Ownership before disclosure: an order's status is shown only to someone who proves they own it,
// with the order id plus its email, account id or link, or a host-site-verified identity.
// A wrong owner and an unknown order take the same path and return the same frozen object.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { OrderDirectory, OrderRecord } from './directory.js';
import type { VerifiedIdentity } from './identity.js';
import { canonicalLinksMatch, normaliseAccountId, normaliseEmail, normaliseLink } from './normalise.js';

export { checkIdentity, identityHash, verifyIdentityHash, type VerifiedIdentity } from './identity.js';
export { createOwnershipLimiter, MAX_OWNERSHIP_FAILURES, type OwnershipLimiter } from './ownership-limiter.js';

export interface OwnershipClaim {
  orderId: string;
  email?: string;
  accountId?: string;
  link?: string;
  verifiedIdentity?: VerifiedIdentity | null;
}

export type OwnershipResult = { ok: true; record: OrderRecord } | { ok: false };

/** The one failure answer: identical (and identical by reference) for every reason. */
export const NOT_VERIFIED: OwnershipResult = Object.freeze({ ok: false });

// Stands in for a missing order so the comparisons below run all the same; no input matches it
// because every comparison also requires `known`.
const NOBODY: OrderRecord = Object.freeze({
  orderId: '', shopOrderId: null, email: '\u0000', accountId: '\u0000', link: '\u0000', paymentReference: null,
  serviceId: null, quantity: null, createdAt: null, lastStatus: null,
});

/** Equality without an early exit on the first differing character. */
function sameText(a: string | null, b: string | null): boolean {
  const da = createHash('sha256').update(a ?? '\u0000absent').digest();
  const db = createHash('sha256').update(b ?? '\u0000missing').digest();
  return timingSafeEqual(da, db) && a !== null && b !== null;
}

export async function verifyOwnership(directory: Pick<OrderDirectory, 'get'>, claim: OwnershipClaim): Promise<OwnershipResult> {
  const found = await directory.get(claim.orderId);
  const known = found !== undefined;
  const record = found ?? NOBODY;

  const email = claim.email === undefined ? null : normaliseEmail(claim.email);
  const accountId = claim.accountId === undefined ? null : normaliseAccountId(claim.accountId);
  const link = claim.link === undefined ? null : normaliseLink(claim.link);
  const identity = claim.verifiedIdentity?.userId ?? null;

  const byEmail = sameText(email, record.email);
  const byAccount = sameText(accountId, record.accountId);
  const byLink = link !== null && record.link !== null && canonicalLinksMatch(link, record.link);
  // A verified identity is the host site's own user id: their email or their account id.
  const byIdentity = sameText(identity === null ? null : normaliseEmail(identity), record.email) || sameText(identity === null ? null : normaliseAccountId(identity), record.accountId);

  const owned = byEmail || byAccount || byLink || byIdentity;
  return known && owned && found ? { ok: true, record: found } : NOT_VERIFIED;
}
