// GET /metrics after real turns over inject: the series exist, and no label value carries visitor
// data (emails, order ids, free text) even when the visitor's messages are full of it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildTestApp } from '../helpers/test-app.js';

const json = { 'content-type': 'application/json' };

const PERSONAL = [
  'jane.doe+orders@example.com', '123456789', '9876543', 'https://instagram.com/jane_private_profile',
  'PAY-7788-XYZ', 'sk_live_abcdef0123456789abcdef0123456789', 'Jane Doe',
];
const TEXTS = [
  'hello there',
  'where is my order 123456789? my email is jane.doe+orders@example.com',
  'order 9876543 for https://instagram.com/jane_private_profile has not started',
  'I paid with reference PAY-7788-XYZ but no funds arrived',
  'my api key sk_live_abcdef0123456789abcdef0123456789 gives "Incorrect request"',
  'I want a refund for order 123456789 right now, I am Jane Doe',
  'let me talk to a human please',
  'thanks, bye',
];

/** Every label value in a Prometheus text exposition. */
function labelValues(text: string): string[] {
  const values: string[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || !line.includes('{')) continue;
    for (const m of line.slice(line.indexOf('{'), line.lastIndexOf('}') + 1).matchAll(/\w+="((?:[^"\\]|\\.)*)"/g)) values.push(m[1] ?? '');
  }
  return values;
}

describe('GET /metrics', () => {
  it('exposes turns, stage latencies, handoffs, guard blocks, breaker and stream gauges as Prometheus text', async (t) => {
    const { app } = await buildTestApp(t, { env: { RATE_LIMIT_PER_CONVERSATION_PER_MINUTE: '0' } });
    const opened = await app.inject({ method: 'POST', url: '/v1/conversations', headers: json, payload: {} });
    const { conversation, token } = opened.json() as { conversation: { id: string }; token: string };
    for (const text of TEXTS) {
      const res = await app.inject({
        method: 'POST', url: `/v1/conversations/${conversation.id}/messages`,
        headers: { ...json, authorization: `Bearer ${token}` }, payload: { text },
      });
      assert.equal(res.statusCode, 200, res.body);
    }
    const res = await app.inject({ method: 'GET', url: '/metrics' });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^text\/plain; version=0\.0\.4/);
    const body = res.body;
    for (const series of [
      'parley_turns_total{', 'parley_turn_stage_duration_seconds_bucket{', 'parley_handoffs_total{',
      'parley_panel_breaker_state ', 'parley_panel_key_refused ', 'parley_sse_open_streams ', 'parley_process_cpu_seconds_total',
      'parley_nodejs_eventloop_lag_seconds', 'parley_process_resident_memory_bytes',
    ]) assert.ok(body.includes(series), `missing ${series}`);
    const turns = [...body.matchAll(/^parley_turns_total\{[^}]*\} (\d+)$/gm)].reduce((sum, m) => sum + Number(m[1]), 0);
    assert.equal(turns, TEXTS.length);
    assert.match(body, /^parley_turn_stage_duration_seconds_count\{stage="total"\} 8$/m);
    assert.match(body, /^parley_turn_stage_duration_seconds_count\{stage="understand"\} 8$/m);
    // The conversation asks for a refund and a person: one handoff opens (its reason is the policy's call).
    const handoffs = [...body.matchAll(/^parley_handoffs_total\{reason="[a-z_]+"\} (\d+)$/gm)].reduce((sum, m) => sum + Number(m[1]), 0);
    assert.equal(handoffs, 1);
    assert.match(body, /^parley_panel_breaker_state 0$/m);
    assert.match(body, /^parley_panel_key_refused 0$/m);
  });

  it('puts no personal data in any label value after turns full of it', async (t) => {
    const { app } = await buildTestApp(t, { env: { RATE_LIMIT_PER_CONVERSATION_PER_MINUTE: '0' } });
    for (let c = 0; c < 3; c++) {
      const opened = await app.inject({ method: 'POST', url: '/v1/conversations', headers: json, payload: { metadata: { page: '/orders/jane.doe@example.com' } } });
      const { conversation, token } = opened.json() as { conversation: { id: string }; token: string };
      for (const text of TEXTS) {
        await app.inject({ method: 'POST', url: `/v1/conversations/${conversation.id}/messages`, headers: { ...json, authorization: `Bearer ${token}` }, payload: { text } });
      }
    }
    const body = (await app.inject({ method: 'GET', url: '/metrics' })).body;
    for (const secret of [...PERSONAL, 'jane.doe@example.com', '@', 'conv', 'pv_']) {
      for (const value of labelValues(body)) assert.ok(!value.includes(secret), `label value ${JSON.stringify(value)} contains ${secret}`);
    }
    for (const secret of PERSONAL) assert.ok(!body.includes(secret), `the scrape contains ${secret}`);
    // Label values are identifiers from closed lists (and the process metrics' handle types and
    // versions): no spaces, @, / or :, so no address, URL or sentence can hide in one.
    for (const value of labelValues(body)) assert.match(value, /^[A-Za-z0-9_.+-]+$/, `unexpected label value ${JSON.stringify(value)}`);
  });

  it('keeps two apps in one process apart (each has its own registry)', async (t) => {
    const first = await buildTestApp(t);
    const second = await buildTestApp(t);
    const opened = await first.app.inject({ method: 'POST', url: '/v1/conversations', headers: json, payload: {} });
    const { conversation, token } = opened.json() as { conversation: { id: string }; token: string };
    await first.app.inject({ method: 'POST', url: `/v1/conversations/${conversation.id}/messages`, headers: { ...json, authorization: `Bearer ${token}` }, payload: { text: 'hello' } });
    const count = async (app: typeof first.app) =>
      /^parley_turn_stage_duration_seconds_count\{stage="total"\} (\d+)$/m.exec((await app.inject({ method: 'GET', url: '/metrics' })).body)?.[1];
    assert.equal(await count(first.app), '1');
    assert.equal(await count(second.app), '0');
  });

  it('with METRICS_TOKEN, answers only a scraper that sends it as a bearer token', async (t) => {
    const token = 'metrics-token-0123456789abcdef0123456789';
    const { app } = await buildTestApp(t, { env: { METRICS_TOKEN: token } });
    for (const authorization of [undefined, 'Bearer wrong-token-0123456789abcdef01234567', `Basic ${token}`, token, `Bearer ${token}x`]) {
      const res = await app.inject({ method: 'GET', url: '/metrics', ...(authorization ? { headers: { authorization } } : {}) });
      assert.equal(res.statusCode, 401, String(authorization));
      assert.equal((res.json() as { error: { code: string } }).error.code, 'unauthorized');
      assert.ok(!res.body.includes('parley_'), 'no metric leaks in the refusal');
    }
    const ok = await app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${token}` } });
    assert.equal(ok.statusCode, 200);
    assert.ok(ok.body.includes('parley_turns_total'));
  });

  it('without METRICS_TOKEN, the route is open (the default)', async (t) => {
    const { app } = await buildTestApp(t);
    assert.equal((await app.inject({ method: 'GET', url: '/metrics' })).statusCode, 200);
  });
});
