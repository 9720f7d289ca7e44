import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { openDatabase } from '../../../src/db/open-database.js';
import { createLogger } from '../../../src/observability/logger.js';
import type { PanelService } from '../../../src/panel/types.js';
import { createServiceCatalogue } from '../../../src/rules/catalogue.js';
import { describeServiceRule } from '../../../src/rules/describe.js';
import { createServiceRules, type RuleView } from '../../../src/rules/service-rules.js';
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

function setup(panel: ReturnType<typeof fakePanel>, db = openDatabase(':memory:')) {
  let logs = '';
  const sink = new Writable({ write(chunk: Buffer, _e, done) { logs += chunk.toString(); done(); } });
  const clock = fixedClock();
  const rules = createServiceRules({ db, panel, clock, log: createLogger('info', sink), refreshMs: 15 * MINUTE, staleMs: 120 * MINUTE });
  return { rules, clock, db, logs: () => logs };
}

describe('service rules cache', () => {
  it('refreshes from the panel and answers from the cache', async () => {
    const panel = fakePanel([async () => [followers, likes]]);
    const { rules } = setup(panel);
    assert.equal(rules.get('1204'), undefined);
    assert.ok(rules.isStale(), 'never fetched counts as stale');
    await rules.refresh();
    assert.deepEqual(rules.get('1204'), {
      serviceId: '1204', name: followers.name, category: followers.category, min: 100, max: 50_000, rate: '0.90', currency: 'USD',
      refill: true, cancel: true, fetchedAt: '2026-11-22T10:00:00.000Z', stale: false,
    });
    assert.equal(rules.all().length, 2);
    assert.equal(rules.fetchedAt(), '2026-11-22T10:00:00.000Z');
  });

  it('reports rules older than the limit as stale', async () => {
    const { rules, clock } = setup(fakePanel([async () => [followers]]));
    await rules.refresh();
    clock.advance(120 * MINUTE);
    assert.equal(rules.isStale(), false, 'exactly at the limit is still fresh');
    clock.advance(1);
    assert.equal(rules.isStale(), true);
    assert.equal(rules.get('1204')?.stale, true);
  });

  it('a failed refresh keeps the last good rules and logs a warning', async () => {
    const panel = fakePanel([async () => [followers], () => Promise.reject(Object.assign(new Error('panel down key=SECRET'), { code: 'panel_unavailable' }))]);
    const { rules, clock, logs } = setup(panel);
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
    const { rules } = setup(fakePanel([async () => [followers], async () => []]));
    await rules.refresh();
    await rules.refresh();
    assert.ok(rules.get('1204'));
  });

  it('coalesces concurrent refreshes into one panel call', async () => {
    let release: (value: PanelService[]) => void = () => undefined;
    const panel = fakePanel([() => new Promise((resolve) => { release = resolve; }), async () => [followers]]);
    const { rules } = setup(panel);
    const all = Promise.all([rules.refresh(), rules.refresh(), rules.refresh()]);
    release([followers]);
    await all;
    assert.equal(panel.calls, 1);
    await rules.refresh();
    assert.equal(panel.calls, 2, 'a refresh after the first finished fetches again');
  });

  it('survives a restart: the cache is read back from SQLite', async () => {
    const db = openDatabase(':memory:');
    const first = setup(fakePanel([async () => [followers]]), db);
    await first.rules.refresh();
    const second = setup(fakePanel([() => Promise.reject(new Error('down'))]), db);
    assert.equal(second.rules.get('1204')?.rate, '0.90');
    assert.equal(second.rules.get('1204')?.currency, 'USD');
  });

  it('start refreshes when empty, runs on an unref’d interval, and stop ends it', async () => {
    const panel = fakePanel([async () => [followers]]);
    const { rules } = setup(panel);
    rules.start();
    rules.start(); // idempotent
    await rules.refresh();
    assert.equal(panel.calls, 1, 'the start-up refresh and the on-demand one were coalesced');
    rules.stop();
  });
});

describe('describeServiceRule', () => {
  const view: RuleView = { serviceId: '1204', name: 'Instagram Followers [Refill 30d]', category: 'x', min: 100, max: 50_000, rate: '0.90', currency: 'USD', refill: true, cancel: true, fetchedAt: '2026-11-22T10:00:00.000Z', stale: false };

  it('quotes min, max, rate per 1000, refill and cancel', () => {
    assert.equal(describeServiceRule(view), 'Instagram Followers [Refill 30d] (service 1204): 100 to 50,000 per order, 0.90 USD per 1000; refills: supported; cancels: supported.');
  });

  it('says unknown flags are not stated, and drops an unknown currency', () => {
    assert.equal(describeServiceRule({ ...view, refill: false, cancel: null, currency: null }),
      'Instagram Followers [Refill 30d] (service 1204): 100 to 50,000 per order, 0.90 per 1000; refills: not supported; cancels: not stated by the panel.');
  });

  it('says stale rules may be out of date, and promises nothing', () => {
    const text = describeServiceRule({ ...view, stale: true });
    assert.match(text, /may be out of date/);
    assert.doesNotMatch(text, /\b(will|guarantee|promise)\b/i);
  });

  it('feeds the act stage’s service catalogue', async () => {
    const { rules } = setup(fakePanel([async () => [likes]]));
    await rules.refresh();
    const catalogue = createServiceCatalogue(rules);
    assert.deepEqual(catalogue.describe('1210'), { serviceId: '1210', name: 'Instagram Likes', refill: false, cancel: null, description: describeServiceRule(rules.get('1210') as RuleView) });
    assert.equal(catalogue.describe('9999'), null);
  });
});
