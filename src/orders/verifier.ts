// The act stage's OrderVerifier port over the directory, the ownership rule and the guess limiter.
import type { OrderVerifier, OwnershipInput } from '../actions/act.js';
import type { OrderDirectory } from './directory.js';
import { verifiedEarlier } from './identity.js';
import type { OwnershipLimiter } from './ownership-limiter.js';
import { verifyOwnership } from './ownership.js';

export interface OrderVerifierDeps {
  directory: Pick<OrderDirectory, 'get'>;
  limiter: OwnershipLimiter;
}

export function createOrderVerifier({ directory, limiter }: OrderVerifierDeps): OrderVerifier {
  return {
    async verify(input: OwnershipInput) {
      const { conversationId, clientAddress } = input;
      // Locked out: nothing is checked any more, so even a right guess discloses nothing.
      if (await limiter.isLockedOut(conversationId, clientAddress)) return { ok: false, lockedOut: true };
      const result = await verifyOwnership(directory, {
        orderId: input.orderId,
        email: input.proof.email,
        accountId: input.proof.accountId,
        link: input.proof.link,
        verifiedIdentity: input.verifiedUserId === null ? null : verifiedEarlier(input.verifiedUserId),
      });
      if (result.ok) {
        const last = result.record.lastStatus;
        let cached = null;
        if (last) {
          const { fetchedAt, ...status } = last;
          cached = { order: { orderId: result.record.orderId, currency: null, ...status }, fetchedAt };
        }
        return { ok: true, serviceId: result.record.serviceId, quantity: result.record.quantity, createdAt: result.record.createdAt, cached };
      }
      return { ok: false, lockedOut: await limiter.recordFailure(conversationId, clientAddress) };
    },
  };
}
