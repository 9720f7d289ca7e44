import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openDatabase } from '../../../src/db/open-database.js';
import { createOrderDirectory } from '../../../src/orders/directory.js';
import { checkIdentity, createOwnershipLimiter, identityHash, verifyIdentityHash, verifyOwnership } from '../../../src/orders/ownership.js';
import { createOrderVerifier } from '../../../src/orders/verifier.js';
import { fixedClock } from '../../helpers/deterministic.js';

const SECRET = 'identity-secret-for-tests-0123456789abcdef';

function setup() {
  const clock = fixedClock();
  const directory = createOrderDirectory(openDatabase(':memory:'), clock);
  directory.upsert({ orderId: '4829113', email: 'maria.lopez88@gmail.com', accountId: 'u-10482', link: 'https://www.instagram.com/fitwithjade', serviceId: '1204', quantity: 1000, createdAt: '2026-11-20T10:00:00Z' });
  directory.upsert({ orderId: '5000000', email: 'someone.else@example.com', accountId: 'u-2', link: 'https://www.instagram.com/someoneelse' });
  return { clock, directory };
}

describe('verifyOwnership', () => {
  for (const [name, proof] of [
    ['email (any case)', { email: 'Maria.Lopez88@GMAIL.com' }],
    ['account id', { accountId: ' u-10482 ' }],
    ['link (another form)', { link: 'instagram.com/FitWithJade/' }],
    ['handle', { link: '@fitwithjade' }],
  ] as const) {
    it(`discloses with the order id and the ${name}`, () => {
      const { directory } = setup();
      const result = verifyOwnership(directory, { orderId: '4829113', ...proof });
      assert.equal(result.ok, true);
      assert.equal(result.ok && result.record.orderId, '4829113');
    });
  }

  it('a wrong owner and an unknown order are indistinguishable', () => {
    const { directory } = setup();
    const wrongOwner = verifyOwnership(directory, { orderId: '4829113', email: 'someone.else@example.com' });
    const unknownOrder = verifyOwnership(directory, { orderId: '4999999', email: 'maria.lopez88@gmail.com' });
    const noProof = verifyOwnership(directory, { orderId: '4829113' });
    const garbage = verifyOwnership(directory, { orderId: 'x y z', link: 'instagram.com' });
    assert.deepEqual(wrongOwner, { ok: false });
    assert.deepEqual(wrongOwner, unknownOrder);
    assert.equal(wrongOwner, unknownOrder, 'the same object, so not even a reference differs');
    assert.deepEqual(JSON.stringify(wrongOwner), JSON.stringify(unknownOrder));
    assert.deepEqual(noProof, wrongOwner);
    assert.deepEqual(garbage, wrongOwner);
  });

  it('another customer’s details do not open this order', () => {
    const { directory } = setup();
    assert.equal(verifyOwnership(directory, { orderId: '4829113', accountId: 'u-2', link: '@someoneelse' }).ok, false);
  });

  it('a verified identity (email or account id) opens that user’s orders only', () => {
    const { directory } = setup();
    const maria = checkIdentity(SECRET, 'maria.lopez88@gmail.com', identityHash(SECRET, 'maria.lopez88@gmail.com'));
    assert.ok(maria);
    assert.equal(verifyOwnership(directory, { orderId: '4829113', verifiedIdentity: maria }).ok, true);
    assert.equal(verifyOwnership(directory, { orderId: '5000000', verifiedIdentity: maria }).ok, false);
    const byAccount = checkIdentity(SECRET, 'u-10482', identityHash(SECRET, 'u-10482'));
    assert.equal(verifyOwnership(directory, { orderId: '4829113', verifiedIdentity: byAccount }).ok, true);
  });
});

describe('verifyIdentityHash', () => {
  const hash = identityHash(SECRET, 'u-10482');
  it('accepts the right hash in either case', () => {
    assert.ok(verifyIdentityHash(SECRET, 'u-10482', hash));
    assert.ok(verifyIdentityHash(SECRET, 'u-10482', hash.toUpperCase()));
  });
  it('rejects another user, another secret, wrong lengths and junk without throwing', () => {
    assert.ok(!verifyIdentityHash(SECRET, 'u-10483', hash));
    assert.ok(!verifyIdentityHash(`${SECRET}x`, 'u-10482', hash));
    for (const bad of ['', 'ab', hash.slice(0, 63), `${hash}0`, 'z'.repeat(64), hash.slice(0, 32)]) {
      assert.equal(verifyIdentityHash(SECRET, 'u-10482', bad), false, bad);
    }
    assert.equal(checkIdentity(undefined, 'u-10482', hash), null, 'no secret configured: nothing verifies');
  });
  it('matches a known answer', () => {
    // printf %s 'u-10482' | openssl dgst -sha256 -hmac 'identity-secret-for-tests-0123456789abcdef'
    assert.equal(identityHash(SECRET, 'u-10482'), '5399d00903fc722e581daf7d39aa14c53438bce96a96e0692721248eb75ae406');
  });
});

describe('guess limiting', () => {
  it('eight guesses in a row disclose nothing and lock out after 5', () => {
    const { clock, directory } = setup();
    const verifier = createOrderVerifier({ directory, limiter: createOwnershipLimiter(clock) });
    const results = [];
    for (let i = 1; i <= 7; i++) {
      results.push(verifier.verify({ conversationId: 'c1', clientAddress: '203.0.113.9', orderId: `482912${i}`, proof: { email: 'maria.lopez88@gmail.com' }, verifiedUserId: null }));
    }
    // The eighth guess is right, but the conversation is locked: still nothing.
    results.push(verifier.verify({ conversationId: 'c1', clientAddress: '203.0.113.9', orderId: '4829113', proof: { email: 'maria.lopez88@gmail.com' }, verifiedUserId: null }));
    assert.ok(results.every((r) => !r.ok));
    assert.deepEqual(results.map((r) => !r.ok && r.lockedOut), [false, false, false, false, true, true, true, true]);
  });

  it('counts per client address across conversations, and forgets after an hour', () => {
    const { clock, directory } = setup();
    const verifier = createOrderVerifier({ directory, limiter: createOwnershipLimiter(clock) });
    for (let i = 0; i < 5; i++) verifier.verify({ conversationId: `c${i}`, clientAddress: '203.0.113.9', orderId: '1', proof: { email: 'x@y.co' }, verifiedUserId: null });
    const owner = { conversationId: 'fresh', clientAddress: '203.0.113.9', orderId: '4829113', proof: { email: 'maria.lopez88@gmail.com' }, verifiedUserId: null };
    assert.deepEqual(verifier.verify(owner), { ok: false, lockedOut: true });
    assert.deepEqual(verifier.verify({ ...owner, clientAddress: '198.51.100.1' }), { ok: true, serviceId: '1204', quantity: 1000, createdAt: '2026-11-20T10:00:00.000Z', cached: null });
    clock.advance(60 * 60 * 1000);
    assert.deepEqual(verifier.verify(owner), { ok: true, serviceId: '1204', quantity: 1000, createdAt: '2026-11-20T10:00:00.000Z', cached: null });
  });

  it('takes the identity the host site verified when the conversation opened, instead of a proof', () => {
    const { clock, directory } = setup();
    const verifier = createOrderVerifier({ directory, limiter: createOwnershipLimiter(clock) });
    const base = { conversationId: 'c', clientAddress: 'ip', orderId: '4829113', proof: {} };
    assert.deepEqual(verifier.verify({ ...base, verifiedUserId: 'u-10482' }), { ok: true, serviceId: '1204', quantity: 1000, createdAt: '2026-11-20T10:00:00.000Z', cached: null });
    assert.deepEqual(verifier.verify({ ...base, verifiedUserId: 'maria.lopez88@gmail.com' }), { ok: true, serviceId: '1204', quantity: 1000, createdAt: '2026-11-20T10:00:00.000Z', cached: null });
    assert.equal(verifier.verify({ ...base, verifiedUserId: 'u-99999' }).ok, false);
  });

  it('hands back the last status the directory heard, for when the panel is down', () => {
    const { clock, directory } = setup();
    directory.updateStatus('4829113', { status: 'in_progress', rawStatus: 'In progress', startCount: 1520, remains: 400, charge: '0.90', fetchedAt: '2026-11-22T09:00:00.000Z' });
    const verifier = createOrderVerifier({ directory, limiter: createOwnershipLimiter(clock) });
    const verdict = verifier.verify({ conversationId: 'c', clientAddress: 'ip', orderId: '4829113', proof: { email: 'maria.lopez88@gmail.com' }, verifiedUserId: null });
    assert.deepEqual(verdict, {
      ok: true, serviceId: '1204', quantity: 1000, createdAt: '2026-11-20T10:00:00.000Z',
      cached: { order: { orderId: '4829113', currency: null, status: 'in_progress', rawStatus: 'In progress', startCount: 1520, remains: 400, charge: '0.90' }, fetchedAt: '2026-11-22T09:00:00.000Z' },
    });
  });

  it('successful checks do not count', () => {
    const { clock, directory } = setup();
    const limiter = createOwnershipLimiter(clock);
    const verifier = createOrderVerifier({ directory, limiter });
    for (let i = 0; i < 10; i++) assert.equal(verifier.verify({ conversationId: 'c', clientAddress: 'ip', orderId: '4829113', proof: { accountId: 'u-10482' }, verifiedUserId: null }).ok, true);
    assert.equal(limiter.isLockedOut('c', 'ip'), false);
  });
});
