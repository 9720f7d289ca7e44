// The order directory's sources over real HTTP: a signed order.created webhook makes a new order
// verifiable at once (idempotent per event id), and the scheduled import runs when the server
// listens, downloads the shop's export with its bearer token, and is counted in /metrics.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createOwnershipLimiter } from '../../src/orders/ownership.js';
import { createOrderVerifier } from '../../src/orders/verifier.js';
import { signatureHeader } from '../../src/orders/webhook-signature.js';
import { loopbackServer } from '../helpers/loopback.js';
import { startTestServer } from '../helpers/server.js';
import { buildTestApp } from '../helpers/test-app.js';

const SECRET = 'whsec_current_0123456789abcdefghijklmnop';
const TOKEN = 'exp_tok_0123456789abcdefghijklmnopqrstuv';

const created = (id: string, email: string) => JSON.stringify({
  id, type: 'order.created', createdAt: '2026-11-22T09:59:00Z',
  data: { order: 5100001, service: 1204, quantity: 1000, link: 'https://www.instagram.com/newshop', customer: { email }, paymentReference: 'pi_3Pq' },
});

const series = (metrics: string, name: string) => metrics.split('\n').find((l) => l.startsWith(name))?.split(' ').at(-1);

describe('order.created on the signed panel webhook', () => {
  it('fills the directory so the order is verifiable at once, once per event id', async (t) => {
    const w = await buildTestApp(t, { env: { WEBHOOK_SECRETS: SECRET } });
    const post = (body: string) => w.app.inject({
      method: 'POST', url: '/v1/webhooks/panel', payload: body,
      headers: { 'content-type': 'application/json', 'parley-signature': signatureHeader([SECRET], Math.floor(w.clock().getTime() / 1000), body) },
    });
    const verifier = createOrderVerifier({ directory: w.deps.directory, limiter: createOwnershipLimiter(w.deps.storage.counters, w.clock) });
    const verify = (email: string) => verifier.verify({ conversationId: 'c1', clientAddress: '203.0.113.7', orderId: '5100001', proof: { email }, verifiedUserId: null });

    assert.equal((await verify('Ana.New@Example.com')).ok, false, 'not known before the event');
    const first = await post(created('evt_created_1', 'Ana.New@Example.com'));
    assert.equal(first.statusCode, 200);
    assert.deepEqual(first.json(), { received: true });
    assert.equal((await verify('ana.new@example.com')).ok, true);
    const record = await w.deps.directory.get('5100001');
    assert.deepEqual([record?.serviceId, record?.quantity, record?.link, record?.paymentReference, record?.lastStatus], ['1204', 1000, 'instagram.com/newshop', 'pi_3Pq', null]);

    // A redelivery of the same id, even with another body, changes nothing.
    const again = await post(created('evt_created_1', 'someone.else@example.com'));
    assert.deepEqual(again.json(), { received: true, duplicate: true });
    assert.equal((await w.deps.directory.get('5100001'))?.email, 'ana.new@example.com');

    const metrics = (await w.app.inject({ method: 'GET', url: '/metrics' })).body;
    assert.equal(series(metrics, 'parley_webhook_order_events_total{type="order.created",result="applied"}'), '1');
    assert.equal(series(metrics, 'parley_webhook_order_events_total{type="order.created",result="duplicate"}'), '1');
    assert.equal(series(metrics, 'parley_webhook_order_events_total{type="order.updated",result="applied"}'), '0');
  });

  it('refuses an order.created signed with another secret, storing nothing', async (t) => {
    const w = await buildTestApp(t, { env: { WEBHOOK_SECRETS: SECRET } });
    const body = created('evt_forged', 'attacker@example.com');
    const res = await w.app.inject({
      method: 'POST', url: '/v1/webhooks/panel', payload: body,
      headers: { 'content-type': 'application/json', 'parley-signature': signatureHeader([`${SECRET}-forged`], Math.floor(w.clock().getTime() / 1000), body) },
    });
    assert.equal(res.statusCode, 401);
    assert.equal(await w.deps.directory.get('5100001'), undefined);
  });
});

describe('scheduled order import in the running service', () => {
  it('runs once the server listens, with the bearer token and the column mapping, and counts it', async (t) => {
    const shop = await loopbackServer(t, (req, res) => {
      if (req.headers.authorization !== `Bearer ${TOKEN}`) return void res.writeHead(401).end();
      res.writeHead(200, { 'content-type': 'text/csv; charset=utf-8' }).end('Order ID\tBilling Email\n5200001\tmaria@example.com\n5200002\tnot an email\n');
    });
    const server = await startTestServer({
      env: { ORDERS_IMPORT_URL: `${shop.url}/export.csv`, ORDERS_IMPORT_TOKEN: TOKEN, ORDERS_IMPORT_COLUMNS: 'order=Order ID,email=Billing Email', ORDERS_IMPORT_MINUTES: '60' },
    });
    t.after(() => server.close());
    let metrics = '';
    // The first run starts when the server listens; wait for it to be counted.
    while (series(metrics, 'parley_orders_import_runs_total{outcome="ok"}') !== '1') {
      await new Promise((resolve) => setTimeout(resolve, 25));
      metrics = await (await fetch(`${server.url}/metrics`)).text();
    }
    assert.equal(shop.requests.length, 1);
    assert.equal(series(metrics, 'parley_orders_import_rows_total{result="imported"}'), '1');
    assert.equal(series(metrics, 'parley_orders_import_rows_total{result="rejected"}'), '1');
    assert.equal(series(metrics, 'parley_orders_import_runs_total{outcome="failed"}'), '0');
  });
});
