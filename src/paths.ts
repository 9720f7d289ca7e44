// The project root: the nearest folder above this module with a package.json. Found the same way
// from src/*.ts (tsx), dist/**/*.js (tsc) and dist/bundle/*.js (the bundle `npm start` runs), so
// data files (prompts, the model, the demo seed) are always read from where the checkout has them.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findProjectRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

export const projectRoot = findProjectRoot(dirname(fileURLToPath(import.meta.url)));
export const fromRoot = (...parts: string[]) => join(projectRoot, ...parts);
