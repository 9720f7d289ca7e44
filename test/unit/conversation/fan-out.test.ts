// Live listeners: one that throws is reported and skipped, the others still hear the update, and
// the publisher (a committed turn) never sees the error.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createConversationBus, type LiveUpdate } from '../../../src/conversation/bus.js';
import { createFanOut } from '../../../src/conversation/fan-out.js';
import type { StoredEvent } from '../../../src/conversation/events.js';
import { initialState } from '../../../src/conversation/state.js';
import { createHandoffFeed, type AgentUpdate } from '../../../src/handoff/feed.js';
import type { HandoffReader } from '../../../src/handoff/view.js';

const state: LiveUpdate = { kind: 'state', state: { role: 'buyer', intent: null, awaiting: null, collected: {}, handoff: 'none' } };

describe('fan-out', () => {
  it('tells every listener, reports one that throws, and lets listeners leave while being told', () => {
    const errors: unknown[] = [];
    const fanOut = createFanOut<number>((err) => errors.push(err));
    const heard: string[] = [];
    const leave = fanOut.subscribe((n) => {
      heard.push(`a${n}`);
      leave();
    });
    fanOut.subscribe(() => {
      throw new Error('socket gone');
    });
    fanOut.subscribe((n) => heard.push(`c${n}`));
    fanOut.publish(1);
    fanOut.publish(2);
    assert.deepEqual(heard, ['a1', 'c1', 'c2']);
    assert.equal(errors.length, 2);
    assert.equal(fanOut.count(), 2);
  });
});

describe('conversation bus', () => {
  it('keeps conversations apart, survives a throwing listener, and forgets a conversation nobody watches', () => {
    const errors: unknown[] = [];
    const bus = createConversationBus((err) => errors.push(err));
    const heard: string[] = [];
    bus.subscribe('c-1', () => {
      throw new Error('boom');
    });
    const stop = bus.subscribe('c-1', (u) => heard.push(`c-1 ${u.kind}`));
    bus.subscribe('c-2', (u) => heard.push(`c-2 ${u.kind}`));
    assert.doesNotThrow(() => bus.publish('c-1', state));
    stop();
    bus.publish('c-1', state);
    bus.publish('c-3', state); // nobody listens: nothing happens
    assert.deepEqual(heard, ['c-1 state']);
    assert.equal(errors.length, 2);
  });

  it('says whether anyone listens to a conversation, until the last listener leaves', () => {
    const bus = createConversationBus();
    assert.equal(bus.listening('c-1'), false);
    const first = bus.subscribe('c-1', () => undefined);
    const second = bus.subscribe('c-1', () => undefined);
    assert.equal(bus.listening('c-1'), true);
    assert.equal(bus.listening('c-2'), false);
    first();
    assert.equal(bus.listening('c-1'), true);
    second();
    assert.equal(bus.listening('c-1'), false);
  });
});

describe('handoff feed', () => {
  it('reports its own failures instead of rejecting into the live updates that fed it', async () => {
    const errors: unknown[] = [];
    const broken = { get: async () => { throw new Error('database is locked'); } } as unknown as HandoffReader;
    const feed = createHandoffFeed(broken, (err) => errors.push(err));
    const heard: AgentUpdate[] = [];
    feed.subscribe((u) => heard.push(u));
    const events: StoredEvent[] = [{ type: 'handoff_requested', handoffId: 'h-1', reason: 'visitor_asked', summary: '', seq: 3, at: '2026-11-30T12:00:00.000Z' }];
    await feed.told('c-1', { ...initialState, handoff: 'queued', handoffId: 'h-1' }, events); // resolves
    assert.equal(heard.length, 0);
    assert.match(String(errors[0]), /database is locked/);
  });
});
