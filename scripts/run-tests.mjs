#!/usr/bin/env node
// Runs every test file under test/ with node's own test runner (Node 20 has no --test globs).
// Usage: npm test [-- <path filter>...]   e.g. npm test -- test/unit
//
// No file can hang the run: --test-timeout bounds each file (the runner stops its process with
// SIGTERM and reports "test timed out") as well as each test in it that sets no limit of its own.
// PARLEY_TEST_FILE_TIMEOUT_MS changes the limit, e.g. to debug a test under a debugger.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, relative } from 'node:path';

// The slowest file (the browser test) takes under a minute on a busy 2-core machine; a file still
// running after this long is stuck, not slow.
const FILE_TIMEOUT_MS = Number(process.env.PARLEY_TEST_FILE_TIMEOUT_MS ?? 180_000);
// Files spend much of their time waiting on child processes, sockets and timers: two at a time
// even on two cores (node's default there is one), which keeps `npm test` under five minutes.
const CONCURRENCY = Math.max(2, availableParallelism() - 1);

const root = new URL('..', import.meta.url).pathname;
const filters = process.argv.slice(2);

function* walk(dir) {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* walk(path);
    else if (name.endsWith('.test.ts')) yield relative(root, path);
  }
}

if (!Number.isInteger(FILE_TIMEOUT_MS) || FILE_TIMEOUT_MS <= 0) {
  console.error('PARLEY_TEST_FILE_TIMEOUT_MS must be a positive whole number of milliseconds');
  process.exit(2);
}
const files = [...walk(join(root, 'test'))].filter((f) => filters.length === 0 || filters.some((p) => f.startsWith(p)));
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}
const result = spawnSync(process.execPath, [
  '--import', 'tsx', '--test', '--test-reporter=spec', `--test-timeout=${FILE_TIMEOUT_MS}`, `--test-concurrency=${CONCURRENCY}`, ...files,
], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, NODE_ENV: 'test' },
});
process.exit(result.status ?? 1);
