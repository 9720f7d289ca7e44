// SEC-01..03 for the client: the key never appears in errors (however serialised) or in logs, even
// when the panel or the transport echoes it back.
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { createPanelClient } from '../../../src/panel/client.js';
import type { PanelClient } from '../../../src/panel/types.js';
import { CANARY_KEY, captureLog, createMockPanel, PANEL_URL, recordingSleep, type MockPanel } from '../../helpers/panel-mock.js';

let panel: MockPanel;
let client: PanelClient;
let logged: () => string;

const ENCODED = encodeURIComponent(CANARY_KEY);

function assertNoKey(text: string, where: string): void {
  assert.equal(text.includes(CANARY_KEY), false, `key leaked in ${where}`);
  assert.equal(text.includes(ENCODED), false, `encoded key leaked in ${where}`);
  assert.equal(text.includes(CANARY_KEY.slice(0, 20)), false, `key prefix leaked in ${where}`);
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection');
}

function assertErrorClean(err: unknown): void {
  assertNoKey(JSON.stringify(err), 'JSON.stringify(error)');
  assertNoKey(inspect(err, { depth: 10 }), 'util.inspect(error)');
  assertNoKey(inspect(err, { depth: 10, showHidden: true }), 'util.inspect(error, showHidden)');
  assertNoKey(String(err), 'String(error)');
  const cause = (err as { cause?: unknown }).cause;
  if (cause !== undefined) assertNoKey(inspect(cause, { depth: 10, showHidden: true }), 'error.cause');
}

beforeEach(() => {
  panel = createMockPanel();
  const capture = captureLog();
  logged = capture.output;
  const { sleep } = recordingSleep();
  client = createPanelClient({
    url: PANEL_URL, key: CANARY_KEY, dispatcher: panel.agent, timeoutMs: 10_000, retries: 1, sleep,
    log: capture.log, breaker: { failureThreshold: 2, coolDownMs: 60_000 },
  });
});
afterEach(async () => {
  await client.close();
  await panel.close();
});

describe('the key never leaks', () => {
  it('not when the panel echoes it in a JSON error, an HTML page, or a 429', async () => {
    panel.on('balance', { status: 200, body: { error: `Invalid API key ${CANARY_KEY}` } });
    panel.on('balance', { status: 401, body: { error: `key=${ENCODED} is not active` } });
    panel.on('balance', { status: 502, body: `<html>upstream failed for key=${CANARY_KEY}</html>`, headers: { 'content-type': 'text/html' } }, 2);
    panel.on('services', { status: 200, body: `{"broken": "${CANARY_KEY}` });
    const errors = [
      await caught(client.balance()),
      await caught(client.balance()),
      await caught(client.balance()),
      await caught(client.services()),
    ];
    for (const err of errors) assertErrorClean(err);
    assert.match((errors[0] as { upstreamText?: string }).upstreamText ?? '', /\[redacted\]/);
    assertNoKey(logged(), 'pino output');
    assert.match(logged(), /panel call failed/, 'the failures were logged');
  });
  it('not when a transport error message contains it', async () => {
    panel.pool.intercept({ path: '/api/v2', method: 'POST' }).replyWithError(new Error(`connect failed for key=${CANARY_KEY}`)).times(2);
    const err = await caught(client.balance());
    assertErrorClean(err);
    assertNoKey(logged(), 'pino output');
  });
  it('not in breaker, retry and success logs', async () => {
    panel.on('status', { status: 503, body: { error: 'down' } }, 4);
    await caught(client.status('1'));
    await caught(client.status('2'));
    const err = await caught(client.status('3'));
    assertErrorClean(err);
    const out = logged();
    assert.match(out, /panel circuit open/);
    assert.match(out, /panel call retrying/);
    assertNoKey(out, 'pino output');
  });
  it('not in the client object itself', () => {
    assertNoKey(JSON.stringify(client), 'JSON.stringify(client)');
    assertNoKey(inspect(client, { depth: 5 }), 'util.inspect(client)');
  });
});
