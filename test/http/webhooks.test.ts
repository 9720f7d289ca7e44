import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import { signatureHeader } from '../../src/orders/webhook-signature.js';
import { buildTestApp } from '../helpers/test-app.js';

const SECRET = 'whsec_current_0123456789abcdefghijklmnop';
const PREVIOUS = 'whsec_previous_0123456789abcdefghijklmno';

async function setup(t: TestContext, env: Record<string, string> = { WEBHOOK_SECRETS: `${SECRET},${PREVIOUS}` }) {
  const testApp = await buildTestApp(t, { env });
  const now = () => Math.floor(testApp.clock().getTime() / 1000);
  const post = (body: string, header?: string) =>
    testApp.app.inject({ method: 'POST', url: '/v1/webhooks/panel', headers: { 'content-type': 'application/json', ...(header === undefined ? {} : { 'parley-signature': header }) }, payload: body });
  const signed = (body: string, secrets = [SECRET], t0 = now()) => post(body, signatureHeader(secrets, t0, body));
  const snapshot = () => ({
    orders: testApp.deps.db.prepare('SELECT * FROM orders ORDER BY order_id').all(),
    events: testApp.deps.db.prepare('SELECT * FROM webhook_events ORDER BY id').all(),
  });
  return { ...testApp, now, post, signed, snapshot };
}

const event = (id: string, overrides: Record<string, unknown> = {}, data: Record<string, unknown> = {}) => JSON.stringify({
  id,
  type: 'order.updated',
  data: { order: 4829113, status: 'In progress', start_count: '1520', remains: '400', charge: '0.90', link: 'https://www.instagram.com/fitwithjade', service: 1204, customer: { email: 'Maria.Lopez88@gmail.com', accountId: 'u-10482' }, paymentReference: '8UJ12345AB678901C', ...data },
  ...overrides,
});

const UNAUTHORIZED = { error: { code: 'unauthorized', message: 'missing or invalid signature' } };

describe('POST /v1/webhooks/panel', () => {
  it('applies a valid delivery, and answers only after the commit', async (t) => {
    const w = await setup(t);
    const res = await w.signed(event('evt_1', { type: 'order.created' }));
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), { received: true });
    // Read straight after the response: the effect is already committed.
    const record = await w.deps.directory.get('4829113');
    assert.equal(record?.email, 'maria.lopez88@gmail.com');
    assert.equal(record?.link, 'instagram.com/fitwithjade');
    assert.deepEqual(record?.lastStatus, { status: 'in_progress', rawStatus: 'In progress', startCount: 1520, remains: 400, charge: '0.90', fetchedAt: '2026-11-22T10:00:00.000Z' });
    assert.equal(w.snapshot().events.length, 1);
  });

  it('an update without the customer block keeps the owner and moves the status on', async (t) => {
    const w = await setup(t);
    await w.signed(event('evt_1'));
    w.clock.advance(60_000);
    const res = await w.signed(JSON.stringify({ id: 'evt_2', type: 'order.updated', data: { order: '4829113', status: 'Completed', remains: 0 } }));
    assert.equal(res.statusCode, 200);
    assert.equal((await w.deps.directory.get('4829113'))?.lastStatus?.status, 'completed');
    assert.equal((await w.deps.directory.get('4829113'))?.email, 'maria.lopez88@gmail.com');
  });

  it('never regresses: an older event delivered late changes no status', async (t) => {
    const w = await setup(t);
    await w.signed(event('evt_new', { createdAt: '2026-11-22T09:59:00Z' }, { status: 'Completed' }));
    await w.signed(event('evt_old', { createdAt: '2026-11-22T09:00:00Z' }, { status: 'In progress' }));
    assert.equal((await w.deps.directory.get('4829113'))?.lastStatus?.status, 'completed');
  });

  it('dedupes a replayed event id, even with a fresh signature, and changes nothing', async (t) => {
    const w = await setup(t);
    await w.signed(event('evt_1'));
    const before = w.snapshot();
    w.clock.advance(5_000);
    const again = await w.signed(event('evt_1', {}, { status: 'Canceled' }));
    assert.equal(again.statusCode, 200);
    assert.deepEqual(again.json(), { received: true, duplicate: true });
    assert.deepEqual(w.snapshot(), before);
  });

  it('ten concurrent identical deliveries have exactly one effect', async (t) => {
    const w = await setup(t);
    const results = await Promise.all(Array.from({ length: 10 }, () => w.signed(event('evt_c'))));
    assert.ok(results.every((r) => r.statusCode === 200));
    assert.equal(results.filter((r) => !r.json().duplicate).length, 1);
    assert.equal(w.snapshot().events.length, 1);
  });

  it('accepts the previous secret during rotation', async (t) => {
    const w = await setup(t);
    const res = await w.signed(event('evt_r'), [PREVIOUS]);
    assert.equal(res.statusCode, 200);
  });

  it('rejects every bad signature with one identical 401, writing nothing and logging no secret', async (t) => {
    const w = await setup(t);
    const body = event('evt_bad');
    const sign = (t0: number, secrets = [SECRET]) => signatureHeader(secrets, t0, body);
    const cases: [string, () => ReturnType<typeof w.post>][] = [
      ['missing header', () => w.post(body)],
      ['malformed header', () => w.post(body, 't=abc,v1=zz')],
      ['only v0', () => w.post(body, `t=${w.now()},v0=${'a'.repeat(64)}`)],
      ['wrong secret', () => w.post(body, sign(w.now(), ['whsec_someone_else_0123456789abcdefghij']))],
      ['stale (past)', () => w.post(body, sign(w.now() - 301))],
      ['future', () => w.post(body, sign(w.now() + 301))],
      ['tampered body', () => w.post(body.replace('In progress', 'Completed'), sign(w.now()))],
      ['re-serialised body', () => w.post(JSON.stringify(JSON.parse(body), null, 1), sign(w.now()))],
    ];
    const before = w.snapshot();
    for (const [name, send] of cases) {
      const res = await send();
      assert.equal(res.statusCode, 401, name);
      assert.deepEqual(res.json(), UNAUTHORIZED, name);
    }
    assert.deepEqual(w.snapshot(), before);
    assert.match(w.logs(), /webhook signature rejected/);
    assert.ok(!w.logs().includes(SECRET) && !w.logs().includes(PREVIOUS));
    assert.ok(!w.logs().includes(sign(w.now()).slice(-64)), 'the signature is not logged');
    assert.ok(!w.logs().includes('maria.lopez88'), 'nothing from the body is logged');
  });

  it('accepts the ±300 s boundary', async (t) => {
    const w = await setup(t);
    assert.equal((await w.signed(event('evt_p'), [SECRET], w.now() - 300)).statusCode, 200);
    assert.equal((await w.signed(event('evt_f'), [SECRET], w.now() + 300)).statusCode, 200);
  });

  it('refuses a body over 64 KiB with 413 before anything else', async (t) => {
    const w = await setup(t);
    const body = event('evt_big', {}, { paymentReference: 'x', padding: 'y'.repeat(65 * 1024) });
    const res = await w.signed(body);
    assert.equal(res.statusCode, 413);
    assert.equal(res.json().error.code, 'payload_too_large');
    assert.equal(w.snapshot().events.length, 0);
  });

  it('acknowledges a signed event of an unknown type with 200 and ignores it (WH-12)', async (t) => {
    const w = await setup(t);
    await w.signed(event('evt_1', { type: 'order.created' }));
    const before = w.snapshot();
    const recordBefore = await w.deps.directory.get('4829113');
    const unknown = await w.signed(event('evt_u', { type: 'order.deleted' }, { status: 'Canceled', customer: { email: 'someone.else@example.com' } }));
    assert.equal(unknown.statusCode, 200);
    assert.deepEqual(unknown.json(), { received: true, ignored: true });
    // Whatever its data, even data no known type would accept.
    const odd = await w.signed(JSON.stringify({ id: 'evt_u2', type: 'payment.received', data: { order: 'x y', amount: [1, 2] } }));
    assert.equal(odd.statusCode, 200);
    assert.deepEqual(odd.json(), { received: true, ignored: true });
    // No state change: the order directory and the inbox (event ids) are untouched.
    assert.deepEqual(w.snapshot(), before);
    assert.deepEqual(await w.deps.directory.get('4829113'), recordBefore);
    // The id was not kept: the same id as a known type later is a new event, not a duplicate.
    const later = await w.signed(event('evt_u', {}, { status: 'Completed' }));
    assert.deepEqual(later.json(), { received: true });
    assert.equal((await w.deps.directory.get('4829113'))?.lastStatus?.status, 'completed');
    // Logged, without the body.
    assert.match(w.logs(), /webhook event of an unsupported type ignored/);
    assert.match(w.logs(), /evt_u2/);
    assert.ok(!w.logs().includes('someone.else'), 'nothing from the body is logged');
  });

  it('answers 400 for a signed but invalid event of a known type or poisoned JSON, storing nothing', async (t) => {
    const w = await setup(t);
    const invalid = await w.signed(JSON.stringify({ id: 'evt_i', type: 'order.updated', data: { order: 'x y' } }));
    assert.equal(invalid.statusCode, 400);
    assert.equal(invalid.json().error.code, 'validation_failed');
    const poisoned = await w.signed('{"id":"evt_p","type":"order.created","data":{"order":1,"__proto__":{"polluted":true}}}');
    assert.equal(poisoned.statusCode, 400);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    const notJson = await w.signed('{"id":');
    assert.equal(notJson.statusCode, 400);
    assert.equal(w.snapshot().events.length, 0);
    assert.equal(w.snapshot().orders.length, 0);
  });

  it('answers 503 and changes nothing when no secret is configured', async (t) => {
    const w = await setup(t, {});
    const res = await w.signed(event('evt_1'));
    assert.equal(res.statusCode, 503);
    assert.deepEqual(res.json(), { error: { code: 'service_unavailable', message: 'webhooks are not configured' } });
    assert.equal(w.snapshot().orders.length, 0);
  });

  it('leaves the other routes’ JSON parsing alone', async (t) => {
    const w = await setup(t);
    const res = await w.app.inject({ method: 'POST', url: '/v1/conversations', headers: { 'content-type': 'application/json' }, payload: { locale: 'en' } });
    assert.equal(res.statusCode, 201);
  });
});

describe('webhooks and the per-address limit', () => {
  it('a burst from the panel is not cut by the visitors\' per-address limit', async (t) => {
    const w = await setup(t, { WEBHOOK_SECRETS: SECRET, RATE_LIMIT_PER_IP_PER_MINUTE: '5' });
    const codes = [];
    for (let i = 0; i < 12; i++) codes.push((await w.signed(event(`evt_burst_${i}`))).statusCode);
    assert.deepEqual(new Set(codes), new Set([200]));
    const visitor = [];
    for (let i = 0; i < 6; i++) visitor.push((await w.app.inject({ method: 'POST', url: '/v1/conversations' })).statusCode);
    assert.equal(visitor.at(-1), 429, 'visitors are still limited');
  });
});
