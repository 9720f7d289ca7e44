import { classifierFrom, type Classifier } from './classifier.js';
import { loadCorpus, type LabelledExample } from './corpus.js';
import { extractEntities } from './entities.js';
import { loadShippedModels } from './model-file.js';
import { clampText } from './limits.js';
import { redact } from './redact.js';
import type { Redaction, Understanding } from './vocabulary.js';

export interface Understander {
  /** Role, intent, confidence and entities of one message whose secrets were already redacted. Pure. */
  understand(redactedText: string): Understanding;
}

/** The corpus the shipped understander trains on (the team test split stays out). */
export function trainingExamples(): LabelledExample[] {
  return [...loadCorpus('train'), ...loadCorpus('clinc150-train-sample')];
}

export function createUnderstander(classifier: Classifier): Understander {
  return {
    understand(redactedText) {
      const text = clampText(redactedText);
      const entities = extractEntities(text);
      const p = classifier.classify(text, entities);
      return { role: p.role, roleConfidence: p.roleConfidence, intent: p.intent, confidence: p.confidence, entities };
    },
  };
}

let shared: Understander | undefined;

/**
 * The understander, loaded once per process from the shipped model file (model-file.ts: trained
 * from the corpus by `npm run model`, int8 weights; a few milliseconds). Later calls return the
 * same instance.
 */
export function loadUnderstander(): Understander {
  shared ??= createUnderstander(classifierFrom(loadShippedModels()));
  return shared;
}

/** A visitor's message with its secrets redacted, and what it says. */
export interface Analysis {
  redaction: Redaction;
  understanding: Understanding;
}

/** Redacts, then understands: the convenience for callers holding raw user text. */
export function understandMessage(rawText: string, understander: Understander = loadUnderstander()): Analysis {
  const redaction = redact(rawText);
  return { redaction, understanding: understander.understand(redaction.text) };
}
