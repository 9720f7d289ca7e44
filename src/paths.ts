// The project root: the nearest folder above this module whose package.json is Parley's. Found the
// same way from src/*.ts (tsx) and dist/**/*.js (the build), so data files (prompts, the model, the
// demo seed) are always read from where the checkout keeps them, and a package.json some tool puts
// inside dist/ cannot move it.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_NAME = 'parley';

/** Whether `dir` holds Parley's package.json (a missing or unreadable one is not). */
function isProjectRoot(dir: string): boolean {
  try {
    return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: unknown }).name === PACKAGE_NAME;
  } catch {
    return false;
  }
}

function findProjectRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (isProjectRoot(dir)) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json named "${PACKAGE_NAME}" above ${from}`);
  }
}

export const projectRoot = findProjectRoot(dirname(fileURLToPath(import.meta.url)));
export const fromRoot = (...parts: string[]) => join(projectRoot, ...parts);
