// Overdue handoffs (HANDOFF_NOTIFY_URL): a handoff nobody claimed in time is marked once and the
// shop's endpoint gets one signed POST, retried on 5xx, never for a claimed handoff, never twice.
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it, type TestContext } from 'node:test';
import { loadConfig } from '../../src/config.js';
import { alertOverdueHandoffs, type OverdueDeps } from '../../src/handoff/overdue.js';
import { createOverdueWebhook, type NotifyOutcome } from '../../src/handoff/overdue-webhook.js';
import { createHandoffReader } from '../../src/handoff/view.js';
import { createKeyedMutex } from '../../src/turn/keyed-mutex.js';
import { verifySignature } from '../../src/orders/webhook-signature.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

const SECRET = 's'.repeat(40);
const json = { 'content-type': 'application/json' };

interface Received { path: string; body: string; signature: string | undefined }

/** The shop's endpoint: records every request and answers with the next status in `statuses` (then 200). */
async function receiver(t: TestContext, statuses: number[] = []) {
  const received: Received[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ path: req.url ?? '', body: Buffer.concat(chunks).toString('utf8'), signature: req.headers['parley-signature'] as string | undefined });
      res.statusCode = statuses.shift() ?? 200;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/parley?key=shop-own-token`, received };
}

async function queuedHandoff(app: TestApp['app'], agentToken: string) {
  const opened = (await app.inject({ method: 'POST', url: '/v1/conversations', headers: json, payload: {} })).json() as { conversation: { id: string }; token: string };
  const headers = { ...json, authorization: `Bearer ${opened.token}` };
  for (const text of ['where is my order 4829113? my email is mia.jones@gmail.com', 'I want to talk to a human']) {
    const res = await app.inject({ method: 'POST', url: `/v1/conversations/${opened.conversation.id}/messages`, headers, payload: { text } });
    assert.equal(res.statusCode, 200, res.body);
  }
  const list = await app.inject({ method: 'GET', url: '/v1/handoffs?status=queued', headers: { authorization: `Bearer ${agentToken}` } });
  const row = (list.json() as { handoffs: { id: string; conversationId: string }[] }).handoffs.find((h) => h.conversationId === opened.conversation.id);
  assert.ok(row);
  return row;
}

async function setup(t: TestContext, statuses: number[] = []) {
  const test = await buildTestApp(t, { env: { RATE_LIMIT_PER_CONVERSATION_PER_MINUTE: '0' } });
  const agentToken = await test.deps.agents.issueToken('sam');
  const shop = await receiver(t, statuses);
  const outcomes: NotifyOutcome[] = [];
  const { conversations, handoffs } = test.deps.storage;
  const alerts = createOverdueWebhook({ url: shop.url, secret: SECRET, clock: test.clock, log: test.deps.log, onOutcome: (o) => outcomes.push(o) });
  t.after(() => alerts.close());
  const deps: OverdueDeps = {
    store: conversations, handoffs, reader: createHandoffReader(conversations, handoffs), published: async () => undefined,
    clock: test.clock, ids: test.deps.ids, mutex: createKeyedMutex(), afterMinutes: 5,
    notify: (alert) => alerts.notify(alert),
  };
  return { ...test, shop, outcomes, deps, queued: () => queuedHandoff(test.app, agentToken), agentToken };
}

describe('overdue handoff alerts', () => {
  it('tells the shop once, signed, without the visitor\'s identifiers, and only after the wait', async (t) => {
    const { clock, shop, outcomes, deps, queued } = await setup(t);
    const handoff = await queued();
    clock.advance(4 * 60_000);
    assert.equal(await alertOverdueHandoffs(deps), 0, 'not overdue yet');
    clock.advance(2 * 60_000);
    assert.equal(await alertOverdueHandoffs(deps), 1);
    assert.equal(await alertOverdueHandoffs(deps), 0, 'a handoff is alerted once');
    assert.equal(shop.received.length, 1);
    const [sent] = shop.received;
    assert.ok(sent);
    const check = verifySignature({ header: sent.signature, body: Buffer.from(sent.body), secrets: [SECRET], nowSeconds: Math.floor(clock().getTime() / 1000) });
    assert.deepEqual(check.ok, true, 'signed like the panel webhooks (Parley-Signature)');
    const body = JSON.parse(sent.body) as { type: string; handoff: { handoffId: string; reason: string; waitingMinutes: number } };
    assert.equal(body.type, 'handoff.overdue');
    assert.equal(body.handoff.handoffId, handoff.id);
    assert.equal(body.handoff.reason, 'visitor_asked');
    assert.equal(body.handoff.waitingMinutes, 6);
    assert.doesNotMatch(sent.body, /mia\.jones|4829113/, 'no identifier of the visitor leaves in an alert');
    assert.deepEqual(outcomes, ['sent']);
  });

  it('never alerts a claimed handoff', async (t) => {
    const { app, clock, shop, deps, queued, agentToken } = await setup(t);
    const handoff = await queued();
    const claim = await app.inject({ method: 'POST', url: `/v1/handoffs/${handoff.id}/claim`, headers: { authorization: `Bearer ${agentToken}` } });
    assert.equal(claim.statusCode, 200);
    clock.advance(10 * 60_000);
    assert.equal(await alertOverdueHandoffs(deps), 0);
    assert.equal(shop.received.length, 0);
  });

  it('retries a 503, gives up on a 400 at once, and logs neither the path nor the query of the URL', async (t) => {
    const { clock, shop, outcomes, deps, logs, queued } = await setup(t, [503, 200, 400]);
    await queued();
    clock.advance(6 * 60_000);
    assert.equal(await alertOverdueHandoffs(deps), 1);
    assert.equal(shop.received.length, 2, 'one retry after the 503');
    await queued();
    clock.advance(6 * 60_000);
    assert.equal(await alertOverdueHandoffs(deps), 1);
    assert.equal(shop.received.length, 3, 'a 400 is not retried');
    assert.deepEqual(outcomes, ['sent', 'failed']);
    assert.match(logs(), /overdue handoff alert not delivered/);
    assert.doesNotMatch(logs(), /shop-own-token|hooks\/parley/);
  });
});

describe('overdue alert configuration', () => {
  const base = { HANDOFF_NOTIFY_URL: 'https://shop.example/parley-alerts' };
  it('asks for the signing secret, an https URL and a wait shorter than the expiry', () => {
    assert.throws(() => loadConfig(base), /HANDOFF_NOTIFY_SECRET: is required/);
    assert.throws(() => loadConfig({ ...base, HANDOFF_NOTIFY_SECRET: 'short' }), /HANDOFF_NOTIFY_SECRET/);
    assert.throws(() => loadConfig({ HANDOFF_NOTIFY_URL: 'http://shop.example/a', HANDOFF_NOTIFY_SECRET: SECRET }), /HANDOFF_NOTIFY_URL: an https/);
    assert.throws(() => loadConfig({ HANDOFF_NOTIFY_URL: 'not a url', HANDOFF_NOTIFY_SECRET: SECRET }), /invalid configuration:\n {2}HANDOFF_NOTIFY_URL: /);
    assert.throws(() => loadConfig({ ...base, HANDOFF_NOTIFY_SECRET: SECRET, HANDOFF_NOTIFY_AFTER_MINUTES: '30' }), /less than HANDOFF_EXPIRE_MINUTES/);
    const ok = loadConfig({ ...base, HANDOFF_NOTIFY_SECRET: SECRET });
    assert.equal(ok.HANDOFF_NOTIFY_AFTER_MINUTES, 5);
    assert.equal(loadConfig({ HANDOFF_NOTIFY_URL: 'http://127.0.0.1:9/a', HANDOFF_NOTIFY_SECRET: SECRET }).HANDOFF_NOTIFY_URL, 'http://127.0.0.1:9/a');
  });
});
