// The act stage's OrderVerifier port over the directory, the ownership rule and the guess limiter.
import type { OrderVerifier, OwnershipInput } from '../actions/act.js';
import type { OrderDirectory } from './directory.js';
import type { VerifiedIdentity } from './identity.js';
import type { OwnershipLimiter } from './ownership-limiter.js';
import { verifyOwnership } from './ownership.js';

export interface OrderVerifierDeps {
  directory: Pick<OrderDirectory, 'get'>;
  limiter: OwnershipLimiter;
}

/** Passed by callers that know the conversation's host-verified identity (see identity.ts). */
export type OwnershipRequest = OwnershipInput & { verifiedIdentity?: VerifiedIdentity | null };

export function createOrderVerifier({ directory, limiter }: OrderVerifierDeps): OrderVerifier & { verify(input: OwnershipRequest): ReturnType<OrderVerifier['verify']> } {
  return {
    verify(input: OwnershipRequest) {
      const { conversationId, clientAddress } = input;
      // Locked out: nothing is checked any more, so even a right guess discloses nothing.
      if (limiter.isLockedOut(conversationId, clientAddress)) return { ok: false, lockedOut: true };
      const result = verifyOwnership(directory, {
        orderId: input.orderId,
        email: input.proof.email,
        accountId: input.proof.accountId,
        link: input.proof.link,
        verifiedIdentity: input.verifiedIdentity ?? null,
      });
      if (result.ok) return { ok: true, serviceId: result.record.serviceId };
      limiter.recordFailure(conversationId, clientAddress);
      return { ok: false, lockedOut: limiter.isLockedOut(conversationId, clientAddress) };
    },
  };
}
