// A visitor's order check answered by the shop's ownership endpoint, through the widget: the order
// is on the panel but not in Parley's directory, so the shop is asked (signed, checked by the docs'
// example); a yes shows the status, a shop that does not answer hands the visitor to a person and
// never shows the order.
import assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { describe, it, type TestContext } from 'node:test';
import { createLogger } from '../../src/observability/logger.js';
import { createOrderDirectory } from '../../src/orders/directory.js';
import { createOwnershipEndpoint } from '../../src/orders/ownership-endpoint.js';
import { createOwnershipLimiter } from '../../src/orders/ownership.js';
import { createOrderVerifier } from '../../src/orders/verifier.js';
import { fromRoot } from '../../src/paths.js';
import { openSqliteStorage } from '../../src/storage/sqlite/index.js';
import { fixedClock } from '../helpers/deterministic.js';
import { loopbackServer } from '../helpers/loopback.js';
import { clientFor, demoSeed, startTestSandbox } from '../helpers/panel-sandbox.js';
import { buildTestApp } from '../helpers/test-app.js';

const SECRET = 'own_sec_0123456789abcdefghijklmnopqrstu';
const json = { 'content-type': 'application/json' };
type Handler = (req: IncomingMessage, res: ServerResponse) => void;
const example = (await import(fromRoot('docs', 'examples', 'ownership-endpoint.mjs'))) as {
  ownershipHandler(o: { secret: string; owns: (orderId: string, proof: { kind: string; value: string }) => Promise<boolean> }): Handler;
};

async function world(t: TestContext, shopAnswers: boolean) {
  const order = demoSeed().orders[0];
  assert.ok(order);
  const owner = order.customer.email.toLowerCase();
  const handler = example.ownershipHandler({ secret: SECRET, owns: async (orderId, proof) => orderId === String(order.order) && proof.kind === 'email' && proof.value === owner });
  const shop = await loopbackServer(t, (req, res) => {
    if (!shopAnswers) return void res.writeHead(503).end();
    handler(Object.assign(Readable.from([Buffer.from(req.body)]), { method: req.method, headers: req.headers }) as unknown as IncomingMessage, res);
  });
  // An empty directory of its own: the panel has the order, Parley's directory does not.
  const storage = openSqliteStorage({ path: ':memory:' });
  t.after(() => storage.close());
  const clock = fixedClock();
  const endpoint = createOwnershipEndpoint({ url: shop.url, secret: SECRET, clock: () => new Date(), log: createLogger('silent'), timeoutMs: 2000 });
  t.after(() => endpoint.close());
  const orders = createOrderVerifier({ directory: createOrderDirectory(storage.orders, clock), limiter: createOwnershipLimiter(storage.counters, clock), endpoint });
  const { app } = await buildTestApp(t, { panel: clientFor(t, await startTestSandbox(t)), orders });
  const opened = (await app.inject({ method: 'POST', url: '/v1/conversations', headers: json, payload: { locale: 'en' } })).json() as { conversation: { id: string }; token: string };
  const say = async (text: string) => {
    const res = await app.inject({ method: 'POST', url: `/v1/conversations/${opened.conversation.id}/messages`, headers: { ...json, authorization: `Bearer ${opened.token}` }, payload: { text } });
    assert.equal(res.statusCode, 200);
    return (res.json() as { messages: { text: string }[] }).messages.map((m) => m.text).join('\n');
  };
  return { say, order, owner, shop };
}

describe('ownership endpoint through the widget', () => {
  it("shows an order the directory does not know once the shop says it is the visitor's", async (t) => {
    const w = await world(t, true);
    const reply = await w.say(`where is my order ${w.order.order}? my email is ${w.owner}`);
    assert.match(reply, new RegExp(`Order ${w.order.order} is ${w.order.status}`));
    assert.doesNotMatch(reply, /couldn't find an order matching/i);
    assert.equal(w.shop.requests.length, 1);
    assert.deepEqual(JSON.parse(w.shop.requests[0]?.body ?? '{}'), { orderId: String(w.order.order), proof: { kind: 'email', value: w.owner } });
  });

  it('a shop that does not answer is "could not check": a person takes over, nothing is shown', async (t) => {
    const w = await world(t, false);
    const reply = await w.say(`where is my order ${w.order.order}? my email is ${w.owner}`);
    assert.match(reply, /can't reach the order system/i);
    assert.doesNotMatch(reply, new RegExp(w.order.status, 'i'));
  });
});
