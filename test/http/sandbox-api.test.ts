// The sandbox's SMM API v2 surface through app.inject: wire types, canonical errors, state changes.
import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import { buildSandboxApp } from '../../src/sandbox/app.js';
import { createFaultController, type FaultController } from '../../src/sandbox/faults.js';
import { parseSeed } from '../../src/sandbox/seed.js';
import { demoSeed } from '../helpers/panel-sandbox.js';

const KEY = 'sandbox-test-key';

function sandbox(t: TestContext, faults: FaultController = createFaultController()) {
  const app = buildSandboxApp({ seed: demoSeed(), key: KEY, faults });
  t.after(() => app.close());
  const post = async (fields: Record<string, string>) => {
    const res = await app.inject({ method: 'POST', url: '/api/v2', payload: new URLSearchParams({ key: KEY, ...fields }).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    return { status: res.statusCode, headers: res.headers, text: res.body, json: () => res.json() as unknown };
  };
  return { app, post, faults };
}

const seed = demoSeed();
const byStatus = (status: string) => seed.orders.find((o) => o.status === status)!;
const serviceOf = (id: string) => seed.services.find((s) => s.service === id)!;

describe('sandbox API: auth and plumbing', () => {
  it('answers a wrong or missing key with 200 {"error":"Invalid API key"}', async (t) => {
    const { app } = sandbox(t);
    for (const payload of ['key=wrong&action=balance', 'action=balance', '']) {
      const res = await app.inject({ method: 'POST', url: '/api/v2', payload, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      assert.equal(res.statusCode, 200);
      assert.deepEqual(res.json(), { error: 'Invalid API key' });
    }
  });
  it('accepts JSON bodies too, with numbers and arrays', async (t) => {
    const { app } = sandbox(t);
    const order = byStatus('Completed');
    const res = await app.inject({ method: 'POST', url: '/api/v2', payload: { key: KEY, action: 'status', orders: [Number(order.order), 1] } });
    const body = res.json() as Record<string, unknown>;
    assert.deepEqual(body['1'], { error: 'Incorrect order ID' });
    assert.equal((body[order.order] as { status: string }).status, 'Completed');
  });
  it('answers other methods with 405 and unknown actions with an error', async (t) => {
    const { app, post } = sandbox(t);
    assert.equal((await app.inject({ method: 'GET', url: '/api/v2' })).statusCode, 405);
    assert.deepEqual((await post({ action: 'orders' })).json(), { error: 'Invalid action' });
    assert.equal((await app.inject({ method: 'POST', url: '/elsewhere' })).statusCode, 404);
  });
  it('answers malformed JSON with a JSON error', async (t) => {
    const { app } = sandbox(t);
    const res = await app.inject({ method: 'POST', url: '/api/v2', payload: '{"key":', headers: { 'content-type': 'application/json' } });
    assert.equal(res.statusCode, 400);
    assert.deepEqual(res.json(), { error: 'Incorrect request' });
  });
});

describe('sandbox API: read actions', () => {
  it('services: numeric IDs, string rate/min/max, boolean flags', async (t) => {
    const { post } = sandbox(t);
    const list = (await post({ action: 'services' })).json() as Array<Record<string, unknown>>;
    assert.equal(list.length, seed.services.length);
    const first = list[0]!;
    assert.equal(typeof first.service, 'number');
    for (const field of ['rate', 'min', 'max', 'name', 'type', 'category']) assert.equal(typeof first[field], 'string', field);
    for (const field of ['refill', 'cancel', 'dripfeed']) assert.equal(typeof first[field], 'boolean', field);
  });
  it('status: every field a string; unknown order → Incorrect order ID', async (t) => {
    const { post } = sandbox(t);
    const order = byStatus('Partial');
    const body = (await post({ action: 'status', order: order.order })).json() as Record<string, unknown>;
    assert.deepEqual(Object.keys(body).sort(), ['charge', 'currency', 'remains', 'start_count', 'status']);
    for (const value of Object.values(body)) assert.equal(typeof value, 'string');
    assert.equal(body.remains, order.remains);
    assert.deepEqual((await post({ action: 'status', order: '1' })).json(), { error: 'Incorrect order ID' });
  });
  it('status orders=: per-item errors, at most 100', async (t) => {
    const { post } = sandbox(t);
    const ids = seed.orders.slice(0, 3).map((o) => o.order);
    const body = (await post({ action: 'status', orders: [...ids, '999'].join(',') })).json() as Record<string, unknown>;
    assert.equal(Object.keys(body).length, 4);
    assert.deepEqual(body['999'], { error: 'Incorrect order ID' });
    const tooMany = await post({ action: 'status', orders: Array.from({ length: 101 }, (_, i) => String(i + 1)).join(',') });
    assert.equal(tooMany.status, 400);
    assert.deepEqual(tooMany.json(), { error: 'Maximum 100 orders' });
  });
  it('balance: a 5-decimal string and the currency', async (t) => {
    const { post } = sandbox(t);
    assert.deepEqual((await post({ action: 'balance' })).json(), { balance: '250.00000', currency: 'USD' });
  });
  it('refill_status: single, batch, nested not-found', async (t) => {
    const { post } = sandbox(t);
    const refill = seed.refills[0]!;
    assert.deepEqual((await post({ action: 'refill_status', refill: refill.refill })).json(), { status: refill.status });
    assert.deepEqual((await post({ action: 'refill_status', refill: '1' })).json(), { status: { error: 'Refill not found' } });
    assert.deepEqual((await post({ action: 'refill_status', refills: `${refill.refill},1` })).json(), [
      { refill: Number(refill.refill), status: refill.status },
      { refill: 1, status: { error: 'Refill not found' } },
    ]);
  });
});

describe('sandbox API: write actions', () => {
  it('refill: Completed + refill:true → string refill ID; otherwise not eligible; batch nests errors', async (t) => {
    const { post } = sandbox(t);
    const eligible = seed.orders.find((o) => o.status === 'Completed' && serviceOf(o.service).refill)!;
    const body = (await post({ action: 'refill', order: eligible.order })).json() as { refill: string };
    assert.equal(typeof body.refill, 'string');
    assert.deepEqual((await post({ action: 'refill_status', refill: body.refill })).json(), { status: 'Pending' });
    const pending = byStatus('Pending');
    assert.deepEqual((await post({ action: 'refill', order: pending.order })).json(), { error: 'Order not eligible for refill.' });
    const batch = (await post({ action: 'refill', orders: `${eligible.order},1` })).json() as Array<{ order: number; refill: unknown }>;
    assert.equal(typeof batch[0]?.refill, 'number');
    assert.deepEqual(batch[1], { order: 1, refill: { error: 'Incorrect order ID' } });
  });
  it('cancel: always an array; cancels a cancellable order and refunds it', async (t) => {
    const { post } = sandbox(t);
    const target = seed.orders.find((o) => ['Pending', 'In progress', 'Processing'].includes(o.status) && serviceOf(o.service).cancel)!;
    const done = byStatus('Completed');
    const answer = (await post({ action: 'cancel', orders: `${target.order},${done.order},1` })).json();
    assert.deepEqual(answer, [
      { order: Number(target.order), cancel: 1 },
      { order: Number(done.order), cancel: { error: 'Cannot cancel' } },
      { order: 1, cancel: { error: 'Incorrect order ID' } },
    ]);
    const status = (await post({ action: 'status', order: target.order })).json() as Record<string, string>;
    assert.equal(status.status, 'Canceled');
    assert.equal(status.remains, String(target.quantity));
    const balance = (await post({ action: 'balance' })).json() as { balance: string };
    assert.equal(Number(balance.balance), 250 + Number(target.charge));
  });
  it('add: validates, charges in fixed point and creates a Pending order', async (t) => {
    const { post } = sandbox(t);
    const service = seed.services.find((s) => s.service === '1201')!;
    const link = 'https://www.instagram.com/brand.new.account';
    assert.deepEqual((await post({ action: 'add', service: '9', link, quantity: '100' })).json(), { error: 'Incorrect service ID' });
    assert.deepEqual((await post({ action: 'add', service: service.service, link: 'not a link', quantity: '100' })).json(), { error: 'Bad link' });
    assert.deepEqual((await post({ action: 'add', service: service.service, link, quantity: '10' })).json(), { error: `Quantity less than minimal ${service.min}` });
    assert.deepEqual((await post({ action: 'add', service: service.service, link, quantity: '999999' })).json(), { error: `Quantity more than maximum ${service.max}` });
    assert.deepEqual((await post({ action: 'add', service: service.service, link })).json(), { error: 'There are missing required parameters. Please check your API Manual' });
    const created = (await post({ action: 'add', service: service.service, link, quantity: '1000' })).json() as { order: number };
    assert.equal(typeof created.order, 'number');
    assert.deepEqual((await post({ action: 'status', order: String(created.order) })).json(), {
      charge: '0.90000', start_count: '0', status: 'Pending', remains: '1000', currency: 'USD',
    });
    assert.deepEqual((await post({ action: 'balance' })).json(), { balance: '249.10000', currency: 'USD' });
    assert.deepEqual((await post({ action: 'add', service: service.service, link, quantity: '1000' })).json(), {
      error: 'You have active order with this link. Please wait until order being completed.',
    });
    assert.deepEqual((await post({ action: 'add', service: '3405', link: 'https://www.youtube.com/watch?v=x', quantity: '500000' })).json(), { error: 'Not enough funds on balance' });
  });
  it('each app has its own state', async (t) => {
    const one = sandbox(t);
    const two = sandbox(t);
    await one.post({ action: 'add', service: '1201', link: 'https://www.instagram.com/solo', quantity: '1000' });
    assert.deepEqual((await two.post({ action: 'balance' })).json(), { balance: '250.00000', currency: 'USD' });
  });
  it('a seed with string IDs answers with string IDs', async (t) => {
    const app = buildSandboxApp({
      key: KEY,
      seed: parseSeed({ services: [{ service: 'svc-a', name: 'A', rate: '1', min: '1', max: '10' }], orders: [] }),
    });
    t.after(() => app.close());
    const res = await app.inject({ method: 'POST', url: '/api/v2', payload: { key: KEY, action: 'services' } });
    assert.equal((res.json() as Array<{ service: unknown }>)[0]?.service, 'svc-a');
  });
});

describe('sandbox API: fault injection', () => {
  it('applies faults in order, for the next N requests only, and counts requests', async (t) => {
    const { post, faults } = sandbox(t);
    faults.inject({ kind: 'status', status: 503 }, { times: 2 });
    faults.inject({ kind: 'rate_limit', retryAfterSeconds: 7 }, { times: 1 });
    faults.inject({ kind: 'html' }, { times: 1 });
    faults.inject({ kind: 'broken_json' }, { times: 1 });
    faults.inject({ kind: 'echo_key' }, { times: 1 });
    faults.inject({ kind: 'redirect', location: 'http://127.0.0.1:9/elsewhere' }, { times: 1 });
    const answers: Array<Awaited<ReturnType<typeof post>>> = [];
    for (let i = 0; i < 8; i += 1) answers.push(await post({ action: 'balance' }));
    assert.deepEqual(answers.map((a) => a.status), [503, 503, 429, 503, 200, 200, 302, 200]);
    assert.equal(answers[2]?.headers['retry-after'], '7');
    assert.match(answers[3]?.text ?? '', /Just a moment\.\.\./);
    assert.match(String(answers[3]?.headers['content-type']), /text\/html/);
    assert.throws(() => JSON.parse(answers[4]?.text ?? ''));
    assert.match(answers[5]?.text ?? '', new RegExp(KEY));
    assert.equal(answers[6]?.headers.location, 'http://127.0.0.1:9/elsewhere');
    assert.deepEqual(answers[7]?.json(), { balance: '250.00000', currency: 'USD' });
    assert.equal(faults.requests, 8);
  });
  it('keeps an unlimited fault until cleared', async (t) => {
    const { post, faults } = sandbox(t);
    faults.inject({ kind: 'status', status: 500 });
    assert.equal((await post({ action: 'balance' })).status, 500);
    assert.equal((await post({ action: 'balance' })).status, 500);
    faults.clear();
    assert.equal((await post({ action: 'balance' })).status, 200);
    assert.throws(() => faults.inject({ kind: 'stall' }, { times: 0 }), RangeError);
  });
});
