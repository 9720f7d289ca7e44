import assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { describe, it, type TestContext } from 'node:test';
import { createOrderDirectory } from '../../../src/orders/directory.js';
import { createOwnershipEndpoint, type EndpointAnswer, type OwnershipEndpointOptions } from '../../../src/orders/ownership-endpoint.js';
import { createOwnershipLimiter, MAX_OWNERSHIP_FAILURES } from '../../../src/orders/ownership-limiter.js';
import { createOrderVerifier } from '../../../src/orders/verifier.js';
import { createLogger } from '../../../src/observability/logger.js';
import { fromRoot } from '../../../src/paths.js';
import { openSqliteStorage } from '../../../src/storage/sqlite/index.js';
import { fixedClock, type TestClock } from '../../helpers/deterministic.js';
import { loopbackServer } from '../../helpers/loopback.js';

const SECRET = 'own_sec_0123456789abcdefghijklmnopqrstu';

// The shop's side as docs/orders-and-webhooks.md gives it: the example is what these tests run.
interface ShopExample {
  verifyParleySignature(secret: string, header: string | undefined, body: Buffer, nowSeconds?: number): boolean;
  ownershipHandler(o: { secret: string; owns: (orderId: string, proof: { kind: string; value: string }) => Promise<boolean>; now?: () => number }): (req: IncomingMessage, res: ServerResponse) => void;
}
const examplePath = fromRoot('docs', 'examples', 'ownership-endpoint.mjs');
const example = (await import(examplePath)) as ShopExample;

/** A shop that owns order 4829113 for maria@example.com, checking Parley's signature with the example. */
async function shop(t: TestContext, clock: TestClock, behave: 'answer' | 'hang' | 'garbage' = 'answer') {
  const handler = example.ownershipHandler({
    secret: SECRET,
    now: () => Math.floor(clock().getTime() / 1000),
    owns: async (orderId, proof) => orderId === '4829113' && proof.kind === 'email' && proof.value === 'maria@example.com',
  });
  return loopbackServer(t, (req, res) => {
    if (behave === 'hang') return;
    if (behave === 'garbage') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"owns":"yes"}');
    // The helper hands the handler a request whose body it already read: replay it.
    const fake = Object.assign(Readable.from([Buffer.from(req.body)]), { method: req.method, headers: req.headers });
    handler(fake as unknown as IncomingMessage, res);
  });
}

function endpoint(t: TestContext, url: string, clock: TestClock, extra: Partial<OwnershipEndpointOptions> = {}) {
  const calls: string[] = [];
  let hits = 0;
  const e = createOwnershipEndpoint({
    url, secret: SECRET, clock, log: createLogger('silent'), timeoutMs: 1000,
    onCall: (r) => calls.push(r), onCacheHit: () => (hits += 1), ...extra,
  });
  t.after(() => e.close());
  return { e, calls, hits: () => hits };
}

const maria = { orderId: '4829113', proof: { kind: 'email' as const, value: 'maria@example.com' } };

describe('ownership endpoint: signature and time window (the shop-side example)', () => {
  it('accepts what Parley signs, and refuses a stale, future, altered or wrongly keyed request', async (t) => {
    const clock = fixedClock();
    const s = await shop(t, clock);
    const { e } = endpoint(t, `${s.url}/parley/owns`, clock);
    assert.equal(await e.ask(maria), 'yes');
    const sent = s.requests[0];
    assert.ok(sent);
    assert.deepEqual(JSON.parse(sent.body), { orderId: '4829113', proof: { kind: 'email', value: 'maria@example.com' } });
    const header = sent.headers['parley-signature'] as string;
    assert.match(header, /^t=\d+,v1=[0-9a-f]{64}$/);
    const body = Buffer.from(sent.body);
    const t0 = Math.floor(clock().getTime() / 1000);
    assert.equal(example.verifyParleySignature(SECRET, header, body, t0 + 300), true, 'within 5 minutes');
    assert.equal(example.verifyParleySignature(SECRET, header, body, t0 + 301), false, 'stale');
    assert.equal(example.verifyParleySignature(SECRET, header, body, t0 - 301), false, 'from the future');
    assert.equal(example.verifyParleySignature(SECRET, header, Buffer.from(sent.body.replace('maria', 'mario')), t0), false, 'altered');
    assert.equal(example.verifyParleySignature(`${SECRET}x`, header, body, t0), false, 'another secret');
    assert.equal(example.verifyParleySignature(SECRET, undefined, body, t0), false, 'unsigned');
  });

  it('a request Parley signed more than 5 minutes before the shop reads it is refused: could not check, never a yes', async (t) => {
    const parleyClock = fixedClock();
    const shopClock = fixedClock('2026-11-22T10:05:01.000Z');
    const s = await shop(t, shopClock);
    const { e, calls } = endpoint(t, s.url, parleyClock);
    assert.equal(await e.ask(maria), 'unavailable');
    assert.deepEqual(calls, ['error']);
  });
});

describe('ownership endpoint: answers, cache and failures', () => {
  it('keeps an answer for 5 minutes (by the injected clock), then asks again', async (t) => {
    const clock = fixedClock();
    const s = await shop(t, clock);
    const { e, calls, hits } = endpoint(t, s.url, clock);
    assert.equal(await e.ask(maria), 'yes');
    assert.equal(await e.ask({ ...maria, proof: { kind: 'email', value: 'someone@example.com' } }), 'no');
    clock.advance(5 * 60_000 - 1);
    assert.equal(await e.ask(maria), 'yes');
    assert.equal(hits(), 1);
    assert.equal(s.requests.length, 2);
    clock.advance(1);
    assert.equal(await e.ask(maria), 'yes');
    assert.equal(s.requests.length, 3, 'expired: asked again');
    assert.deepEqual(calls, ['yes', 'no', 'yes']);
  });

  it('holds at most maxCached answers, the oldest going first', async (t) => {
    const clock = fixedClock();
    const s = await shop(t, clock);
    const { e } = endpoint(t, s.url, clock, { maxCached: 2 });
    for (const id of ['1001', '1002', '1003']) await e.ask({ orderId: id, proof: maria.proof });
    await e.ask({ orderId: '1003', proof: maria.proof });
    assert.equal(s.requests.length, 3, 'the newest is kept');
    await e.ask({ orderId: '1001', proof: maria.proof });
    assert.equal(s.requests.length, 4, 'the oldest was dropped');
  });

  it('a timeout or an unreadable answer is "could not check", and is not kept', async (t) => {
    const clock = fixedClock();
    const hanging = await shop(t, clock, 'hang');
    const slow = endpoint(t, hanging.url, clock, { timeoutMs: 200 });
    assert.equal(await slow.e.ask(maria), 'unavailable');
    assert.equal(await slow.e.ask(maria), 'unavailable');
    assert.deepEqual(slow.calls, ['error', 'error']);
    const garbage = await shop(t, clock, 'garbage');
    const odd = endpoint(t, garbage.url, clock);
    assert.equal(await odd.e.ask(maria), 'unavailable');
  });
});

describe('ownership: one guess limit on every path', () => {
  async function world(t: TestContext, answer: (q: { orderId: string; proof: { kind: string; value: string } }) => EndpointAnswer) {
    const storage = openSqliteStorage({ path: ':memory:' });
    t.after(() => storage.close());
    const clock = fixedClock();
    const directory = createOrderDirectory(storage.orders, clock);
    // The directory knows 4829113 with an email only; 4829114 is not in it at all.
    await directory.upsert([{ orderId: '4829113', email: 'maria@example.com' }]);
    const asked: string[] = [];
    const verifier = createOrderVerifier({
      directory,
      limiter: createOwnershipLimiter(storage.counters, clock),
      endpoint: { ask: async (q) => (asked.push(`${q.orderId}:${q.proof.kind}`), answer(q)) },
    });
    const verify = (orderId: string, proof: { email?: string; link?: string; accountId?: string }, conversationId = 'c1') =>
      verifier.verify({ conversationId, clientAddress: '203.0.113.7', orderId, proof, verifiedUserId: null });
    return { verify, asked };
  }

  it('asks only about what the directory cannot judge', async (t) => {
    const w = await world(t, () => 'yes');
    assert.equal((await w.verify('4829113', { email: 'maria@example.com' })).ok, true);
    assert.equal((await w.verify('4829113', { email: 'other@example.com' })).ok, false, 'the directory holds an email: it judges it');
    assert.equal((await w.verify('4829113', { accountId: 'u-1' })).ok, true, 'it holds no account id: the shop is asked');
    assert.equal((await w.verify('4829114', { link: '@fitwithjade' })).ok, true, 'unknown order: the shop is asked');
    assert.deepEqual(w.asked, ['4829113:account_id', '4829114:link']);
  });

  it("a shop's no counts as a failed guess exactly as a directory miss, and the lock-out stops both", async (t) => {
    const w = await world(t, (q) => (q.proof.kind === 'link' ? 'yes' : 'no'));
    for (let i = 1; i < MAX_OWNERSHIP_FAILURES; i += 1) {
      const miss = i % 2 === 0 ? await w.verify('4829113', { email: `guess${i}@example.com` }) : await w.verify('4829114', { email: `guess${i}@example.com` });
      assert.deepEqual(miss, { ok: false, lockedOut: false });
    }
    assert.deepEqual(await w.verify('4829114', { accountId: 'u-9' }), { ok: false, lockedOut: true }, 'the fifth failure, from the shop');
    const before = w.asked.length;
    assert.deepEqual(await w.verify('4829114', { link: '@fitwithjade' }), { ok: false, lockedOut: true }, 'even a right answer is not asked for');
    assert.equal(w.asked.length, before);
  });

  it('"could not check" is not a guess, unless something was judged and failed', async (t) => {
    const w = await world(t, () => 'unavailable');
    for (let i = 0; i < MAX_OWNERSHIP_FAILURES + 2; i += 1) {
      assert.deepEqual(await w.verify('4829114', { email: 'maria@example.com' }), { ok: false, lockedOut: false, unavailable: true });
    }
    // A wrong email the directory could judge still counts, whatever the shop could not answer.
    assert.deepEqual(await w.verify('4829113', { email: 'wrong@example.com', link: '@x' }), { ok: false, lockedOut: false });
  });
});
