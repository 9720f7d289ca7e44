import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import { createOrderDirectory } from '../../../src/orders/directory.js';
import { checkIdentity, createOwnershipLimiter, identityHash, verifyIdentityHash, verifyOwnership } from '../../../src/orders/ownership.js';
import { createOrderVerifier } from '../../../src/orders/verifier.js';
import { openSqliteStorage } from '../../../src/storage/sqlite/index.js';
import { fixedClock } from '../../helpers/deterministic.js';

const SECRET = 'identity-secret-for-tests-0123456789abcdef';

async function setup(t: TestContext) {
  const clock = fixedClock();
  const storage = openSqliteStorage({ path: ':memory:' });
  t.after(() => storage.close());
  const directory = createOrderDirectory(storage.orders, clock);
  await directory.upsert([
    { orderId: '4829113', email: 'maria.lopez88@gmail.com', accountId: 'u-10482', link: 'https://www.instagram.com/fitwithjade', serviceId: '1204', quantity: 1000, createdAt: '2026-11-20T10:00:00Z' },
    { orderId: '5000000', email: 'someone.else@example.com', accountId: 'u-2', link: 'https://www.instagram.com/someoneelse' },
  ]);
  const limiter = createOwnershipLimiter(storage.counters, clock);
  return { clock, directory, limiter, verifier: createOrderVerifier({ directory, limiter }) };
}

describe('verifyOwnership', () => {
  for (const [name, proof] of [
    ['email (any case)', { email: 'Maria.Lopez88@GMAIL.com' }],
    ['account id', { accountId: ' u-10482 ' }],
    ['link (another form)', { link: 'instagram.com/FitWithJade/' }],
    ['handle', { link: '@fitwithjade' }],
  ] as const) {
    it(`discloses with the order id and the ${name}`, async (t) => {
      const { directory } = await setup(t);
      const result = await verifyOwnership(directory, { orderId: '4829113', ...proof });
      assert.equal(result.ok, true);
      assert.equal(result.ok && result.record.orderId, '4829113');
    });
  }

  it('a wrong owner and an unknown order are indistinguishable', async (t) => {
    const { directory } = await setup(t);
    const wrongOwner = await verifyOwnership(directory, { orderId: '4829113', email: 'someone.else@example.com' });
    const unknownOrder = await verifyOwnership(directory, { orderId: '4999999', email: 'maria.lopez88@gmail.com' });
    const noProof = await verifyOwnership(directory, { orderId: '4829113' });
    const garbage = await verifyOwnership(directory, { orderId: 'x y z', link: 'instagram.com' });
    assert.deepEqual(wrongOwner, { ok: false });
    assert.deepEqual(wrongOwner, unknownOrder);
    assert.equal(wrongOwner, unknownOrder, 'the same object, so not even a reference differs');
    assert.deepEqual(JSON.stringify(wrongOwner), JSON.stringify(unknownOrder));
    assert.deepEqual(noProof, wrongOwner);
    assert.deepEqual(garbage, wrongOwner);
  });

  it('another customer’s details do not open this order', async (t) => {
    const { directory } = await setup(t);
    assert.equal((await verifyOwnership(directory, { orderId: '4829113', accountId: 'u-2', link: '@someoneelse' })).ok, false);
  });

  it('a verified identity (email or account id) opens that user’s orders only', async (t) => {
    const { directory } = await setup(t);
    const maria = checkIdentity(SECRET, 'maria.lopez88@gmail.com', identityHash(SECRET, 'maria.lopez88@gmail.com'));
    assert.ok(maria);
    assert.equal((await verifyOwnership(directory, { orderId: '4829113', verifiedIdentity: maria })).ok, true);
    assert.equal((await verifyOwnership(directory, { orderId: '5000000', verifiedIdentity: maria })).ok, false);
    const byAccount = checkIdentity(SECRET, 'u-10482', identityHash(SECRET, 'u-10482'));
    assert.equal((await verifyOwnership(directory, { orderId: '4829113', verifiedIdentity: byAccount })).ok, true);
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
  const ok = { ok: true, serviceId: '1204', quantity: 1000, createdAt: '2026-11-20T10:00:00.000Z', cached: null };

  it('eight guesses in a row disclose nothing and lock out after 5', async (t) => {
    const { verifier } = await setup(t);
    const results = [];
    for (let i = 1; i <= 7; i++) {
      results.push(await verifier.verify({ conversationId: 'c1', clientAddress: '203.0.113.9', orderId: `482912${i}`, proof: { email: 'maria.lopez88@gmail.com' }, verifiedUserId: null }));
    }
    // The eighth guess is right, but the conversation is locked: still nothing.
    results.push(await verifier.verify({ conversationId: 'c1', clientAddress: '203.0.113.9', orderId: '4829113', proof: { email: 'maria.lopez88@gmail.com' }, verifiedUserId: null }));
    assert.ok(results.every((r) => !r.ok));
    assert.deepEqual(results.map((r) => !r.ok && r.lockedOut), [false, false, false, false, true, true, true, true]);
  });

  it('counts per client address across conversations (an IPv6 address by its /64), over a sliding hour', async (t) => {
    const { clock, verifier } = await setup(t);
    for (let i = 0; i < 4; i++) await verifier.verify({ conversationId: `c${i}`, clientAddress: '2001:db8:1:2::a', orderId: '1', proof: { email: 'x@y.co' }, verifiedUserId: null });
    clock.advance(30 * 60 * 1000);
    await verifier.verify({ conversationId: 'c4', clientAddress: '2001:db8:1:2:ffff::9', orderId: '1', proof: { email: 'x@y.co' }, verifiedUserId: null });
    const owner = { conversationId: 'fresh', clientAddress: '2001:db8:1:2::b', orderId: '4829113', proof: { email: 'maria.lopez88@gmail.com' }, verifiedUserId: null };
    assert.deepEqual(await verifier.verify(owner), { ok: false, lockedOut: true });
    assert.deepEqual(await verifier.verify({ ...owner, clientAddress: '2001:db8:1:3::b' }), ok, 'another /64');
    // The first four failures leave the window: the fifth alone does not lock out.
    clock.advance(30 * 60 * 1000 + 1000);
    assert.deepEqual(await verifier.verify(owner), ok);
  });

  it('holds across instances: two verifiers over one storage share the count', async (t) => {
    const clock = fixedClock();
    const storage = openSqliteStorage({ path: ':memory:' });
    t.after(() => storage.close());
    const directory = createOrderDirectory(storage.orders, clock);
    const [a, b] = [0, 1].map(() => createOrderVerifier({ directory, limiter: createOwnershipLimiter(storage.counters, clock) }));
    const guess = { conversationId: 'c', clientAddress: '203.0.113.9', orderId: '1', proof: { email: 'x@y.co' }, verifiedUserId: null };
    for (let i = 0; i < 4; i++) await (i % 2 ? a : b)?.verify(guess);
    assert.deepEqual(await a?.verify(guess), { ok: false, lockedOut: true });
    assert.deepEqual(await b?.verify(guess), { ok: false, lockedOut: true });
  });

  it('takes the identity the host site verified when the conversation opened, instead of a proof', async (t) => {
    const { verifier } = await setup(t);
    const base = { conversationId: 'c', clientAddress: 'ip', orderId: '4829113', proof: {} };
    assert.deepEqual(await verifier.verify({ ...base, verifiedUserId: 'u-10482' }), ok);
    assert.deepEqual(await verifier.verify({ ...base, verifiedUserId: 'maria.lopez88@gmail.com' }), ok);
    assert.equal((await verifier.verify({ ...base, verifiedUserId: 'u-99999' })).ok, false);
  });

  it('hands back the last status the directory heard, for when the panel is down', async (t) => {
    const { directory, verifier } = await setup(t);
    await directory.updateStatus('4829113', { status: 'in_progress', rawStatus: 'In progress', startCount: 1520, remains: 400, charge: '0.90', fetchedAt: '2026-11-22T09:00:00.000Z' });
    const verdict = await verifier.verify({ conversationId: 'c', clientAddress: 'ip', orderId: '4829113', proof: { email: 'maria.lopez88@gmail.com' }, verifiedUserId: null });
    assert.deepEqual(verdict, {
      ok: true, serviceId: '1204', quantity: 1000, createdAt: '2026-11-20T10:00:00.000Z',
      cached: { order: { orderId: '4829113', currency: null, status: 'in_progress', rawStatus: 'In progress', startCount: 1520, remains: 400, charge: '0.90' }, fetchedAt: '2026-11-22T09:00:00.000Z' },
    });
  });

  it('successful checks do not count', async (t) => {
    const { limiter, verifier } = await setup(t);
    for (let i = 0; i < 10; i++) assert.equal((await verifier.verify({ conversationId: 'c', clientAddress: 'ip', orderId: '4829113', proof: { accountId: 'u-10482' }, verifiedUserId: null })).ok, true);
    assert.equal(await limiter.isLockedOut('c', 'ip'), false);
  });
});
