// The act stage's OrderVerifier port over the directory, the ownership rule, the shop's optional
// ownership endpoint and the guess limiter. The limit and the rule are the same on every path: a
// "no" from the endpoint counts as a failed guess exactly as a directory miss does.
import type { OrderVerifier, OwnershipInput } from '../actions/act.js';
import type { OrderDirectory, OrderRecord } from './directory.js';
import { verifiedEarlier } from './identity.js';
import { normaliseAccountId, normaliseEmail, normaliseLink } from './normalise.js';
import type { EndpointAnswer, OwnershipEndpoint, OwnershipQuestion } from './ownership-endpoint.js';
import type { OwnershipLimiter } from './ownership-limiter.js';
import { verifyOwnership } from './ownership.js';

export interface OrderVerifierDeps {
  directory: Pick<OrderDirectory, 'get'>;
  limiter: OwnershipLimiter;
  /** OWNERSHIP_URL: asked about the proofs the directory cannot judge. */
  endpoint?: Pick<OwnershipEndpoint, 'ask'>;
}

type Verdict = Awaited<ReturnType<OrderVerifier['verify']>>;

function shown(record: OrderRecord | undefined): Verdict {
  const last = record?.lastStatus;
  let cached = null;
  if (record && last) {
    const { fetchedAt, ...status } = last;
    cached = { order: { orderId: record.orderId, currency: null, ...status }, fetchedAt };
  }
  return { ok: true, serviceId: record?.serviceId ?? null, quantity: record?.quantity ?? null, createdAt: record?.createdAt ?? null, cached };
}

/**
 * The proofs given, each with whether the directory could judge it (it knows the order and holds a
 * value of that kind); a verified identity is the shop's user id, an email or an account id.
 */
function proofsOf(input: OwnershipInput, record: OrderRecord | undefined): { question: OwnershipQuestion['proof']; judged: boolean }[] {
  const identity = input.verifiedUserId;
  const given: [OwnershipQuestion['proof']['kind'], string | null][] = [
    ['email', input.proof.email === undefined ? null : normaliseEmail(input.proof.email)],
    ['account_id', input.proof.accountId === undefined ? null : normaliseAccountId(input.proof.accountId)],
    ['link', input.proof.link === undefined ? null : normaliseLink(input.proof.link)],
    identity === null ? ['email', null] : identity.includes('@') ? ['email', normaliseEmail(identity)] : ['account_id', normaliseAccountId(identity)],
  ];
  const held = { email: record?.email ?? null, account_id: record?.accountId ?? null, link: record?.link ?? null };
  return given.flatMap(([kind, value]) => (value === null ? [] : [{ question: { kind, value }, judged: held[kind] !== null }]));
}

export function createOrderVerifier({ directory, limiter, endpoint }: OrderVerifierDeps): OrderVerifier {
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
      if (result.ok) return shown(result.record);
      if (endpoint) {
        // Only what the directory could not judge goes to the shop. (Whether it was asked shows in
        // the time taken; the guess limit bounds what that tells.)
        const record = await directory.get(input.orderId);
        const proofs = proofsOf(input, record);
        const answers: EndpointAnswer[] = [];
        for (const { question } of proofs.filter((p) => !p.judged)) {
          const answer = await endpoint.ask({ orderId: record?.orderId ?? input.orderId, proof: question });
          if (answer === 'yes') return shown(record);
          answers.push(answer);
        }
        // "Could not check" is no guess, unless something was judged and failed: that still counts.
        const failedSomewhere = proofs.some((p) => p.judged) || answers.includes('no');
        if (answers.includes('unavailable') && !failedSomewhere) return { ok: false, lockedOut: false, unavailable: true };
      }
      return { ok: false, lockedOut: await limiter.recordFailure(conversationId, clientAddress) };
    },
  };
}
