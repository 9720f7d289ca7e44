// OneLabelHistogram exports exactly what prom-client's Histogram does for the same observations:
// the same text, line for line, whatever the values (bucket bounds, above the last bound,
// negative), series made on first use, and after a registry reset.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Histogram, Registry } from 'prom-client';
import { OneLabelHistogram } from '../../../src/observability/one-label-histogram.js';

const BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const INITIAL = ['understand', 'decide', 'total'] as const;
type Stage = (typeof INITIAL)[number] | 'other';

/** The same histogram twice, prom-client's and ours, each in its own registry. */
function pair() {
  const config = { name: 'parley_stage_seconds', help: 'Time per stage', buckets: BUCKETS };
  const theirs = new Registry();
  const reference = new Histogram({ ...config, labelNames: ['stage'] as const, registers: [theirs] });
  for (const stage of INITIAL) reference.zero({ stage });
  const ours = new Registry();
  const histogram = new OneLabelHistogram<Stage>({ ...config, labelName: 'stage', initialValues: INITIAL, registers: [ours] });
  return {
    reference,
    histogram,
    observe(stage: Stage, value: number) {
      reference.observe({ stage }, value);
      histogram.observe(stage, value);
    },
    async texts() {
      return { expected: await theirs.metrics(), actual: await ours.metrics() };
    },
    reset() {
      theirs.resetMetrics();
      ours.resetMetrics();
    },
  };
}

describe('OneLabelHistogram', () => {
  it('exports the initial series at 0, and each observation as prom-client does', async () => {
    const h = pair();
    const before = await h.texts();
    assert.equal(before.actual, before.expected);
    assert.match(before.actual, /^parley_stage_seconds_bucket\{le="0.0001",stage="decide"\} 0$/m);
    for (const value of [0, 0.0001, 0.00010001, 0.003, 10, 10.5, -1]) h.observe('understand', value);
    h.observe('other', 0.02);
    const after = await h.texts();
    assert.equal(after.actual, after.expected);
    assert.match(after.actual, /^parley_stage_seconds_bucket\{le="0.0001",stage="understand"\} 3$/m, 'a bound is inclusive');
    assert.match(after.actual, /^parley_stage_seconds_bucket\{le="10",stage="understand"\} 6$/m);
    assert.match(after.actual, /^parley_stage_seconds_bucket\{le="\+Inf",stage="understand"\} 7$/m);
    assert.match(after.actual, /^parley_stage_seconds_count\{stage="other"\} 1$/m, 'a value outside the initial ones gets its series');
  });

  it('agrees with prom-client on generated observations, and after a reset (fast-check)', async () => {
    const stage = fc.constantFrom<Stage>(...INITIAL, 'other');
    const value = fc.oneof(fc.constantFrom(...BUCKETS), fc.double({ min: -1, max: 20, noNaN: true }));
    await fc.assert(fc.asyncProperty(fc.array(fc.tuple(stage, value), { maxLength: 40 }), fc.nat(40), async (observations, resetAt) => {
      const h = pair();
      observations.forEach(([s, v], i) => {
        if (i === resetAt) h.reset();
        h.observe(s, v);
      });
      const { expected, actual } = await h.texts();
      assert.equal(actual, expected);
    }), { numRuns: 200 });
  });

  it('refuses a value that is not a finite number, as prom-client does, and records nothing', async () => {
    const h = pair();
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY]) {
      assert.throws(() => h.reference.observe({ stage: 'decide' }, bad), TypeError);
      assert.throws(() => h.histogram.observe('decide', bad), TypeError);
    }
    const { expected, actual } = await h.texts();
    assert.equal(actual, expected);
    assert.match(actual, /^parley_stage_seconds_count\{stage="decide"\} 0$/m);
  });
});
