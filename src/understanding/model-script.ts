// `npm run model`: trains the classifier from the corpus (deterministic) and writes the shipped
// model file, src/understanding/model/classifier.bin.gz. Run it after changing the corpus, the
// features or TRAINING; test/unit/understanding/model-file.test.ts fails until you do.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fromRoot } from '../paths.js';
import { trainModels } from './classifier.js';
import { encodeModels, MODEL_FILE_NAME } from './model-file.js';
import { trainingExamples } from './understand.js';

const started = performance.now();
const examples = trainingExamples();
const bytes = encodeModels(trainModels(examples));
const path = fromRoot('src', 'understanding', 'model', MODEL_FILE_NAME);
mkdirSync(dirname(path), { recursive: true });
const gz = gzipSync(bytes, { level: 9 });
writeFileSync(path, gz);
process.stdout.write(`trained on ${examples.length} examples in ${Math.round(performance.now() - started)} ms; wrote ${path} (${gz.length} bytes, ${bytes.length} uncompressed)\n`);
