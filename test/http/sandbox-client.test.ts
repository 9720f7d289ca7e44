// The real client against the real loopback sandbox: every injected fault, end to end.
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { describe, it } from 'node:test';
import { isPanelError, type PanelErrorKind } from '../../src/panel/errors.js';
import { captureLog, recordingSleep } from '../helpers/panel-mock.js';
import { clientFor, demoSeed, startTestSandbox } from '../helpers/panel-sandbox.js';

async function rejectsWith(promise: Promise<unknown>, kind: PanelErrorKind): Promise<void> {
  await assert.rejects(promise, (err) => {
    assert.ok(isPanelError(err), String(err));
    assert.equal(err.kind, kind);
    return true;
  });
}

const seed = demoSeed();

describe('client ↔ sandbox: data', () => {
  it('reads services, statuses, refills and balance from the demo seed', async (t) => {
    const sandbox = await startTestSandbox(t);
    const client = clientFor(t, sandbox);
    const services = await client.services();
    assert.equal(services.length, seed.services.length);
    assert.ok(services.every((s) => typeof s.min === 'number' && /^\d+\.\d+$/.test(s.rate) && typeof s.refill === 'boolean'));

    const partial = seed.orders.find((o) => o.status === 'Partial')!;
    assert.deepEqual(await client.status(partial.order), {
      orderId: partial.order, status: 'partial', rawStatus: 'Partial', charge: partial.charge,
      startCount: Number(partial.start_count), remains: Number(partial.remains), currency: 'USD',
    });
    assert.equal(await client.status('1'), null);

    const overDelivered = seed.orders.find((o) => Number(o.remains) < 0);
    if (overDelivered) assert.equal((await client.status(overDelivered.order))?.remains, 0);

    const ids = [...seed.orders.map((o) => o.order), ...Array.from({ length: 120 }, (_, i) => String(i + 1))];
    const all = await client.statuses(ids);
    assert.equal(all.size, ids.length);
    // services, three single statuses, then 147 IDs in two batches of at most 100
    assert.equal(sandbox.faults.requests, overDelivered ? 6 : 5);
    for (const order of seed.orders) assert.equal(all.get(order.order)?.rawStatus, order.status);
    assert.equal(all.get('1'), null);
    const refunded = seed.orders.find((o) => o.status === 'Refunded')!;
    assert.equal(all.get(refunded.order)?.status, 'canceled');

    const refill = seed.refills[0]!;
    assert.equal((await client.refillStatus(refill.refill))?.rawStatus, refill.status);
    assert.equal(await client.refillStatus('1'), null);
    assert.deepEqual(await client.balance(), { balance: '250.00000', currency: 'USD' });
  });
  it('a wrong key is panel_auth', async (t) => {
    const sandbox = await startTestSandbox(t);
    const client = clientFor(t, sandbox, { key: 'not-the-key' });
    await assert.rejects(client.balance(), (err) => isPanelError(err) && err.code === 'panel_auth');
  });
  it('signed requests pass a sandbox that requires them; unsigned ones do not', async (t) => {
    const sandbox = await startTestSandbox(t, { signing: { secret: 'shared-signing-secret' } });
    const signed = clientFor(t, sandbox, { signing: { enabled: true, secret: 'shared-signing-secret' } });
    assert.equal((await signed.balance()).currency, 'USD');
    const unsigned = clientFor(t, sandbox);
    await rejectsWith(unsigned.balance(), 'invalid_key');
  });
});

describe('client ↔ sandbox: faults', () => {
  it('latency under the deadline is fine; over it is panel_timeout', async (t) => {
    const sandbox = await startTestSandbox(t);
    const client = clientFor(t, sandbox, { timeoutMs: 200, retries: 0 });
    sandbox.faults.inject({ kind: 'latency', ms: 30 }, { times: 1 });
    assert.equal((await client.balance()).currency, 'USD');
    // The answer would come a minute later (the sandbox drops it on close): only the deadline can
    // turn this call into a timeout.
    sandbox.faults.inject({ kind: 'latency', ms: 60_000 }, { times: 1 });
    await rejectsWith(client.balance(), 'timeout');
  });
  it('503, 503, 200 → success with 3 requests (UP-04)', async (t) => {
    const sandbox = await startTestSandbox(t);
    const { sleep, waits } = recordingSleep();
    const client = clientFor(t, sandbox, { retries: 2, sleep });
    sandbox.faults.inject({ kind: 'status', status: 503 }, { times: 2 });
    assert.equal((await client.services()).length, seed.services.length);
    assert.equal(sandbox.faults.requests, 3);
    assert.equal(waits.length, 2);
  });
  it('429 with Retry-After: 1 → waits 1 s, then succeeds', async (t) => {
    const sandbox = await startTestSandbox(t);
    const { sleep, waits } = recordingSleep();
    const client = clientFor(t, sandbox, { retries: 2, sleep, timeoutMs: 3_000 });
    sandbox.faults.inject({ kind: 'rate_limit', retryAfterSeconds: 1 }, { times: 1 });
    assert.equal((await client.balance()).balance, '250.00000');
    assert.deepEqual(waits, [1000]);
  });
  it('a Cloudflare page, broken JSON and a 5xx that never ends map to typed errors', async (t) => {
    const sandbox = await startTestSandbox(t);
    const client = clientFor(t, sandbox, { retries: 1, sleep: recordingSleep().sleep, breaker: { failureThreshold: 10 } });
    sandbox.faults.inject({ kind: 'html' }, { times: 1 });
    await rejectsWith(client.balance(), 'cloudflare_challenge');
    sandbox.faults.inject({ kind: 'broken_json' }, { times: 1 });
    await rejectsWith(client.status(seed.orders[0]!.order), 'not_json');
    sandbox.faults.inject({ kind: 'status', status: 502 });
    await rejectsWith(client.balance(), 'server_error');
    sandbox.faults.clear();
    assert.equal((await client.balance()).currency, 'USD');
  });
  it('stall (no headers) and stall_body (half a body) both hit the deadline; no partial JSON is used', async (t) => {
    const sandbox = await startTestSandbox(t);
    const client = clientFor(t, sandbox, { timeoutMs: 200, retries: 0, breaker: { failureThreshold: 10 } });
    sandbox.faults.inject({ kind: 'stall' }, { times: 1 });
    sandbox.faults.inject({ kind: 'stall_body' }, { times: 1 });
    // Neither stall ever ends: a timeout is the deadline firing.
    await rejectsWith(client.balance(), 'timeout');
    await rejectsWith(client.status(seed.orders[0]!.order), 'timeout');
  });
  it('a huge body is cut off at the size cap (UP-07)', async (t) => {
    const sandbox = await startTestSandbox(t);
    const client = clientFor(t, sandbox, { maxResponseBytes: 256 * 1024 });
    sandbox.faults.inject({ kind: 'oversize', bytes: 5 * 1024 * 1024 }, { times: 1 });
    await rejectsWith(client.services(), 'too_large');
    assert.equal((await client.balance()).currency, 'USD', 'the client still works afterwards');
  });
  it('a redirect is not followed: the other origin never sees the key (UP-08)', async (t) => {
    const seen: IncomingMessage[] = [];
    const other = createServer((req, res) => { seen.push(req); res.end('{}'); });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    t.after(() => new Promise<void>((resolve) => other.close(() => resolve())));
    const sandbox = await startTestSandbox(t);
    const client = clientFor(t, sandbox);
    for (const status of [301, 302, 307, 308] as const) {
      const location = `http://127.0.0.1:${(other.address() as AddressInfo).port}/api/v2`;
      sandbox.faults.inject({ kind: 'redirect', status, location }, { times: 1 });
      await rejectsWith(client.balance(), 'redirect');
    }
    assert.equal(seen.length, 0);
  });
  it('a panel that echoes the key leaks it nowhere (SEC-02)', async (t) => {
    const sandbox = await startTestSandbox(t);
    const { log, output } = captureLog();
    const client = clientFor(t, sandbox, { log });
    sandbox.faults.inject({ kind: 'echo_key' }, { times: 1 });
    const err = await client.balance().then(() => undefined, (e: unknown) => e);
    assert.ok(isPanelError(err) && err.code === 'panel_auth');
    for (const text of [JSON.stringify(err), inspect(err, { showHidden: true, depth: 10 }), String(err), output()]) {
      assert.equal(text.includes(sandbox.key), false);
    }
    assert.match(err.upstreamText ?? '', /Invalid API key: \[redacted\]/);
  });
  it('breaker: the panel goes down, calls fail fast, then it recovers (UP-11)', async (t) => {
    let now = 0;
    const sandbox = await startTestSandbox(t);
    const client = clientFor(t, sandbox, { retries: 0, clock: () => now, breaker: { failureThreshold: 3, coolDownMs: 5_000 } });
    sandbox.faults.inject({ kind: 'status', status: 503 });
    for (let i = 0; i < 3; i += 1) await rejectsWith(client.balance(), 'maintenance');
    assert.equal(client.breakerState(), 'open');
    for (let i = 0; i < 5; i += 1) await rejectsWith(client.status('123'), 'breaker_open');
    assert.equal(sandbox.faults.requests, 3, 'an outage costs three requests, not one per visitor');
    sandbox.faults.clear();
    now += 5_000;
    assert.equal(client.breakerState(), 'half_open');
    assert.equal((await client.balance()).currency, 'USD');
    assert.equal(client.breakerState(), 'closed');
    assert.equal(sandbox.faults.requests, 4);
  });
});
