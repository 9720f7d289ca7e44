import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { awayNotice, whileAway } from '../../../src/policy/away.js';

const away = { reopens: 'Monday 23 Nov, 09:00 (Europe/Berlin)', contact: '@acme_support' };

describe('replies while the team is away', () => {
  it('rewords the replies that would have a person answer soon, and keeps the rest', () => {
    const replies = whileAway([{ key: 'kb-answer', vars: { excerpt: 'x' } }, { key: 'handoff-requested' }, { key: 'handoff-waiting' }, { key: 'queued-acknowledged' }], away);
    assert.deepEqual(replies, [
      { key: 'kb-answer', vars: { excerpt: 'x' } },
      { key: 'handoff-requested-offline', vars: away },
      { key: 'queued-still-offline', vars: away },
      { key: 'queued-acknowledged-offline', vars: away },
    ]);
  });

  it('adds the offline notice to a handoff unless a reply already says when the team is back', () => {
    assert.deepEqual(awayNotice([{ key: 'order-problem-handoff' }], away), [{ key: 'team-offline', vars: away }]);
    assert.deepEqual(awayNotice(whileAway([{ key: 'handoff-requested' }], away), away), []);
  });
});
