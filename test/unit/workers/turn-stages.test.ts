import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTurnStages } from '../../../src/workers/turn-stages.js';

const texts = [
  'where is my order 4829113?',
  'my api key is a7f3e9b21c4d58e6f0a1b2c3d4e5f607 and it fails',
  'my api returns "Incorrect request", what does it mean?',
  'how do I connect my WooCommerce store?',
  'what is the capital of France',
];
const replies = [
  { text: 'Order 4829113 is in progress.', facts: ['where is my order 4829113?'], quoted: [] },
  { text: 'We will refund you within 24 hours, guaranteed.', facts: [], quoted: [] },
];

describe('turn stages on a worker thread', () => {
  it('analyse and check on a worker give exactly what they give on the main thread', async (t) => {
    const inThread = createTurnStages({ threads: 0 });
    const onWorker = createTurnStages({ threads: 1 });
    t.after(() => onWorker.close());
    for (const text of texts) assert.deepEqual(await onWorker.analyse(text), await inThread.analyse(text), text);
    const checked = await onWorker.check(replies);
    assert.deepEqual(checked, await inThread.check(replies));
    assert.deepEqual(checked[0], [], 'a reply that only repeats a fact passes');
    assert.ok((checked[1] ?? []).length > 0, 'a promise is caught on the worker too');
  });

  it('redacts a secret on the worker before anything is understood', async (t) => {
    const onWorker = createTurnStages({ threads: 1 });
    t.after(() => onWorker.close());
    const { redaction } = await onWorker.analyse(texts[1] as string);
    assert.ok(!redaction.text.includes('a7f3e9b21c4d58e6f0a1b2c3d4e5f607'));
    assert.deepEqual(redaction.secrets, ['api_key']);
  });
});
