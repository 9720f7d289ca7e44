import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { fromRoot } from '../paths.js';
import { INTENTS, ROLES, type Intent, type Role } from './vocabulary.js';

// The training corpus lives beside this file as JSON Lines, written by the team:
//   train.jsonl                  hand-written messages (the classifier trains on these)
//   clinc150-train-sample.jsonl  negatives and small talk from CLINC150 train/oos_train (CC BY 3.0)
//   test.jsonl                   the team's held-out split, used only by `eval`

export interface LabelledExample {
  text: string;
  intent: Intent;
  role: Role;
}

const Example = z.object({ text: z.string().min(1), intent: z.enum(INTENTS), role: z.enum(ROLES) });

export type CorpusPart = 'train' | 'test' | 'clinc150-train-sample';

/** The corpus folder (the builds read it from src/, as the sources do). */
export function corpusDir(): string {
  const path = fromRoot('src', 'understanding', 'corpus');
  if (!existsSync(path)) throw new Error('understanding corpus not found (src/understanding/corpus)');
  return path;
}

export function parseCorpus(jsonl: string, source: string): LabelledExample[] {
  return jsonl
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, i) => {
      const parsed = Example.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`${source}:${i + 1}: ${parsed.error.message}`);
      return parsed.data;
    });
}

export function loadCorpus(part: CorpusPart): LabelledExample[] {
  const file = join(corpusDir(), `${part}.jsonl`);
  return parseCorpus(readFileSync(file, 'utf8'), file);
}
