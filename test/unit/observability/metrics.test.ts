// createMetrics: closed label vocabularies (free text becomes `other`), gauges sampled at scrape
// time, separate registries, and the panel client's onCall hook feeding it.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { createMetrics, type PanelOutcome } from '../../../src/observability/metrics.js';
import { createPanelClient } from '../../../src/panel/client.js';
import { isPanelError } from '../../../src/panel/errors.js';
import type { BreakerState } from '../../../src/panel/types.js';
import type { Intent } from '../../../src/understanding/vocabulary.js';
import { CANARY_KEY, createMockPanel, PANEL_URL, type MockPanel } from '../../helpers/panel-mock.js';

const sample = (text: string, series: string): number | undefined => {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};

describe('createMetrics', () => {
  it('counts turns, stages, handoffs and guard blocks with closed labels', async () => {
    const m = createMetrics({ processMetrics: false });
    m.turn.countTurn('order_status', 'lookup');
    m.turn.countTurn('order_status', 'lookup');
    m.turn.observeStage('understand', 0.0004);
    m.turn.countHandoff('panel_outage');
    m.guardBlocked(['no-refund-promise', 'no-delivery-deadline']);
    m.guardBlocked(['reply-too-long']);
    const text = await m.scrape();
    assert.equal(sample(text, 'parley_turns_total{intent="order_status",decision="lookup"}'), 2);
    assert.equal(sample(text, 'parley_turn_stage_duration_seconds_count{stage="understand"}'), 1);
    assert.equal(sample(text, 'parley_turn_stage_duration_seconds_bucket{le="0.0005",stage="understand"}'), 1);
    assert.equal(sample(text, 'parley_turn_stage_duration_seconds_count{stage="act"}'), 0, 'every stage is present from the start');
    assert.equal(sample(text, 'parley_handoffs_total{reason="panel_outage"}'), 1);
    assert.equal(sample(text, 'parley_handoffs_total{reason="visitor_asked"}'), 0);
    assert.equal(sample(text, 'parley_guard_blocks_total{rule="no-refund-promise"}'), 1);
    assert.equal(sample(text, 'parley_guard_blocks_total{rule="reply-too-long"}'), 1);
    assert.ok(!text.includes('parley_process_'), 'process metrics were turned off');
  });

  it('turns any value outside the closed lists into "other" (no free text in labels)', async () => {
    const m = createMetrics({ processMetrics: false });
    // The types forbid these; a cast simulates a bug upstream.
    m.turn.countTurn('jane@example.com' as Intent, 'ask');
    m.guardBlocked(['order 123456789 for jane@example.com']);
    m.panelCall('status', 'oops <html>' as PanelOutcome, 0.01);
    const text = await m.scrape();
    assert.equal(sample(text, 'parley_turns_total{intent="other",decision="ask"}'), 1);
    assert.equal(sample(text, 'parley_guard_blocks_total{rule="other"}'), 1);
    assert.equal(sample(text, 'parley_panel_calls_total{action="status",outcome="other"}'), 1);
    assert.ok(!text.includes('jane') && !text.includes('123456789') && !text.includes('html'));
  });

  it('samples the breaker and the open streams when scraped', async () => {
    const m = createMetrics({ processMetrics: false });
    let state: BreakerState = 'closed';
    let streams = 0;
    m.trackPanelBreaker(() => state);
    m.trackOpenStreams(() => streams);
    assert.equal(sample(await m.scrape(), 'parley_panel_breaker_state'), 0);
    state = 'open';
    streams = 7;
    let text = await m.scrape();
    assert.equal(sample(text, 'parley_panel_breaker_state'), 2);
    assert.equal(sample(text, 'parley_sse_open_streams'), 7);
    state = 'half_open';
    text = await m.scrape();
    assert.equal(sample(text, 'parley_panel_breaker_state'), 1);
  });

  it('gives every instance its own registry, and shares one set of process metrics', async () => {
    const a = createMetrics();
    const b = createMetrics();
    a.turn.countHandoff('no_answer');
    assert.notEqual(a.registry, b.registry);
    assert.equal(sample(await b.scrape(), 'parley_handoffs_total{reason="no_answer"}'), 0);
    const text = await a.scrape();
    assert.equal(sample(text, 'parley_handoffs_total{reason="no_answer"}'), 1);
    assert.match(text, /^parley_process_resident_memory_bytes \d+/m);
    assert.match(text, /^parley_nodejs_heap_size_used_bytes \d+/m);
  });
});

describe('panel client onCall → metrics', () => {
  let panel: MockPanel;
  beforeEach(() => { panel = createMockPanel(); });
  afterEach(async () => { await panel.close(); });

  it('reports ok and error kinds per action, once per call (retries included)', async () => {
    const m = createMetrics({ processMetrics: false });
    const calls: [string, string][] = [];
    const client = createPanelClient({
      url: PANEL_URL, key: CANARY_KEY, dispatcher: panel.agent, retries: 1, sleep: async () => undefined,
      breaker: { failureThreshold: 2 },
      onCall: (action, outcome, seconds) => {
        assert.ok(seconds >= 0);
        calls.push([action, outcome]);
        m.panelCall(action, outcome, seconds);
      },
    });
    try {
      panel.on('status', { status: 200, body: { status: 'Completed', remains: '0', charge: '1', start_count: '10', currency: 'USD' } });
      await client.status('1');
      panel.on('status', { status: 200, body: { error: 'Incorrect order ID' } });
      assert.equal(await client.status('2'), null);
      panel.on('balance', { status: 503, body: { error: 'Service Unavailable' } }, 4);
      await assert.rejects(client.balance());
      await assert.rejects(client.balance());
      await assert.rejects(client.balance(), (err) => isPanelError(err) && err.kind === 'breaker_open');
      assert.deepEqual(calls, [
        ['status', 'ok'], ['status', 'order_not_found'], ['balance', 'maintenance'], ['balance', 'maintenance'], ['balance', 'breaker_open'],
      ]);
      const text = await m.scrape();
      assert.equal(sample(text, 'parley_panel_calls_total{action="status",outcome="ok"}'), 1);
      assert.equal(sample(text, 'parley_panel_calls_total{action="balance",outcome="maintenance"}'), 2);
      assert.equal(sample(text, 'parley_panel_calls_total{action="balance",outcome="breaker_open"}'), 1);
      assert.equal(sample(text, 'parley_panel_call_duration_seconds_count{action="balance"}'), 3);
    } finally {
      await client.close();
    }
  });
});
