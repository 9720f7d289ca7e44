import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { classifierFrom, trainClassifier, trainModels } from '../../../src/understanding/classifier.js';
import { loadCorpus } from '../../../src/understanding/corpus.js';
import { extractEntities } from '../../../src/understanding/entities.js';
import { decodeModels, encodeModels, loadShippedModels, modelFilePath, quantiseModels } from '../../../src/understanding/model-file.js';
import { trainingExamples } from '../../../src/understanding/understand.js';

const trained = trainModels(trainingExamples());

describe('shipped classifier model file', () => {
  it('holds exactly what a fresh deterministic training run encodes (run `npm run model` after changing the corpus)', () => {
    const shipped = gunzipSync(readFileSync(modelFilePath()));
    assert.ok(shipped.equals(encodeModels(trained)), 'src/understanding/model/classifier.bin.gz is stale: run npm run model');
  });

  it('stays small', () => {
    assert.ok(readFileSync(modelFilePath()).length < 1_000_000);
  });

  it('decodes to the quantised training result, weight for weight', () => {
    const loaded = loadShippedModels();
    const expected = quantiseModels(trained);
    assert.deepEqual(loaded.intent.weights, expected.intent.weights);
    assert.deepEqual(loaded.role.weights, expected.role.weights);
    assert.equal(loaded.intent.temperature, trained.intent.temperature);
    assert.equal(loaded.role.temperature, trained.role.temperature);
    assert.deepEqual(loaded.shrink, trained.shrink);
    assert.deepEqual([...loaded.evidence.phrases].sort(), [...trained.evidence.phrases].sort());
    assert.deepEqual(new Map([...loaded.evidence.purity].sort()), new Map([...trained.evidence.purity].sort()));
    assert.ok(encodeModels(decodeModels(encodeModels(trained))).equals(encodeModels(trained)));
  });

  it('int8 weights predict the same labels as the full-precision ones, confidences within 0.01', () => {
    const exact = trainClassifier(trainingExamples());
    const shipped = classifierFrom(loadShippedModels());
    for (const e of [...loadCorpus('test'), ...loadCorpus('train')]) {
      const entities = extractEntities(e.text);
      const a = exact.classify(e.text, entities);
      const b = shipped.classify(e.text, entities);
      assert.equal(b.intent, a.intent, e.text);
      assert.equal(b.role, a.role, e.text);
      assert.ok(Math.abs(a.confidence - b.confidence) < 0.01, e.text);
      assert.ok(Math.abs(a.roleConfidence - b.roleConfidence) < 0.01, e.text);
    }
  });

  it('refuses a file that is not a model', () => {
    assert.throws(() => decodeModels(Buffer.from('not a model at all')), /not a Parley classifier/);
  });
});
