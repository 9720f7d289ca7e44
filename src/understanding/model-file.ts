// The trained classifier as a shipped file, so a start loads weights (milliseconds) instead of
// training them (over a second). `npm run model` regenerates it from the corpus; a unit test trains
// afresh and checks the shipped file holds exactly those bytes, so it cannot drift from the corpus.
//
// Format (gzip of): "PARLEYCLF1", a little-endian u32 header length, the JSON header, then the
// touched feature rows (i32 ascending), then per model (intent, role) one f32 scale per row and
// one i8 weight per row and class: weight = q × scale, scale = the row's max |weight| / 127.
// Rows no training example touched are all zero and are not stored.
import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { fromRoot } from '../paths.js';
import { FEATURE_BITS } from './classifier-features.js';
import type { ShortEvidence, TrainedModels } from './classifier.js';
import type { SoftmaxModel } from './classifier-model.js';
import { INTENTS, ROLES } from './vocabulary.js';

const MAGIC = 'PARLEYCLF1';
export const MODEL_FILE_NAME = 'classifier.bin.gz';

interface Header {
  featureBits: number;
  intents: readonly string[];
  roles: readonly string[];
  rows: number;
  temperatures: { intent: number; role: number };
  shrink: TrainedModels['shrink'];
  phrases: string[];
  purity: [string, number][];
}

/** Where the shipped file lives (the builds read it from src/, as the sources do). */
export function modelFilePath(): string {
  const path = fromRoot('src', 'understanding', 'model', MODEL_FILE_NAME);
  if (!existsSync(path)) throw new Error(`classifier model not found (src/understanding/model/${MODEL_FILE_NAME}); run npm run model`);
  return path;
}

/** Rounds every weight to its stored precision: what a classifier loaded from the file computes with. */
export function quantiseModels(models: TrainedModels): TrainedModels {
  const { rows } = touchedRows(models);
  return { ...models, intent: roundTrip(models.intent, rows), role: roundTrip(models.role, rows) };
}

function touchedRows(models: TrainedModels): { rows: number[] } {
  const rows: number[] = [];
  for (let r = 0; r < 1 << FEATURE_BITS; r++) {
    if (rowMax(models.intent, r) > 0 || rowMax(models.role, r) > 0) rows.push(r);
  }
  return { rows };
}

function rowMax(model: SoftmaxModel, row: number): number {
  let max = 0;
  for (let c = 0; c < model.classes; c++) max = Math.max(max, Math.abs(model.weights[row * model.classes + c] ?? 0));
  return max;
}

/** One row's scale and int8 weights. */
function quantiseRow(model: SoftmaxModel, row: number, q: Int8Array, at: number): number {
  const scale = Math.fround(rowMax(model, row) / 127);
  for (let c = 0; c < model.classes; c++) {
    const w = model.weights[row * model.classes + c] ?? 0;
    q[at + c] = scale === 0 ? 0 : Math.max(-127, Math.min(127, Math.round(w / scale)));
  }
  return scale;
}

function roundTrip(model: SoftmaxModel, rows: readonly number[]): SoftmaxModel {
  const weights = new Float32Array(model.weights.length);
  const q = new Int8Array(model.classes);
  for (const r of rows) {
    const scale = quantiseRow(model, r, q, 0);
    for (let c = 0; c < model.classes; c++) weights[r * model.classes + c] = (q[c] ?? 0) * scale;
  }
  return { classes: model.classes, weights, temperature: model.temperature };
}

/** The uncompressed file contents for trained models. Deterministic: same models, same bytes. */
export function encodeModels(models: TrainedModels): Buffer {
  const { rows } = touchedRows(models);
  const header: Header = {
    featureBits: FEATURE_BITS,
    intents: INTENTS,
    roles: ROLES,
    rows: rows.length,
    temperatures: { intent: models.intent.temperature, role: models.role.temperature },
    shrink: models.shrink,
    phrases: [...models.evidence.phrases].sort(),
    purity: [...models.evidence.purity].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const parts: Buffer[] = [Buffer.from(MAGIC, 'latin1'), u32(json.length), json, Buffer.from(Int32Array.from(rows).buffer)];
  for (const model of [models.intent, models.role]) {
    const scales = new Float32Array(rows.length);
    const q = new Int8Array(rows.length * model.classes);
    rows.forEach((r, i) => {
      scales[i] = quantiseRow(model, r, q, i * model.classes);
    });
    parts.push(Buffer.from(scales.buffer), Buffer.from(q.buffer));
  }
  return Buffer.concat(parts);
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
}

/** Reads what `encodeModels` wrote; refuses a file made for other labels or feature sizes. */
export function decodeModels(bytes: Buffer): TrainedModels {
  if (bytes.toString('latin1', 0, MAGIC.length) !== MAGIC) throw new Error('not a Parley classifier model file');
  let at = MAGIC.length;
  const headerLength = bytes.readUInt32LE(at);
  at += 4;
  const header = JSON.parse(bytes.toString('utf8', at, at + headerLength)) as Header;
  at += headerLength;
  if (header.featureBits !== FEATURE_BITS || header.intents.join() !== INTENTS.join() || header.roles.join() !== ROLES.join()) {
    throw new Error('the classifier model file was made for other labels or features; run npm run model');
  }
  const take = (n: number): Buffer => {
    const slice = Buffer.from(bytes.subarray(at, at + n)); // a copy: typed arrays need aligned offsets
    at += n;
    return slice;
  };
  const n = header.rows;
  const rows = new Int32Array(take(n * 4).buffer, 0, n);
  const read = (classes: number, temperature: number): SoftmaxModel => {
    const scales = new Float32Array(take(n * 4).buffer, 0, n);
    const q = new Int8Array(take(n * classes).buffer, 0, n * classes);
    const weights = new Float32Array((1 << FEATURE_BITS) * classes);
    for (let i = 0; i < n; i++) {
      const base = (rows[i] ?? 0) * classes;
      const scale = scales[i] ?? 0;
      for (let c = 0; c < classes; c++) weights[base + c] = (q[i * classes + c] ?? 0) * scale;
    }
    return { classes, weights, temperature };
  };
  const intent = read(INTENTS.length, header.temperatures.intent);
  const role = read(ROLES.length, header.temperatures.role);
  const evidence: ShortEvidence = { phrases: new Set(header.phrases), purity: new Map(header.purity) };
  return { intent, role, evidence, shrink: header.shrink };
}

/** The shipped models (gunzip + decode; a few milliseconds). */
export function loadShippedModels(path = modelFilePath()): TrainedModels {
  return decodeModels(gunzipSync(readFileSync(path)));
}
