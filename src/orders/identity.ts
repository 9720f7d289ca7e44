// Identity verification for host sites (as Intercom does it): the shop's server signs the
// signed-in user's email or account id with IDENTITY_SECRET, and the widget passes the id and its
// hash on conversation creation. A valid hash lets that user see their own orders by id alone.
import { createHmac, timingSafeEqual } from 'node:crypto';

const HEX_SHA256 = /^[0-9a-f]{64}$/i;
const MAX_USER_ID_LENGTH = 254;

/** `hex(HMAC-SHA256(secret, userId))`, the value a host site computes on its server. */
export const identityHash = (secret: string, userId: string): string => createHmac('sha256', secret).update(userId, 'utf8').digest('hex');

/**
 * Whether `hash` is the host site's signature of `userId`. Constant-time over the digest; a
 * malformed or wrong-length hash is simply false (timingSafeEqual would throw on unequal lengths).
 */
export function verifyIdentityHash(secret: string, userId: string, hash: string): boolean {
  if (secret.length === 0 || userId.length === 0 || userId.length > MAX_USER_ID_LENGTH) return false;
  if (!HEX_SHA256.test(hash)) return false;
  const expected = Buffer.from(identityHash(secret, userId), 'hex');
  const presented = Buffer.from(hash, 'hex');
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}

declare const verified: unique symbol;
/** A user id whose hash has been checked; only `checkIdentity` makes one. */
export interface VerifiedIdentity {
  readonly userId: string;
  readonly [verified]: true;
}

/** A user id that `checkIdentity` verified when the conversation opened, read back from its events. */
export const verifiedEarlier = (userId: string): VerifiedIdentity => ({ userId }) as VerifiedIdentity;

/** The verified identity, or `null`: what conversation creation keeps for the ownership check. */
export function checkIdentity(secret: string | undefined, userId: string, hash: string): VerifiedIdentity | null {
  if (!secret || !verifyIdentityHash(secret, userId, hash)) return null;
  return { userId } as VerifiedIdentity;
}
