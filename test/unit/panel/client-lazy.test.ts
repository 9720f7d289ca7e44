// undici is the largest module the server would load at start; the panel client imports it at its
// first call instead. A child process (a fresh module cache) imports the server's modules, makes a
// client, and looks for undici in the module cache before and after that call.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { fromRoot } from '../../../src/paths.js';

const src = (path: string) => JSON.stringify(pathToFileURL(fromRoot('src', path)).href);

const CHILD = `
import { createRequire } from 'node:module';
const cache = createRequire(import.meta.url).cache;
const undiciLoaded = () => Object.keys(cache).some((path) => path.includes('/node_modules/undici/'));
await import(${src('server.ts')});
await import(${src('app.ts')});
const { createPanelClient } = await import(${src('panel/client.ts')});
const { startSandboxPanel } = await import(${src('panel/sandbox/server.ts')});
const { demoSeedPath, loadSeed } = await import(${src('panel/sandbox/seed.ts')});
const sandbox = await startSandboxPanel({ seed: loadSeed(demoSeedPath) });
const client = createPanelClient({ url: sandbox.url, key: sandbox.key, timeoutMs: 5000 });
const beforeFirstCall = undiciLoaded();
const services = await client.services();
const afterFirstCall = undiciLoaded();
await client.close();
await sandbox.close();
console.log(JSON.stringify({ beforeFirstCall, afterFirstCall, services: services.length }));
`;

describe('the panel client', () => {
  it('loads undici at its first call, not when the server starts or the client is made', () => {
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '--eval', CHILD], {
      cwd: fromRoot(), encoding: 'utf8', timeout: 60_000,
    });
    assert.equal(child.status, 0, child.stderr);
    const seen = JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '{}') as { beforeFirstCall: boolean; afterFirstCall: boolean; services: number };
    assert.equal(seen.beforeFirstCall, false);
    assert.equal(seen.afterFirstCall, true);
    assert.ok(seen.services > 0, 'the first call was answered');
  });
});
