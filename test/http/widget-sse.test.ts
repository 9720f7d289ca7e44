// The visitor's event stream over a real socket: new messages and state changes, after commit.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { takeEvents, type SseEvent } from '../helpers/sse.js';
import { buildTestApp } from '../helpers/test-app.js';

/** Reads server-sent events from a fetch body until `enough` says stop (or the deadline passes). */
async function collect(body: ReadableStream<Uint8Array>, enough: (events: SseEvent[]) => boolean, deadlineMs = 15_000): Promise<SseEvent[]> {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  const events: SseEvent[] = [];
  let buffer = '';
  const timer = setTimeout(() => void reader.cancel(), deadlineMs);
  try {
    while (!enough(events)) {
      const { value, done } = await reader.read();
      if (done) break;
      const taken = takeEvents(buffer + value);
      buffer = taken.rest;
      events.push(...taken.events);
    }
  } finally {
    clearTimeout(timer);
    await reader.cancel().catch(() => undefined);
  }
  return events;
}

describe('GET /v1/conversations/:id/events', () => {
  it('streams the visitor\'s and the bot\'s messages and the new state', async (t) => {
    const { app } = await buildTestApp(t);
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    const opened = (await app.inject({ method: 'POST', url: '/v1/conversations' })).json() as { conversation: { id: string }; token: string };
    const id = opened.conversation.id;
    const stream = await fetch(`${base}/v1/conversations/${id}/events?token=${opened.token}`);
    assert.equal(stream.status, 200);
    assert.match(stream.headers.get('content-type') ?? '', /text\/event-stream/);
    const reading = collect(stream.body as ReadableStream<Uint8Array>, (events) => events.some((e) => e.event === 'state'));
    await app.inject({ method: 'POST', url: `/v1/conversations/${id}/messages`, headers: { authorization: `Bearer ${opened.token}`, 'content-type': 'application/json' }, payload: { text: 'hello' } });
    const events = await reading;
    const messages = events.filter((e) => e.event === 'message').map((e) => e.data as { from: string; text: string });
    assert.deepEqual(messages.map((m) => m.from), ['user', 'bot']);
    assert.equal(messages[0]?.text, 'hello');
    assert.ok(events.some((e) => e.event === 'state'));
  });

  it('carries the security headers and, for a listed origin, CORS, like every other answer', async (t) => {
    const origin = 'https://help.example.com';
    const { app } = await buildTestApp(t, { env: { CORS_ORIGINS: origin } });
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    const opened = (await app.inject({ method: 'POST', url: '/v1/conversations' })).json() as { conversation: { id: string }; token: string };
    const abort = new AbortController();
    const stream = await fetch(`${base}/v1/conversations/${opened.conversation.id}/events?token=${opened.token}`, { headers: { origin }, signal: abort.signal });
    assert.equal(stream.status, 200);
    assert.equal(stream.headers.get('x-frame-options'), 'DENY');
    assert.equal(stream.headers.get('referrer-policy'), 'no-referrer');
    assert.match(stream.headers.get('strict-transport-security') ?? '', /max-age=/);
    assert.equal(stream.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(stream.headers.get('access-control-allow-origin'), origin);
    assert.equal(stream.headers.get('cache-control'), 'no-cache, no-transform');
    abort.abort();
  });

  it('accepts the token as a Bearer header too, and refuses a wrong one with the usual 401', async (t) => {
    const { app } = await buildTestApp(t);
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    const opened = (await app.inject({ method: 'POST', url: '/v1/conversations' })).json() as { conversation: { id: string }; token: string };
    const wrong = await fetch(`${base}/v1/conversations/${opened.conversation.id}/events?token=pv_wrong`);
    assert.equal(wrong.status, 401);
    assert.equal(((await wrong.json()) as { error: { code: string } }).error.code, 'unauthorized');
    const ok = await fetch(`${base}/v1/conversations/${opened.conversation.id}/events`, { headers: { authorization: `Bearer ${opened.token}` } });
    assert.equal(ok.status, 200);
    await ok.body?.cancel();
  });

  it('limits open streams per conversation', async (t) => {
    const { app } = await buildTestApp(t);
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    const opened = (await app.inject({ method: 'POST', url: '/v1/conversations' })).json() as { conversation: { id: string }; token: string };
    const url = `${base}/v1/conversations/${opened.conversation.id}/events?token=${opened.token}`;
    const streams = await Promise.all(Array.from({ length: 5 }, () => fetch(url)));
    assert.ok(streams.every((s) => s.status === 200));
    const sixth = await fetch(url);
    assert.equal(sixth.status, 429);
    for (const s of streams) await s.body?.cancel();
  });
});
