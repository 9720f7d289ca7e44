// Every §1/§4 deviation through the real client, with MockAgent and real network disabled.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { AppError } from '../../../src/errors.js';
import { createPanelClient, type PanelClientOptions } from '../../../src/panel/client.js';
import { isPanelError, type PanelErrorKind } from '../../../src/panel/errors.js';
import { verifySignature } from '../../../src/panel/signing.js';
import type { PanelClient } from '../../../src/panel/types.js';
import { CANARY_KEY, createMockPanel, PANEL_URL, type MockPanel } from '../../helpers/panel-mock.js';

let panel: MockPanel;
let client: PanelClient;

function makeClient(extra: Partial<PanelClientOptions> = {}): PanelClient {
  return createPanelClient({ url: PANEL_URL, key: CANARY_KEY, dispatcher: panel.agent, timeoutMs: 10_000, retries: 0, ...extra });
}

async function rejectsWith(promise: Promise<unknown>, kind: PanelErrorKind, code?: string): Promise<void> {
  await assert.rejects(promise, (err) => {
    assert.ok(isPanelError(err), `expected PanelError, got ${String(err)}`);
    assert.equal(err.kind, kind);
    if (code) assert.equal(err.code, code);
    return true;
  });
}

const CLOUDFLARE = '<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>Checking your browser. cf-ray</body></html>';

beforeEach(() => {
  panel = createMockPanel();
  client = makeClient();
});
afterEach(async () => {
  await client.close();
  await panel.close();
});

describe('panel client: requests', () => {
  it('POSTs form fields with the key in the body, no signature headers by default', async () => {
    panel.on('balance', { status: 200, body: { balance: '100.84292', currency: 'USD' } });
    assert.deepEqual(await client.balance(), { balance: '100.84292', currency: 'USD' });
    const [form] = panel.requests;
    assert.equal(form?.get('key'), CANARY_KEY);
    assert.equal(form?.get('action'), 'balance');
    assert.equal(panel.headers[0]?.['content-type'], 'application/x-www-form-urlencoded');
    assert.equal(panel.headers[0]?.['x-signature'], undefined);
  });
  it('signs requests when signing is enabled', async () => {
    await client.close();
    client = makeClient({ signing: { enabled: true, secret: 'signing-secret' }, clock: () => 1_790_000_000_000 });
    panel.on('balance', { status: 200, body: { balance: '1' } });
    await client.balance();
    const headers = panel.headers[0] ?? {};
    assert.equal(headers['x-api-key'], CANARY_KEY);
    assert.equal(headers['x-timestamp'], '1790000000');
    const ok = verifySignature('signing-secret', {
      method: 'POST', path: '/api/v2', body: panel.requests[0]?.toString() ?? '',
      timestamp: headers['x-timestamp'], signature: headers['x-signature'], nowSeconds: 1_790_000_000,
    });
    assert.equal(ok, true);
  });
  it('refuses bad IDs before any request (UP-10)', async () => {
    for (const id of ['1/../x', '1?key=', '1,2', '', 'a'.repeat(65)]) {
      await assert.rejects(client.status(id), (err) => err instanceof AppError && err.code === 'validation_failed');
    }
    await assert.rejects(client.statuses(['1', '2,3']), (err) => err instanceof AppError && err.code === 'validation_failed');
    assert.equal(panel.requests.length, 0);
  });
  it('refuses non-https URLs except loopback, and URLs with credentials', () => {
    assert.throws(() => createPanelClient({ url: 'http://panel.example/api/v2', key: 'k' }), /https/);
    assert.throws(() => createPanelClient({ url: 'https://u:p@panel.example/api/v2', key: 'k' }), /credentials/);
    assert.throws(() => createPanelClient({ url: 'not a url', key: 'k' }), /valid URL/);
    const local = createPanelClient({ url: 'http://127.0.0.1:9/api/v2', key: 'k' });
    return local.close();
  });
  it('exposes no write actions (LLM-08)', () => {
    for (const name of ['add', 'refill', 'cancel']) assert.equal(name in client, false);
  });
});

describe('panel client: services (§1.1)', () => {
  it('reads numbers as strings and a wrapped list', async () => {
    panel.on('services', {
      status: 200,
      body: { services: [{ service: '1', name: 'IG likes', type: 'Default', category: 'Instagram', rate: 0.5, min: '10', max: 1000, refill: '1', cancel: 0 }] },
    });
    const [service] = await client.services();
    assert.deepEqual(service, {
      id: '1', name: 'IG likes', type: 'Default', category: 'Instagram', rate: '0.5', min: 10, max: 1000, refill: true, cancel: false, dripfeed: null,
    });
  });
  it('reads {data:[…]}', async () => {
    panel.on('services', { status: 200, body: { data: [{ service: 2, name: 'x', rate: '1', min: '1', max: '2' }] } });
    assert.equal((await client.services())[0]?.id, '2');
  });
});

describe('panel client: status (§1.3)', () => {
  it('reads a single status with strings, clamps negative remains and keeps the over-delivery', async () => {
    panel.on('status', { status: 200, body: { charge: '0.27819', start_count: '3572', status: 'Completed', remains: '-40', currency: 'USD' } });
    assert.deepEqual(await client.status('1001'), {
      orderId: '1001', status: 'completed', rawStatus: 'Completed', charge: '0.27819', startCount: 3572, remains: 0, currency: 'USD', overDelivered: 40,
    });
    assert.equal(panel.requests[0]?.get('order'), '1001');
  });
  it('maps an unknown status word to unknown, never to an error', async () => {
    panel.on('status', { status: 200, body: { status: 'Stuck in the queue', remains: '5' } });
    assert.equal((await client.status('1'))?.status, 'unknown');
  });
  it('returns null for "Incorrect order ID" (200) and "Invalid Order Id" (400)', async () => {
    panel.on('status', { status: 200, body: { error: 'Incorrect order ID' } });
    panel.on('status', { status: 400, body: { error: 'Invalid Order Id' } });
    assert.equal(await client.status('404'), null);
    assert.equal(await client.status('405'), null);
  });
  it('batches orders= in groups of at most 100 with per-item errors', async () => {
    const ids = Array.from({ length: 250 }, (_, i) => String(10_000 + i));
    panel.on('status', (form) => {
      const asked = (form.get('orders') ?? '').split(',');
      const body: Record<string, unknown> = {};
      for (const id of asked) {
        const n = Number(id);
        if (n % 10 === 1) body[id] = 'Incorrect order ID';
        else if (n % 10 === 2) body[id] = { error: 'Incorrect order ID' };
        else if (n % 10 === 3) continue;
        else body[id] = { charge: '1.00', start_counter: n, status: 'In progress', remains: String(n % 7) };
      }
      return { status: 200, body };
    }, 3);
    const result = await client.statuses([...ids, ids[0] ?? '']);
    assert.deepEqual(panel.requests.map((f) => (f.get('orders') ?? '').split(',').length), [100, 100, 50]);
    assert.equal(result.size, 250);
    assert.equal(result.get('10000')?.status, 'in_progress');
    assert.equal(result.get('10000')?.startCount, 10_000);
    assert.equal(result.get('10001'), null);
    assert.equal(result.get('10002'), null);
    assert.equal(result.get('10003'), null);
  });
  it('maps a whole-call "Invalid Order Ids" to all null', async () => {
    panel.on('status', { status: 400, body: { error: 'Invalid Order Ids' } });
    const result = await client.statuses(['1', '2']);
    assert.deepEqual([...result.entries()], [['1', null], ['2', null]]);
  });
  it('returns an empty map for no IDs without calling the panel', async () => {
    assert.equal((await client.statuses([])).size, 0);
    assert.equal(panel.requests.length, 0);
  });
});

describe('panel client: refill status and balance', () => {
  it('reads a refill and maps a nested not-found to null', async () => {
    panel.on('refill_status', { status: 200, body: { status: 'pending' } });
    panel.on('refill_status', { status: 200, body: { status: { error: 'Refill not found' } } });
    assert.deepEqual(await client.refillStatus('77'), { refillId: '77', status: 'pending', rawStatus: 'pending' });
    assert.equal(await client.refillStatus('78'), null);
    assert.equal(panel.requests[0]?.get('refill'), '77');
  });
  it('reads a numeric balance', async () => {
    panel.on('balance', { status: 200, body: { balance: 12.5, currency: 'USD', status: 'success' } });
    assert.deepEqual(await client.balance(), { balance: '12.5', currency: 'USD' });
  });
});

describe('panel client: error channels (§3, §4)', () => {
  const cases: Array<[string, { status: number; body: unknown; headers?: Record<string, string> }, PanelErrorKind, string]> = [
    ['200 + Invalid API key', { status: 200, body: { error: 'Invalid API key' } }, 'invalid_key', 'panel_auth'],
    ['401 JSON', { status: 401, body: { error: 'Invalid API Key' } }, 'invalid_key', 'panel_auth'],
    ['403 IP', { status: 403, body: { error: 'IP not allowed' } }, 'ip_not_allowed', 'panel_auth'],
    ['402 funds', { status: 402, body: { error: 'Not enough funds' } }, 'not_enough_funds', 'panel_rejected'],
    ['500 JSON', { status: 500, body: { message: 'Server Error' } }, 'server_error', 'panel_unavailable'],
    ['Cloudflare 503', { status: 503, body: CLOUDFLARE, headers: { 'content-type': 'text/html' } }, 'cloudflare_challenge', 'panel_unavailable'],
    ['HTML 200', { status: 200, body: '<html><body>Welcome</body></html>', headers: { 'content-type': 'text/html' } }, 'not_json', 'panel_bad_response'],
    ['broken JSON', { status: 200, body: '{"balance":"1.0', headers: { 'content-type': 'application/json' } }, 'not_json', 'panel_bad_response'],
    ['wrong shape', { status: 200, body: { credit: 'x' } }, 'bad_shape', 'panel_bad_response'],
    ['redirect', { status: 302, body: '', headers: { location: 'https://evil.test/' } }, 'redirect', 'panel_bad_response'],
    ['429', { status: 429, body: { error: 'Too many requests' } }, 'rate_limited', 'panel_rate_limited'],
  ];
  for (const [name, reply, kind, code] of cases) {
    it(`${name} → ${kind} (${code})`, async () => {
      panel.on('balance', reply);
      await rejectsWith(client.balance(), kind, code);
    });
  }
});

describe('panel client: size cap', () => {
  it('aborts a body beyond the cap', async () => {
    await client.close();
    client = makeClient({ maxResponseBytes: 1024 });
    panel.on('services', { status: 200, body: `[${'{"service":1,"name":"x","rate":"1","min":"1","max":"2"},'.repeat(100)}{}]` });
    await rejectsWith(client.services(), 'too_large', 'panel_bad_response');
  });
  it('refuses a declared content-length beyond the cap without reading', async () => {
    await client.close();
    client = makeClient({ maxResponseBytes: 10 });
    panel.on('balance', { status: 200, body: { balance: '1' }, headers: { 'content-length': '999999' } });
    await rejectsWith(client.balance(), 'too_large');
  });
});
