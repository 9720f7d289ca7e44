// Retries (reads only, jittered, Retry-After honoured), the circuit breaker and transport errors.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { errors } from 'undici';
import { createPanelClient, type PanelClientOptions } from '../../../src/panel/client.js';
import { isPanelError, type PanelErrorKind } from '../../../src/panel/errors.js';
import type { PanelClient } from '../../../src/panel/types.js';
import { CANARY_KEY, createMockPanel, PANEL_URL, recordingSleep, type MockPanel } from '../../helpers/panel-mock.js';

let panel: MockPanel;
const clients: PanelClient[] = [];

function makeClient(extra: Partial<PanelClientOptions> = {}): PanelClient {
  const client = createPanelClient({ url: PANEL_URL, key: CANARY_KEY, dispatcher: panel.agent, timeoutMs: 2_000, ...extra });
  clients.push(client);
  return client;
}

async function rejectsWith(promise: Promise<unknown>, kind: PanelErrorKind): Promise<void> {
  await assert.rejects(promise, (err) => isPanelError(err) && err.kind === kind);
}

const OK_STATUS = { status: 200, body: { status: 'Completed', remains: '0', charge: '1', start_count: '10', currency: 'USD' } };
const UNAVAILABLE = { status: 503, body: { error: 'Service Unavailable' } };

beforeEach(() => { panel = createMockPanel(); });
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await panel.close();
});

describe('retries for read actions', () => {
  it('503, 503, 200 → success after 3 calls with jittered backoff', async () => {
    const { sleep, waits } = recordingSleep();
    const client = makeClient({ retries: 2, sleep, random: () => 0.5 });
    panel.on('status', UNAVAILABLE, 2);
    panel.on('status', OK_STATUS);
    assert.equal((await client.status('1'))?.status, 'completed');
    assert.equal(panel.requests.length, 3);
    assert.deepEqual(waits, [75, 150], 'equal jitter: half fixed, half random, doubling');
  });
  it('jitter stays within [step/2, step]', async () => {
    const low = recordingSleep();
    const high = recordingSleep();
    panel.on('balance', UNAVAILABLE);
    panel.on('balance', { status: 200, body: { balance: '1' } });
    await makeClient({ retries: 1, sleep: low.sleep, random: () => 0 }).balance();
    panel.on('balance', UNAVAILABLE);
    panel.on('balance', { status: 200, body: { balance: '1' } });
    await makeClient({ retries: 1, sleep: high.sleep, random: () => 0.999999 }).balance();
    assert.deepEqual([low.waits[0], high.waits[0]], [50, 100]);
  });
  it('honours Retry-After on 429', async () => {
    const { sleep, waits } = recordingSleep();
    const client = makeClient({ retries: 2, sleep });
    panel.on('services', { status: 429, body: { error: 'Too many requests' }, headers: { 'retry-after': '1', 'content-type': 'application/json' } });
    panel.on('services', { status: 200, body: [] });
    assert.deepEqual(await client.services(), []);
    assert.deepEqual(waits, [1000]);
  });
  it('gives up at once when Retry-After exceeds the cap, and reports how long the panel asked', async () => {
    const { sleep, waits } = recordingSleep();
    const client = makeClient({ retries: 2, sleep, maxRetryAfterMs: 2_000 });
    panel.on('balance', { status: 429, body: 'slow down', headers: { 'retry-after': '60' } });
    await assert.rejects(client.balance(), (err) => isPanelError(err) && err.kind === 'rate_limited' && err.retryAfterMs === 60_000);
    assert.deepEqual(waits, []);
    assert.equal(panel.requests.length, 1);
  });
  it('stops after `retries` extra attempts', async () => {
    const { sleep } = recordingSleep();
    const client = makeClient({ retries: 2, sleep, breaker: { failureThreshold: 10 } });
    panel.on('balance', UNAVAILABLE, 5);
    await rejectsWith(client.balance(), 'maintenance');
    assert.equal(panel.requests.length, 3);
  });
  it('retries network errors but not business errors or timeouts', async () => {
    const { sleep } = recordingSleep();
    const client = makeClient({ retries: 2, sleep, breaker: { failureThreshold: 10 } });
    panel.pool.intercept({ path: '/api/v2', method: 'POST' }).replyWithError(new errors.SocketError('other side closed'));
    panel.on('balance', { status: 200, body: { balance: '5' } });
    assert.equal((await client.balance()).balance, '5');

    panel.on('balance', { status: 200, body: { error: 'Invalid API key' } });
    await rejectsWith(client.balance(), 'invalid_key');
    assert.equal(panel.requests.length, 2, 'one success + one business error, no retry');

    panel.pool.intercept({ path: '/api/v2', method: 'POST' }).replyWithError(new errors.ConnectTimeoutError()).times(3);
    await rejectsWith(client.balance(), 'timeout');
    panel.pool.intercept({ path: '/api/v2', method: 'POST' }).replyWithError(new errors.HeadersTimeoutError()).times(3);
    await rejectsWith(client.balance(), 'timeout');
  });
  it('does not retry a Cloudflare challenge', async () => {
    const { sleep, waits } = recordingSleep();
    const client = makeClient({ retries: 2, sleep });
    panel.on('balance', { status: 503, body: '<title>Just a moment...</title>', headers: { 'content-type': 'text/html' } }, 3);
    await rejectsWith(client.balance(), 'cloudflare_challenge');
    assert.deepEqual(waits, []);
  });
  it('does not retry when the wait would overrun the deadline', async () => {
    const { sleep, waits } = recordingSleep();
    const client = makeClient({ retries: 2, sleep, timeoutMs: 500 });
    panel.on('balance', { status: 503, body: {}, headers: { 'retry-after': '1' } }, 3);
    await rejectsWith(client.balance(), 'maintenance');
    assert.deepEqual(waits, []);
  });
});

describe('circuit breaker', () => {
  it('opens after consecutive failures, fails fast, half-opens after the cool-down and recovers', async () => {
    let now = 1_000_000;
    const client = makeClient({ retries: 0, clock: () => now, breaker: { failureThreshold: 2, coolDownMs: 10_000 } });
    panel.on('balance', UNAVAILABLE, 2);
    await rejectsWith(client.balance(), 'maintenance');
    assert.equal(client.breakerState(), 'closed');
    await rejectsWith(client.balance(), 'maintenance');
    assert.equal(client.breakerState(), 'open');

    await rejectsWith(client.balance(), 'breaker_open');
    await rejectsWith(client.status('1'), 'breaker_open');
    assert.equal(panel.requests.length, 2, 'no request while open');

    now += 10_000;
    assert.equal(client.breakerState(), 'half_open');
    panel.on('balance', UNAVAILABLE);
    await rejectsWith(client.balance(), 'maintenance');
    assert.equal(client.breakerState(), 'open', 'a failed probe re-opens');

    now += 10_000;
    panel.on('balance', { status: 200, body: { balance: '9' } });
    assert.equal((await client.balance()).balance, '9');
    assert.equal(client.breakerState(), 'closed');
    assert.equal(panel.requests.length, 4);
  });
  it('lets only one probe through while half-open', async () => {
    let now = 0;
    const client = makeClient({ retries: 0, clock: () => now, breaker: { failureThreshold: 1, coolDownMs: 100 } });
    panel.on('balance', UNAVAILABLE);
    await rejectsWith(client.balance(), 'maintenance');
    now = 100;
    panel.on('balance', { status: 200, body: { balance: '1' } });
    const [probe, other] = await Promise.allSettled([client.balance(), client.balance()]);
    assert.equal(probe.status, 'fulfilled');
    assert.equal(other.status, 'rejected');
    assert.ok(other.status === 'rejected' && isPanelError(other.reason) && other.reason.kind === 'breaker_open');
  });
  it('business errors do not trip it (the panel is up)', async () => {
    const client = makeClient({ retries: 0, breaker: { failureThreshold: 1 } });
    panel.on('status', { status: 200, body: { error: 'Incorrect order ID' } }, 2);
    panel.on('balance', { status: 200, body: { error: 'Invalid API key' } });
    assert.equal(await client.status('1'), null);
    await rejectsWith(client.balance(), 'invalid_key');
    assert.equal(client.breakerState(), 'closed');
  });
  it('connection failures count (UP-03)', async () => {
    const client = makeClient({ retries: 0, breaker: { failureThreshold: 1 } });
    panel.pool.intercept({ path: '/api/v2', method: 'POST' }).replyWithError(new errors.ConnectTimeoutError());
    await rejectsWith(client.balance(), 'timeout');
    assert.equal(client.breakerState(), 'open');
  });
});

describe('after close', () => {
  it('refuses calls without sending anything (a refresh still in flight cannot open a new connection pool)', async () => {
    const client = makeClient();
    panel.on('status', OK_STATUS);
    await client.close();
    await assert.rejects(client.status('1'), /the panel client is closed/);
    assert.equal(panel.requests.length, 0);
  });
  it('a call waiting to retry when the client closes makes no further attempt and reports no failure', async () => {
    let wake = (): void => undefined;
    let asleep = (): void => undefined;
    const sleeping = new Promise<void>((resolve) => { asleep = resolve; });
    const sleep = () => new Promise<void>((resolve) => { wake = resolve; asleep(); });
    const outcomes: string[] = [];
    const client = makeClient({ retries: 3, sleep, onCall: (_action, outcome) => outcomes.push(outcome) });
    panel.on('status', UNAVAILABLE, 4);
    const call = client.status('1');
    await sleeping; // the first attempt failed and the call waits to retry
    await client.close();
    wake();
    await assert.rejects(call, /the panel client is closed/);
    assert.equal(panel.requests.length, 1, 'no attempt after close');
    assert.deepEqual(outcomes, [], 'a shutdown is not a panel outcome');
  });
});
