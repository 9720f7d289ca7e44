import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { act, type ActDeps, type Knowledge, type OrderVerifier, type ScoredArticle, type ServiceCatalogue } from '../../../src/actions/act.js';
import type { ServiceFacts } from '../../../src/actions/facts.js';
import type { PanelClient, PanelOrder } from '../../../src/panel/types.js';
import type { Action } from '../../../src/policy/decision.js';

const NOW = Date.parse('2026-12-06T12:00:00Z');
const HOUR = 3_600_000;
const context = { conversationId: 'c', clientAddress: '127.0.0.1', role: 'buyer' as const, verifiedUserId: null };
const order = (status: PanelOrder['status'], remains: number): PanelOrder => ({ orderId: '4831239', status, rawStatus: status, charge: '0.9', startCount: 1, remains, currency: 'USD' });
const lookup: Action = { kind: 'order_lookup', request: 'status', orderId: '4831239', proof: { email: 'a@b.co' } };
const service = (id: string, over: Partial<ServiceFacts> = {}): ServiceFacts => ({
  serviceId: id, name: `Service ${id}`, category: 'Instagram Followers', min: 100, max: 1000, rate: '1', currency: 'USD', refill: true, cancel: true, dripfeed: false, ...over,
});

function deps(over: { verifier?: OrderVerifier; panel?: Partial<PanelClient>; services?: Partial<ServiceCatalogue>; knowledge?: Knowledge } = {}): ActDeps {
  return {
    orders: over.verifier ?? { verify: async () => ({ ok: true, serviceId: null, quantity: 1000, createdAt: null, cached: null }) },
    panel: { status: async () => order('in_progress', 400), ...over.panel } as PanelClient,
    services: {
      describe: (id) => (id === '1201' ? service('1201') : null), find: () => [service('1201')], alternatives: () => [service('1202', { min: 10 })],
      withDripfeed: () => [service('1210', { dripfeed: true })], status: () => ({ fetchedAt: '2026-12-06T11:00:00Z', stale: false, failing: false }), ...over.services,
    },
    knowledge: over.knowledge ?? { rank: () => [] },
    clock: () => new Date(NOW),
    stalledAfterMs: 72 * HOUR,
  };
}

describe('act: orders', () => {
  it('asks the panel nothing when ownership is not proved', async () => {
    let asked = false;
    const facts = await act(deps({ verifier: { verify: async () => ({ ok: false, lockedOut: false }) }, panel: { status: async () => { asked = true; return null; } } }), lookup, context);
    assert.equal(facts.kind === 'order' && facts.outcome, 'not_verified');
    assert.equal(asked, false);
  });

  it('checks nothing and guesses nothing while the panel refuses the shop\'s key: the outage path, no cached status', async () => {
    let verified = false;
    const verifier: OrderVerifier = { verify: async () => { verified = true; return { ok: false, lockedOut: false }; } };
    const refused = await act({ ...deps({ verifier }), panelKeyRefused: () => true }, lookup, context);
    assert.deepEqual(refused.kind === 'order' && [refused.outcome, refused.outcome === 'panel_unavailable' && refused.cached], ['panel_unavailable', null]);
    assert.equal(verified, false, 'no ownership check, so no failed guess is counted');
    const accepted = await act({ ...deps({ verifier }), panelKeyRefused: () => false }, lookup, context);
    assert.equal(accepted.kind === 'order' && accepted.outcome, 'not_verified');
  });

  it('tells an order the panel does not know from an outage', async () => {
    const unknown = await act(deps({ panel: { status: async () => null } }), lookup, context);
    assert.equal(unknown.kind === 'order' && unknown.outcome, 'not_on_panel');
    const down = await act(deps({ panel: { status: () => Promise.reject(new Error('502')) } }), lookup, context);
    assert.equal(down.kind === 'order' && down.outcome, 'panel_unavailable');
  });

  it('calls an order stalled only past the policy’s limit: not started since it was placed, or the same count to come since last heard', async () => {
    const stalled = async (status: PanelOrder['status'], createdHoursAgo: number, heard?: { hoursAgo: number; remains: number }) => {
      const verifier: OrderVerifier = {
        verify: async () => ({
          ok: true, serviceId: null, quantity: 1000, createdAt: new Date(NOW - createdHoursAgo * HOUR).toISOString(),
          cached: heard ? { order: order('in_progress', heard.remains), fetchedAt: new Date(NOW - heard.hoursAgo * HOUR).toISOString() } : null,
        }),
      };
      const facts = await act(deps({ verifier, panel: { status: async () => order(status, 400) } }), lookup, context);
      return facts.kind === 'order' && facts.outcome === 'shown' && facts.stalled;
    };
    assert.equal(await stalled('pending', 100), true);
    assert.equal(await stalled('pending', 10), false);
    assert.equal(await stalled('in_progress', 200, { hoursAgo: 80, remains: 400 }), true);
    assert.equal(await stalled('in_progress', 200, { hoursAgo: 80, remains: 600 }), false, 'it moved since');
    assert.equal(await stalled('in_progress', 200, { hoursAgo: 5, remains: 400 }), false);
    assert.equal(await stalled('in_progress', 200), false, 'nothing heard: no evidence');
  });
});

describe('act: service rules', () => {
  const rules = (over: Partial<Extract<Action, { kind: 'service_rules' }>>): Action =>
    ({ kind: 'service_rules', serviceIds: [], platforms: ['instagram'], kinds: ['followers'], attributes: [], quantity: null, listDripfeed: false, apiError: null, ...over });

  it('describes services by ID and says which IDs the panel does not list', async () => {
    const facts = await act(deps(), rules({ serviceIds: ['1201', '9999'] }), context);
    assert.ok(facts.kind === 'services');
    assert.deepEqual([facts.services.map((s) => s.serviceId), facts.unknownIds], [['1201'], ['9999']]);
  });

  it('offers alternatives only for a quantity the service refuses, and lists drip-feed services when asked', async () => {
    const fits = await act(deps(), rules({ quantity: 500 }), context);
    const below = await act(deps(), rules({ quantity: 50, listDripfeed: true }), context);
    assert.ok(fits.kind === 'services' && below.kind === 'services');
    assert.deepEqual(fits.alternatives, []);
    assert.deepEqual(below.alternatives.map((s) => s.serviceId), ['1202']);
    assert.deepEqual(below.withDripfeed.map((s) => s.serviceId), ['1210']);
  });
});

describe('act: help-article sections', () => {
  const section = (slug: string, heading: string, title = 'Title'): ScoredArticle => ({ slug, title, section: heading, excerpt: `${heading} text`, escalate: false, relevance: 2 });
  const knowledge = (answers: Record<string, ScoredArticle[]>): Knowledge => ({ rank: (query) => answers[query] ?? [] });
  const article = (questions: string[], subject: string | null = null, lastSection: string | null = null): Action =>
    ({ kind: 'article', questions, intent: null, subject, lastSection, whenNothing: 'say', minRelevance: 1 });

  it('answers each question with its own section, never one twice', async () => {
    const kb = knowledge({ 'when do i get paid?': [section('affiliate', 'Payouts')], 'can i refer myself?': [section('affiliate', 'Self-referrals')], 'payouts again?': [section('affiliate', 'Payouts')] });
    const facts = await act(deps({ knowledge: kb }), article(['when do i get paid?', 'can i refer myself?', 'payouts again?', 'weather?']), context);
    assert.deepEqual(facts.kind === 'article' && [facts.articles.map((a) => a.section), facts.unanswered], [['Payouts', 'Self-referrals'], 1]);
  });

  it('searches a follow-up with the subject, and moves past the section just quoted to the next of its article, not its introduction', async () => {
    const top = section('rate-limits', '"Too many requests"');
    const kb = knowledge({
      '429 and how do i avoid that?': [top, section('rate-limits', 'Batching status checks')],
      '429 tell me more': [top, section('rate-limits', 'Title')],
    });
    const next = await act(deps({ knowledge: kb }), article(['and how do i avoid that?'], '429', 'rate-limits#"Too many requests"'), context);
    assert.deepEqual(next.kind === 'article' && next.articles.map((a) => a.section), ['Batching status checks']);
    const again = await act(deps({ knowledge: kb }), article(['tell me more'], '429', 'rate-limits#"Too many requests"'), context);
    assert.deepEqual(again.kind === 'article' && again.articles.map((a) => a.section), ['"Too many requests"']);
  });
});
