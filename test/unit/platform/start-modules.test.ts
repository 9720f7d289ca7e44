// Modules a start does not load (each is tens of ms of a ~0.8 s cold start on the benchmark
// machine). Child processes, for a fresh module cache: undici only at the panel client's first
// call; fastify's default schema compilers (ajv, the fast-json-stringify compiler) never, since
// every fastify instance here is given zod's. (fastify's own error serializer still loads
// fast-json-stringify's small runtime, lib/serializer.js.)
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { fromRoot } from '../../../src/paths.js';

const src = (path: string) => JSON.stringify(pathToFileURL(fromRoot('src', path)).href);

const LOADED = `
import { createRequire } from 'node:module';
const cache = createRequire(import.meta.url).cache;
const loaded = (module) => Object.keys(cache).some((path) => path.includes('/node_modules/' + module));
`;

function runChild(script: string): Record<string, unknown> {
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '--eval', LOADED + script], {
    cwd: fromRoot(), encoding: 'utf8', timeout: 60_000,
  });
  assert.equal(child.status, 0, child.stderr);
  return JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, unknown>;
}

describe('modules a start leaves unloaded', () => {
  it('undici: the panel client loads it at its first call, not when the server starts or the client is made', () => {
    const seen = runChild(`
      await import(${src('server.ts')});
      await import(${src('app.ts')});
      const { createPanelClient } = await import(${src('panel/client.ts')});
      const { startSandboxPanel } = await import(${src('sandbox/server.ts')});
      const { demoSeedPath, loadSeed } = await import(${src('sandbox/seed.ts')});
      const sandbox = await startSandboxPanel({ seed: loadSeed(demoSeedPath) });
      const client = createPanelClient({ url: sandbox.url, key: sandbox.key, timeoutMs: 5000 });
      const beforeFirstCall = loaded('undici/');
      const services = await client.services();
      const afterFirstCall = loaded('undici/');
      await client.close();
      await sandbox.close();
      console.log(JSON.stringify({ beforeFirstCall, afterFirstCall, services: services.length }));
    `);
    assert.equal(seen.beforeFirstCall, false);
    assert.equal(seen.afterFirstCall, true);
    assert.ok(Number(seen.services) > 0, 'the first call was answered');
  });

  it('ajv and the fast-json-stringify compiler: never, in a demo server that has validated and answered requests', () => {
    const databasePath = join(mkdtempSync(join(tmpdir(), 'parley-start-modules-')), 'parley.db');
    const seen = runChild(`
      const { loadConfig } = await import(${src('config.ts')});
      const { startServer } = await import(${src('server.ts')});
      const { createLogger } = await import(${src('observability/logger.ts')});
      const config = loadConfig({ DATABASE_PATH: ${JSON.stringify(databasePath)}, HOST: '127.0.0.1', PORT: '0' });
      const server = await startServer(config, createLogger('silent', { write() {} }));
      const bad = await server.app.inject({ method: 'POST', url: '/v1/conversations', headers: { 'content-type': 'application/json' }, payload: { locale: 42 } });
      const opened = await server.app.inject({ method: 'POST', url: '/v1/conversations', headers: { 'content-type': 'application/json' }, payload: {} });
      await server.close();
      console.log(JSON.stringify({ bad: bad.statusCode, opened: opened.statusCode, ajv: loaded('ajv/'), compiler: loaded('fast-json-stringify/index.js') }));
    `);
    assert.deepEqual(seen, { bad: 400, opened: 201, ajv: false, compiler: false });
  });
});
