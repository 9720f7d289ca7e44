// The production file set cannot drift from the code: every file or folder src/ reads through
// fromRoot() is copied by the Dockerfile's runtime stage (scripts/check-deploy.sh copies the same
// COPY lines), none of them is kept out of the build context by .dockerignore, and the runtime
// imports no package that `npm ci --omit=dev` leaves out.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { fromRoot } from '../../../src/paths.js';

/** Read by `npm run model` and `parley eval` only (training and evaluation), never by the service. */
const DEV_ONLY_PATHS = new Set(['src/understanding/corpus']);
/** Run with tsx from a checkout (`npm run model`), not part of the production install. */
const DEV_ONLY_FILES = new Set(['src/understanding/model-script.ts']);

function sourceFiles(dir = fromRoot('src')): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [relative(fromRoot(), path)] : [];
  });
}

/** The leading string literals of each fromRoot(...) call, as a path: fromRoot('src', 'x', NAME) → src/x. */
function fromRootPaths(file: string): string[] {
  const text = readFileSync(fromRoot(file), 'utf8');
  return [...text.matchAll(/fromRoot\(([^)]*)\)/g)].flatMap(([, args = '']) => {
    const parts: string[] = [];
    for (const arg of args.split(',').map((a) => a.trim())) {
      const literal = /^'([^']+)'$/.exec(arg);
      if (!literal?.[1]) break;
      parts.push(literal[1]);
    }
    return parts.length > 0 ? [parts.join('/')] : [];
  });
}

/** Sources of the runtime stage's COPY lines that come from the build context (not --from=build). */
function dockerfileRuntimeSources(): string[] {
  const dockerfile = readFileSync(fromRoot('Dockerfile'), 'utf8');
  const runtime = dockerfile.slice(dockerfile.search(/^FROM .* AS runtime$/m));
  assert.ok(runtime.startsWith('FROM'), 'the Dockerfile has a runtime stage');
  return runtime.split('\n').filter((l) => l.startsWith('COPY ') && !l.includes('--from=')).flatMap((l) => l.split(/\s+/).slice(1, -1));
}

const covers = (source: string, path: string) => path === source || path.startsWith(`${source}/`);

describe('the production file set', () => {
  const runtimeFiles = sourceFiles().filter((f) => !DEV_ONLY_FILES.has(f));
  const read = [...new Set(runtimeFiles.flatMap(fromRootPaths))].filter((p) => !DEV_ONLY_PATHS.has(p)).sort();
  const copied = dockerfileRuntimeSources();

  it('finds what the service reads', () => {
    // A guard on the scan itself: these are read at every start.
    for (const path of ['prompts', 'public', 'package.json', 'src/storage/sqlite/migrations', 'src/understanding/model']) {
      assert.ok(read.includes(path), `${path} in ${read.join(', ')}`);
    }
  });

  it('the Dockerfile copies every path src/ reads through fromRoot()', () => {
    const missing = read.filter((path) => !copied.some((source) => covers(source, path)));
    assert.deepEqual(missing, [], `add a COPY line to the Dockerfile's runtime stage for: ${missing.join(', ')}`);
  });

  it('.dockerignore keeps none of them out of the build context', () => {
    const ignored = readFileSync(fromRoot('.dockerignore'), 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
    const hidden = copied.filter((source) => ignored.some((pattern) => covers(pattern, source)));
    assert.deepEqual(hidden, []);
  });

  it('the runtime imports only production dependencies', () => {
    const { dependencies } = JSON.parse(readFileSync(fromRoot('package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const builtins = new Set(builtinModules);
    const wrong: string[] = [];
    for (const file of runtimeFiles) {
      const text = readFileSync(fromRoot(file), 'utf8');
      // Static imports and re-exports (type-only ones are erased by the build), and dynamic import().
      const specifiers = [
        ...[...text.matchAll(/^(?:import|export)(?!\s+type\b)[^;]*?\sfrom\s+'([^']+)'/gm)].map((m) => m[1]),
        ...[...text.matchAll(/\bimport\('([^']+)'\)/g)].map((m) => m[1]),
      ];
      for (const specifier of specifiers) {
        if (!specifier || specifier.startsWith('.') || specifier.startsWith('node:') || builtins.has(specifier)) continue;
        const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0];
        if (!name || !(name in dependencies)) wrong.push(`${file}: ${specifier}`);
      }
    }
    assert.deepEqual(wrong, [], 'move these to dependencies, or keep them out of src/');
  });
});
