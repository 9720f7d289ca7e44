import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '../../../src/errors.js';
import {
  assertCanReply, HANDOFF_STATUSES, TRANSITIONS, transition, type HandoffCommand, type HandoffSnapshot, type HandoffStatus,
} from '../../../src/handoff/state-machine.js';

const snap = (status: HandoffStatus, assignee: string | null = null): HandoffSnapshot => ({ id: 'h1', status, assignee });
const commands: Record<HandoffCommand['kind'], HandoffCommand> = {
  request: { kind: 'request', handoffId: 'h2', reason: 'visitor_asked', summary: 'Buyer asked for a person.' },
  claim: { kind: 'claim', agent: 'sam' },
  resolve: { kind: 'resolve', agent: 'sam', note: 'refunded' },
  expire: { kind: 'expire' },
  cancel: { kind: 'cancel' },
};
/** The assignee each status has when its handoff is Sam's (where that matters). */
const holder = (status: HandoffStatus) => (status === 'assigned' || status === 'resolved' ? 'sam' : null);

const isConflict = (err: unknown) => err instanceof AppError && err.code === 'conflict' && err.httpStatus === 409;

describe('handoff state machine: valid transitions', () => {
  it('opens a handoff when there is none', () => {
    assert.deepEqual(transition(null, commands.request), [
      { type: 'handoff_requested', handoffId: 'h2', reason: 'visitor_asked', summary: 'Buyer asked for a person.' },
    ]);
  });
  it('queued → assigned on claim', () => {
    assert.deepEqual(transition(snap('queued'), commands.claim), [{ type: 'handoff_claimed', handoffId: 'h1', agent: 'sam' }]);
  });
  it('queued → expired', () => {
    assert.deepEqual(transition(snap('queued'), commands.expire), [{ type: 'handoff_expired', handoffId: 'h1' }]);
  });
  it('queued → cancelled by the visitor', () => {
    assert.deepEqual(transition(snap('queued'), commands.cancel), [{ type: 'handoff_cancelled', handoffId: 'h1' }]);
  });
  it('assigned → cancelled by the visitor', () => {
    assert.deepEqual(transition(snap('assigned', 'sam'), commands.cancel), [{ type: 'handoff_cancelled', handoffId: 'h1' }]);
  });
  it('assigned → resolved by the assignee, with the note', () => {
    assert.deepEqual(transition(snap('assigned', 'sam'), commands.resolve), [
      { type: 'handoff_resolved', handoffId: 'h1', agent: 'sam', note: 'refunded' },
    ]);
  });
  for (const terminal of ['resolved', 'expired', 'cancelled'] as const) {
    it(`a ${terminal} handoff lets a later request open a new one`, () => {
      const [event] = transition(snap(terminal, holder(terminal)), commands.request);
      assert.equal(event?.type, 'handoff_requested');
      assert.equal(event?.type === 'handoff_requested' && event.handoffId, 'h2');
    });
  }
});

describe('handoff state machine: idempotent repeats', () => {
  it('claiming what you already hold changes nothing', () => {
    assert.deepEqual(transition(snap('assigned', 'sam'), commands.claim), []);
  });
  it('resolving what you already resolved changes nothing', () => {
    assert.deepEqual(transition(snap('resolved', 'sam'), commands.resolve), []);
  });
});

describe('handoff state machine: every invalid transition is a 409 conflict', () => {
  it('a claim of a handoff another agent holds', () => {
    assert.throws(() => transition(snap('assigned', 'kim'), commands.claim), (err) => isConflict(err) && /kim/.test((err as Error).message));
  });
  it('a resolve by someone who does not hold it', () => {
    assert.throws(() => transition(snap('assigned', 'kim'), commands.resolve), isConflict);
  });
  it('a resolve of a handoff someone else resolved', () => {
    assert.throws(() => transition(snap('resolved', 'kim'), commands.resolve), isConflict);
  });
  it('a resolve of a queued handoff says to claim first', () => {
    assert.throws(() => transition(snap('queued'), commands.resolve), (err) => isConflict(err) && /claim/.test((err as Error).message));
  });

  // Exhaustive: every (status, action) pair not in the table, apart from the idempotent repeats.
  const idempotent = new Set(['assigned:claim', 'resolved:resolve']);
  for (const from of ['none', ...HANDOFF_STATUSES] as const) {
    for (const kind of Object.keys(commands) as HandoffCommand['kind'][]) {
      if (TRANSITIONS[from][kind] || idempotent.has(`${from}:${kind}`)) continue;
      it(`${kind} from ${from}`, () => {
        const current = from === 'none' ? null : snap(from, holder(from));
        assert.throws(() => transition(current, commands[kind]), isConflict);
      });
    }
  }

  it('the table has exactly the documented edges', () => {
    const edges = Object.entries(TRANSITIONS).flatMap(([from, to]) => Object.entries(to).map(([action, next]) => `${from} -${action}-> ${next}`));
    assert.deepEqual(edges.sort(), [
      'assigned -cancel-> cancelled', 'assigned -resolve-> resolved',
      'cancelled -request-> queued', 'expired -request-> queued', 'none -request-> queued',
      'queued -cancel-> cancelled', 'queued -claim-> assigned', 'queued -expire-> expired',
      'resolved -request-> queued',
    ]);
  });
});

describe('who may reply', () => {
  it('only the assignee of an assigned handoff', () => {
    assert.doesNotThrow(() => assertCanReply(snap('assigned', 'sam'), 'sam'));
    assert.throws(() => assertCanReply(snap('assigned', 'kim'), 'sam'), isConflict);
    for (const status of ['queued', 'resolved', 'expired', 'cancelled'] as const) {
      assert.throws(() => assertCanReply(snap(status, holder(status)), 'sam'), isConflict, status);
    }
  });
});
