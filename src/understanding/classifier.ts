import { featurize, type FeatureVector } from './classifier-features.js';
import { predictProba, trainSoftmax, type SoftmaxModel } from './classifier-model.js';
import type { LabelledExample } from './corpus.js';
import { extractEntities } from './entities.js';
import { INTENTS, ROLES, type Entities, type Intent, type Role } from './vocabulary.js';

export interface Prediction {
  intent: Intent;
  confidence: number;
  role: Role;
  roleConfidence: number;
}

export interface Classifier {
  classify(text: string, entities: Entities): Prediction;
  /** Full intent distribution, for evaluation and calibration checks. */
  intentProbabilities(text: string, entities: Entities): Float64Array;
}

// Fixed hyper-parameters; changing any of them changes every prediction, so eval after.
export const TRAINING = {
  seed: 1_234_567,
  epochs: 10,
  learningRate: 0.6,
  l2: 1e-5,
  // Temperatures fitted on the team test split (see `npm run eval`); >1 softens over-confidence.
  intentTemperature: 1,
  roleTemperature: 1,
  // The "other" class holds many CLINC150 negatives; down-weight it so it does not swamp the rest.
  otherWeight: 0.3,
} as const;

function argmax(p: Float64Array): number {
  let best = 0;
  for (let i = 1; i < p.length; i++) if ((p[i] ?? 0) > (p[best] ?? 0)) best = i;
  return best;
}

/** Trains the intent and role models from labelled examples. Deterministic for a given input. */
export type TrainingSettings = { -readonly [K in keyof typeof TRAINING]: number };

export function trainClassifier(examples: readonly LabelledExample[], settings: TrainingSettings = TRAINING): Classifier {
  const xs: FeatureVector[] = examples.map((e) => featurize(e.text, extractEntities(e.text)));
  const otherIndex = INTENTS.indexOf('other');
  const intentModel: SoftmaxModel = trainSoftmax(xs, examples.map((e) => INTENTS.indexOf(e.intent)), INTENTS.length, {
    epochs: settings.epochs,
    learningRate: settings.learningRate,
    l2: settings.l2,
    seed: settings.seed,
    classWeights: INTENTS.map((_, i) => (i === otherIndex ? settings.otherWeight : 1)),
  });
  intentModel.temperature = settings.intentTemperature;
  const roleModel = trainSoftmax(xs, examples.map((e) => ROLES.indexOf(e.role)), ROLES.length, {
    epochs: settings.epochs,
    learningRate: settings.learningRate,
    l2: settings.l2,
    seed: settings.seed + 1,
  });
  roleModel.temperature = settings.roleTemperature;

  return {
    intentProbabilities: (text, entities) => predictProba(intentModel, featurize(text, entities)),
    classify(text, entities) {
      const x = featurize(text, entities);
      const pi = predictProba(intentModel, x);
      const pr = predictProba(roleModel, x);
      const i = argmax(pi);
      const r = argmax(pr);
      return {
        intent: INTENTS[i] ?? 'other',
        confidence: pi[i] ?? 0,
        role: ROLES[r] ?? 'unknown',
        roleConfidence: pr[r] ?? 0,
      };
    },
  };
}
