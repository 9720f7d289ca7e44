// A Prometheus histogram with one label, for the turn's stage timings: seven observations a turn.
// prom-client's Histogram.observe cost ~1 µs each here (it builds a string key from the labels and
// turns the bucket bound into a string property key on every call); this one keeps each series'
// buckets in an array, found by its label value. It sits in a prom-client Registry like any metric
// and exports exactly what prom-client's Histogram would for the same observations, line for line
// (test/unit/observability/one-label-histogram.test.ts scrapes both).
import type { Metric, Registry } from 'prom-client';

interface Series {
  readonly labels: Readonly<Record<string, string>>;
  /** Observations per bucket, not cumulative; an observation above the last bound is only counted. */
  readonly counts: number[];
  sum: number;
  count: number;
}

interface Sample {
  labels: Record<string, string | number>;
  value: number;
  metricName: string;
}

export interface OneLabelHistogramConfig<V extends string> {
  name: string;
  help: string;
  labelName: string;
  /** Series exported at 0 from the start (prom-client's `zero`); any other value gets its series when first observed. */
  initialValues: readonly V[];
  /** Upper bounds, ascending; `+Inf` is implied. */
  buckets: readonly number[];
  registers: readonly Registry[];
}

export class OneLabelHistogram<V extends string> {
  readonly name: string;
  readonly help: string;
  readonly type = 'histogram';
  /** How prom-client's cluster registry would merge it, as for its own histograms. */
  readonly aggregator = 'sum';
  private readonly labelName: string;
  private readonly buckets: readonly number[];
  private readonly series = new Map<string, Series>();

  constructor(config: OneLabelHistogramConfig<V>) {
    this.name = config.name;
    this.help = config.help;
    this.labelName = config.labelName;
    this.buckets = config.buckets;
    for (const value of config.initialValues) this.seriesOf(value);
    // A registry reads a metric through name, get() and reset() only; its type names prom-client's own classes.
    for (const registry of config.registers) registry.registerMetric(this as unknown as Metric);
  }

  observe(labelValue: V, value: number): void {
    // As prom-client: a value that is not a finite number is a bug in the caller, not a sample.
    if (!Number.isFinite(value)) throw new TypeError(`Value is not a valid number: ${value}`);
    const series = this.seriesOf(labelValue);
    const { buckets } = this;
    let i = 0;
    while (i < buckets.length && value > (buckets[i] as number)) i++;
    if (i < buckets.length) (series.counts[i] as number)++;
    series.sum += value;
    series.count++;
  }

  /** The samples as prom-client's Histogram reports them: per series, cumulative buckets, `+Inf`, sum, count. */
  async get() {
    const values: Sample[] = [];
    const bucket = `${this.name}_bucket`;
    for (const { labels, counts, sum, count } of this.series.values()) {
      let cumulative = 0;
      this.buckets.forEach((le, i) => {
        cumulative += counts[i] as number;
        values.push({ labels: { le, ...labels }, value: cumulative, metricName: bucket });
      });
      values.push(
        { labels: { le: '+Inf', ...labels }, value: count, metricName: bucket },
        { labels: { ...labels }, value: sum, metricName: `${this.name}_sum` },
        { labels: { ...labels }, value: count, metricName: `${this.name}_count` },
      );
    }
    return { name: this.name, help: this.help, type: this.type, values, aggregator: this.aggregator };
  }

  /** Registry.resetMetrics(): every series goes, the initial ones included (as prom-client's reset). */
  reset(): void {
    this.series.clear();
  }

  private seriesOf(labelValue: string): Series {
    let series = this.series.get(labelValue);
    if (!series) {
      series = { labels: { [this.labelName]: labelValue }, counts: this.buckets.map(() => 0), sum: 0, count: 0 };
      this.series.set(labelValue, series);
    }
    return series;
  }
}
