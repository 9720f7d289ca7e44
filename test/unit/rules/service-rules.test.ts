import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { createLogger } from '../../../src/observability/logger.js';
import { PanelError } from '../../../src/panel/errors.js';
import type { PanelService } from '../../../src/panel/types.js';
import { createServiceCatalogue } from '../../../src/rules/catalogue.js';
import { createServiceRules } from '../../../src/rules/service-rules.js';
import type { RuleStore } from '../../../src/storage/port.js';
import { openSqliteStorage } from '../../../src/storage/sqlite/index.js';
import { lexicon } from '../../helpers/test-app.js';
import { fixedClock } from '../../helpers/deterministic.js';

const MINUTE = 60_000;
const followers: PanelService = { id: '1204', name: 'Instagram Followers [Refill 30d]', type: 'Default', category: 'Instagram Followers', rate: '0.90', min: 100, max: 50_000, refill: true, cancel: true, dripfeed: false };
const likes: PanelService = { id: '1210', name: 'Instagram Likes', type: 'Default', category: 'Instagram Likes', rate: '0.12', min: 20, max: 100_000, refill: false, cancel: null, dripfeed: null };

/** A fake panel whose services answer the test scripts. */
function fakePanel(answers: (() => Promise<PanelService[]>)[]) {
  let calls = 0;
  return {
    get calls() {
      return calls;
    },
    services: () => {
      const answer = answers[Math.min(calls, answers.length - 1)] as () => Promise<PanelService[]>;
      calls++;
      return answer();
    },
    balance: async () => ({ balance: '1.00', currency: 'USD' }),
  };
}

async function setup(panel: ReturnType<typeof fakePanel>, store: RuleStore = openSqliteStorage({ path: ':memory:' }).rules) {
  let logs = '';
  const sink = new Writable({ write(chunk: Buffer, _e, done) { logs += chunk.toString(); done(); } });
  const clock = fixedClock();
  const rules = await createServiceRules({ store, panel, clock, log: createLogger('info', sink), refreshMs: 15 * MINUTE, staleMs: 120 * MINUTE });
  return { rules, clock, logs: () => logs };
}

describe('service rules cache', () => {
  it('refreshes from the panel and answers from the cache', async () => {
    const panel = fakePanel([async () => [followers, likes]]);
    const { rules } = await setup(panel);
    assert.equal(rules.get('1204'), undefined);
    assert.ok(rules.isStale(), 'never fetched counts as stale');
    await rules.refresh();
    assert.deepEqual(rules.get('1204'), {
      serviceId: '1204', name: followers.name, category: followers.category, min: 100, max: 50_000, rate: '0.90', currency: 'USD',
      refill: true, cancel: true, dripfeed: false, fetchedAt: '2026-11-22T10:00:00.000Z', stale: false,
    });
    assert.equal(rules.all().length, 2);
    assert.equal(rules.fetchedAt(), '2026-11-22T10:00:00.000Z');
  });

  it('reports rules older than the limit as stale', async () => {
    const { rules, clock } = await setup(fakePanel([async () => [followers]]));
    await rules.refresh();
    clock.advance(120 * MINUTE);
    assert.equal(rules.isStale(), false, 'exactly at the limit is still fresh');
    clock.advance(1);
    assert.equal(rules.isStale(), true);
    assert.equal(rules.get('1204')?.stale, true);
  });

  it('a failed refresh keeps the last good rules and logs a warning', async () => {
    const panel = fakePanel([async () => [followers], () => Promise.reject(Object.assign(new Error('panel down key=SECRET'), { code: 'panel_unavailable' }))]);
    const { rules, clock, logs } = await setup(panel);
    await rules.refresh();
    clock.advance(30 * MINUTE);
    await rules.refresh();
    assert.equal(rules.get('1204')?.max, 50_000);
    assert.equal(rules.fetchedAt(), '2026-11-22T10:00:00.000Z');
    assert.match(logs(), /"level":40.*service rules refresh failed/);
    assert.match(logs(), /panel_unavailable/);
    assert.ok(!logs().includes('SECRET'), 'the upstream message is not logged');
  });

  it('an empty answer does not wipe known rules', async () => {
    const { rules } = await setup(fakePanel([async () => [followers], async () => []]));
    await rules.refresh();
    await rules.refresh();
    assert.ok(rules.get('1204'));
  });

  it('coalesces concurrent refreshes into one panel call', async () => {
    let release: (value: PanelService[]) => void = () => undefined;
    const panel = fakePanel([() => new Promise((resolve) => { release = resolve; }), async () => [followers]]);
    const { rules } = await setup(panel);
    const all = Promise.all([rules.refresh(), rules.refresh(), rules.refresh()]);
    release([followers]);
    await all;
    assert.equal(panel.calls, 1);
    await rules.refresh();
    assert.equal(panel.calls, 2, 'a refresh after the first finished fetches again');
  });

  it('survives a restart: the cache is read back from the storage', async () => {
    const { rules: store } = openSqliteStorage({ path: ':memory:' });
    const first = await setup(fakePanel([async () => [followers]]), store);
    await first.rules.refresh();
    const second = await setup(fakePanel([() => Promise.reject(new Error('down'))]), store);
    assert.equal(second.rules.get('1204')?.rate, '0.90');
    assert.equal(second.rules.get('1204')?.currency, 'USD');
  });

  it('start refreshes when empty, runs on an unref’d interval, and stop ends it', async () => {
    const panel = fakePanel([async () => [followers]]);
    const { rules } = await setup(panel);
    rules.start();
    rules.start(); // idempotent
    await rules.refresh();
    assert.equal(panel.calls, 1, 'the start-up refresh and the on-demand one were coalesced');
    rules.stop();
  });
});

describe('service catalogue', () => {
  const noRefill: PanelService = { ...followers, id: '1202', name: 'Instagram Followers [No Refill]', rate: '0.45', min: 50, max: 20_000, refill: false, cancel: false };
  const tiktok: PanelService = { id: '2301', name: 'TikTok Followers [Refill 60d]', type: 'Default', category: 'TikTok Followers', rate: '1.80', min: 100, max: 30_000, refill: true, cancel: true, dripfeed: false };
  const views: PanelService = { id: '2310', name: 'TikTok Video Views', type: 'Default', category: 'TikTok Views', rate: '0.01', min: 500, max: 10_000_000, refill: false, cancel: false, dripfeed: true };

  async function catalogueOf(services: PanelService[]) {
    const { rules } = await setup(fakePanel([async () => services]));
    await rules.refresh();
    return createServiceCatalogue(rules, lexicon);
  }

  it('describes a service by ID with the panel’s own numbers and flags, and knows no other', async () => {
    const catalogue = await catalogueOf([likes]);
    assert.deepEqual(catalogue.describe('1210'), { serviceId: '1210', name: 'Instagram Likes', category: 'Instagram Likes', min: 20, max: 100_000, rate: '0.12', currency: 'USD', refill: false, cancel: null, dripfeed: null });
    assert.equal(catalogue.describe('9999'), null);
  });

  it('finds services by platform and kind as the language data names them, never across platforms', async () => {
    const catalogue = await catalogueOf([followers, noRefill, tiktok, views, likes]);
    const ids = (platforms: string[], kinds: string[]) => catalogue.find({ platforms, kinds }, 4).map((s) => s.serviceId);
    assert.deepEqual(ids(['tiktok'], ['followers']), ['2301']);
    assert.deepEqual(ids(['instagram'], ['followers']), ['1204', '1202']);
    assert.deepEqual(ids(['tiktok'], ['views']), ['2310']);
    assert.deepEqual(ids([], ['likes']), ['1210']);
    assert.deepEqual(ids(['youtube'], ['views']), []);
    assert.deepEqual(ids([], []), []);
    assert.deepEqual(ids(['tiktok'], ['story_views']), [], 'a kind no service has finds none, not the nearest');
  });

  it('offers same-category services whose limits accept a refused quantity, and lists drip-feed services', async () => {
    const catalogue = await catalogueOf([followers, noRefill, tiktok, views]);
    const first = catalogue.describe('1204');
    assert.ok(first);
    assert.deepEqual(catalogue.alternatives(first, 60, 2).map((s) => s.serviceId), ['1202']);
    assert.deepEqual(catalogue.alternatives(first, 10, 2), []);
    assert.deepEqual(catalogue.withDripfeed([], 5).map((s) => s.serviceId), ['2310']);
  });

  it('says when the last refresh failed, so answers blame the panel and not the visitor', async () => {
    const { rules } = await setup(fakePanel([async () => [followers], () => Promise.reject(new Error('down'))]));
    await rules.refresh();
    assert.equal(rules.status().failing, false);
    await rules.refresh();
    assert.deepEqual({ ...rules.status(), fetchedAt: rules.status().fetchedAt !== null }, { fetchedAt: true, stale: false, failing: true, panelKey: 'ok' });
  });

  it('a refused key is an error line and a state (readiness, metric) until the panel accepts one again', async () => {
    const refused = () => Promise.reject(new PanelError('invalid_key'));
    const { rules, logs } = await setup(fakePanel([refused, async () => [followers]]));
    assert.equal(rules.status().panelKey, 'unchecked');
    await rules.refresh();
    assert.equal(rules.status().panelKey, 'refused');
    assert.equal(rules.status().failing, true);
    const line = JSON.parse(logs().split('\n').find((l) => l.includes('refused PANEL_API_KEY')) ?? '{}') as { level?: number; kind?: string };
    assert.equal(line.level, 50);
    assert.equal(line.kind, 'invalid_key');
    await rules.refresh();
    assert.equal(rules.status().panelKey, 'ok');
  });

  it('a panel that is only down leaves the key as it was', async () => {
    const { rules, logs } = await setup(fakePanel([async () => [followers], () => Promise.reject(new PanelError('timeout'))]));
    await rules.refresh();
    await rules.refresh();
    assert.equal(rules.status().panelKey, 'ok');
    assert.ok(!logs().includes('refused PANEL_API_KEY'));
  });
});
