// `parley sandbox`: prints the URL and key as .env lines, serves until SIGINT, rejects bad flags.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runSandboxCommand } from '../../src/sandbox/command.js';

function captureStream(t: import('node:test').TestContext, stream: NodeJS.WriteStream): () => string {
  const chunks: string[] = [];
  t.mock.method(stream, 'write', (chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    return true;
  });
  return () => chunks.join('');
}

describe('sandbox command', () => {
  it('prints PANEL_URL and PANEL_API_KEY, answers, and stops on SIGINT', async (t) => {
    const stdout = captureStream(t, process.stdout);
    captureStream(t, process.stderr);
    const running = runSandboxCommand(['--key', 'cli-test-key']);
    t.after(() => { process.emit('SIGINT'); }); // stops the sandbox even when an assertion failed
    while (!stdout().includes('PANEL_API_KEY=')) await new Promise((resolve) => setTimeout(resolve, 10));
    const url = /PANEL_URL=(\S+)/.exec(stdout())?.[1] ?? '';
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/api\/v2$/);
    assert.match(stdout(), /PANEL_API_KEY=cli-test-key\n/);
    const res = await fetch(url, { method: 'POST', body: new URLSearchParams({ key: 'cli-test-key', action: 'balance' }) });
    assert.deepEqual(await res.json(), { balance: '250.00000', currency: 'USD' });
    process.emit('SIGINT');
    assert.equal(await running, 0);
    await assert.rejects(fetch(url, { method: 'POST' }));
  });
  it('rejects unknown flags and bad ports with exit code 2', async (t) => {
    const stderr = captureStream(t, process.stderr);
    assert.equal(await runSandboxCommand(['--bogus']), 2);
    assert.equal(await runSandboxCommand(['--port', 'abc']), 2);
    assert.match(stderr(), /usage: parley sandbox/);
  });
  it('fails clearly on a missing seed file', async () => {
    await assert.rejects(runSandboxCommand(['--seed', '/nonexistent/seed.json']), /file not found/);
  });
});
