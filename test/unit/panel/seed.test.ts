import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { describe, it } from 'node:test';
import { normaliseOrderStatus } from '../../../src/panel/normalise.js';
import { demoSeedPath, loadSeed, parseSeed } from '../../../src/sandbox/seed.js';

const minimal = () => ({
  services: [{ service: 1, name: 'S', type: 'Default', category: 'C', rate: '1.00', min: '10', max: '100', refill: true, cancel: false }],
  orders: [{
    order: 10, service: 1, link: 'https://www.instagram.com/x', quantity: 50, status: 'Pending', start_count: '0', remains: '50',
    charge: '0.05', createdAt: '2026-11-01T00:00:00Z', customer: { email: 'A@Example.com', accountId: 'u-1' }, paymentReference: 'TRX-1',
  }],
  refills: [{ refill: 5, order: 10, status: 'Pending' }],
});

describe('demo seed', () => {
  const seed = loadSeed(demoSeedPath);
  it('lives at an absolute path that exists', () => {
    assert.ok(isAbsolute(demoSeedPath));
    assert.ok(existsSync(demoSeedPath));
  });
  it('has ≥ 10 services across Instagram, TikTok and YouTube with both refill and cancel values', () => {
    assert.ok(seed.services.length >= 10);
    for (const platform of ['Instagram', 'TikTok', 'YouTube']) assert.ok(seed.services.some((s) => s.name.startsWith(platform)), platform);
    assert.deepEqual(new Set(seed.services.map((s) => s.refill)), new Set([true, false]));
    assert.deepEqual(new Set(seed.services.map((s) => s.cancel)), new Set([true, false]));
  });
  it('has ≥ 25 orders covering every status, created in November 2026', () => {
    assert.ok(seed.orders.length >= 25);
    const statuses = new Set(seed.orders.map((o) => o.status));
    for (const status of ['Pending', 'Processing', 'In progress', 'Completed', 'Partial', 'Canceled', 'Refunded']) assert.ok(statuses.has(status), status);
    assert.ok(seed.orders.every((o) => o.createdAt.startsWith('2026-11-')));
    assert.ok(seed.orders.every((o) => normaliseOrderStatus(o.status) !== 'unknown'));
  });
  it('has realistic numbers: remains never above quantity, full charge on Completed, none on Canceled', () => {
    for (const o of seed.orders) {
      assert.ok(Number(o.remains) <= o.quantity, o.order);
      if (o.status === 'Canceled' || o.status === 'Refunded') assert.equal(Number(o.charge), 0, o.order);
      else assert.ok(Number(o.charge) > 0, o.order);
    }
  });
  it('has about six customers and payment references of every shape', () => {
    const emails = new Set(seed.orders.map((o) => o.customer.email));
    assert.ok(emails.size >= 5 && emails.size <= 8);
    const refs = seed.orders.map((o) => o.paymentReference ?? '');
    assert.ok(refs.some((r) => /^[0-9A-Z]{17}$/.test(r)), 'PayPal');
    assert.ok(refs.some((r) => r.startsWith('pi_')), 'Stripe');
    assert.ok(refs.some((r) => r.startsWith('TRX-')), 'TRX');
    assert.ok(refs.some((r) => /^0x[0-9a-f]{64}$/.test(r)), 'crypto');
  });
  it('has refills on refillable orders', () => {
    assert.ok(seed.refills.length >= 3);
    const services = new Map(seed.services.map((s) => [s.service, s]));
    const orders = new Map(seed.orders.map((o) => [o.order, o]));
    for (const r of seed.refills) assert.equal(services.get(orders.get(r.order)?.service ?? '')?.refill, true);
  });
});

describe('parseSeed and loadSeed', () => {
  it('normalises IDs to strings and lowercases emails', () => {
    const seed = parseSeed(minimal());
    assert.equal(seed.orders[0]?.order, '10');
    assert.equal(seed.orders[0]?.service, '1');
    assert.equal(seed.orders[0]?.customer.email, 'a@example.com');
    assert.equal(seed.currency, 'USD');
    assert.equal(seed.refills[0]?.refill, '5');
  });
  it('names every problem with its path', () => {
    const bad = minimal();
    Object.assign(bad.orders[0] ?? {}, { service: 999, createdAt: 'yesterday' });
    Object.assign(bad.refills[0] ?? {}, { order: 11 });
    assert.throws(() => parseSeed(bad), (err: Error) => {
      assert.match(err.message, /orders\[0\]\.createdAt/);
      assert.match(err.message, /orders\[0\]\.service: unknown service 999/);
      assert.match(err.message, /refills\[0\]\.order: unknown order 11/);
      return true;
    });
  });
  it('rejects duplicate IDs', () => {
    const bad = minimal();
    bad.orders.push({ ...bad.orders[0]! });
    assert.throws(() => parseSeed(bad), /duplicate order 10/);
  });
  it('reports a missing file and broken JSON clearly', () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-seed-'));
    assert.throws(() => loadSeed(join(dir, 'nope.json')), /nope\.json: file not found/);
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{"services": [');
    assert.throws(() => loadSeed(broken), /broken\.json: not valid JSON/);
  });
});
