import { FEATURE_BITS, type FeatureVector } from './classifier-features.js';
import { mulberry32 } from './random.js';

// Multinomial logistic regression (softmax) over hashed features, trained with AdaGrad SGD.
// Chosen over naive Bayes because its probabilities are far better calibrated, which the policy
// needs to decide when to ask instead of guess.

export interface TrainOptions {
  epochs: number;
  learningRate: number;
  l2: number;
  seed: number;
  /** Per-class weight on the loss, e.g. to keep a large negative class from swamping others. */
  classWeights?: readonly number[];
}

export interface SoftmaxModel {
  classes: number;
  weights: Float32Array;
  temperature: number;
}

export function logits(model: SoftmaxModel, x: FeatureVector, out: Float64Array): void {
  const { classes, weights } = model;
  out.fill(0);
  for (let k = 0; k < x.indices.length; k++) {
    const base = (x.indices[k] ?? 0) * classes;
    for (let c = 0; c < classes; c++) out[c] = (out[c] ?? 0) + (weights[base + c] ?? 0) * x.value;
  }
}

/** In-place softmax of `z / temperature`. */
export function softmax(z: Float64Array, temperature = 1): void {
  let max = -Infinity;
  for (let c = 0; c < z.length; c++) max = Math.max(max, (z[c] ?? 0) / temperature);
  let sum = 0;
  for (let c = 0; c < z.length; c++) {
    const e = Math.exp((z[c] ?? 0) / temperature - max);
    z[c] = e;
    sum += e;
  }
  for (let c = 0; c < z.length; c++) z[c] = (z[c] ?? 0) / sum;
}

export function trainSoftmax(xs: readonly FeatureVector[], ys: readonly number[], classes: number, opts: TrainOptions): SoftmaxModel {
  const size = (1 << FEATURE_BITS) * classes;
  const weights = new Float32Array(size);
  const g2 = new Float32Array(size).fill(1e-6);
  const model: SoftmaxModel = { classes, weights, temperature: 1 };
  const order = xs.map((_, i) => i);
  // Seeded, so training is reproducible bit for bit.
  const rand = mulberry32(opts.seed);
  const p = new Float64Array(classes);
  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    // Fisher–Yates with the seeded generator: same order every run.
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      const t = order[i] ?? 0;
      order[i] = order[j] ?? 0;
      order[j] = t;
    }
    for (const i of order) {
      const x = xs[i];
      const y = ys[i];
      if (x === undefined || y === undefined) continue;
      logits(model, x, p);
      softmax(p);
      const w = opts.classWeights?.[y] ?? 1;
      for (let k = 0; k < x.indices.length; k++) {
        const base = (x.indices[k] ?? 0) * classes;
        for (let c = 0; c < classes; c++) {
          const at = base + c;
          const grad = w * ((p[c] ?? 0) - (c === y ? 1 : 0)) * x.value + opts.l2 * (weights[at] ?? 0);
          g2[at] = (g2[at] ?? 0) + grad * grad;
          weights[at] = (weights[at] ?? 0) - (opts.learningRate * grad) / Math.sqrt(g2[at] ?? 1);
        }
      }
    }
  }
  return model;
}

/** Probabilities for every class, temperature-scaled. */
export function predictProba(model: SoftmaxModel, x: FeatureVector): Float64Array {
  const p = new Float64Array(model.classes);
  logits(model, x, p);
  softmax(p, model.temperature);
  return p;
}
