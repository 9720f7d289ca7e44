import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import { projectRoot } from '../../../src/paths.js';
import { runEvalCommand, runUnderstandCommand } from '../../../src/understanding/command.js';

async function run(input: string): Promise<{ code: number; lines: Record<string, unknown>[] }> {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  let text = '';
  stdout.on('data', (c: Buffer) => { text += c.toString('utf8'); });
  stdin.end(input);
  const code = await runUnderstandCommand(stdin, stdout);
  return { code, lines: text.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('understand command', () => {
  it('answers one JSON line per input line, in order, passing other fields through', async () => {
    const { code, lines } = await run([
      JSON.stringify({ i: 0, text: 'where is order 4829113', extra: { a: 1 } }),
      JSON.stringify({ i: 1, text: 'hello' }),
      JSON.stringify({ i: 2, text: 'email me at Ana@Mail.com' }),
    ].join('\n') + '\n');
    assert.equal(code, 0);
    assert.equal(lines.length, 3);
    assert.deepEqual(lines.map((l) => l.i), [0, 1, 2]);
    assert.deepEqual(lines[0]?.extra, { a: 1 });
    assert.equal(lines[0]?.text, 'where is order 4829113');
    assert.deepEqual(lines[0]?.entities, { order_id: ['4829113'] });
    assert.deepEqual(lines[2]?.entities, { email: ['ana@mail.com'] });
    for (const l of lines) {
      assert.equal(typeof l.intent, 'string');
      assert.equal(typeof l.role, 'string');
      assert.equal(typeof l.confidence, 'number');
      assert.deepEqual(l.secrets, []);
    }
  });

  it('reports malformed lines with an error field and carries on', async () => {
    const { code, lines } = await run('not json\n{"no_text":1}\n[1,2]\n{"text":"bye"}\n');
    assert.equal(code, 0);
    assert.equal(lines.length, 4);
    assert.ok(typeof lines[0]?.error === 'string');
    assert.ok(typeof lines[1]?.error === 'string');
    assert.ok(typeof lines[2]?.error === 'string');
    assert.equal(lines[3]?.intent, 'goodbye');
  });

  it('never echoes a secret', async () => {
    const { lines } = await run(`${JSON.stringify({ text: 'my password is Hunter22 and card 4111 1111 1111 1111' })}\n`);
    const out = JSON.stringify(lines[0]);
    assert.ok(!out.includes('Hunter22') && !out.includes('4111'));
    assert.deepEqual([...(lines[0]?.secrets as string[])].sort(), ['card_number', 'password']);
  });

  it('skips blank lines and handles input without a final newline', async () => {
    const { lines } = await run('\n{"text":"hi"}\n\n{"text":"refund please"}');
    assert.equal(lines.length, 2);
  });
});

describe('eval command', () => {
  it('looks for the dev set and CLINC150 in the shared folder next to the checkout (evaluated, or said to be missing)', async () => {
    const out = new PassThrough();
    let text = '';
    out.on('data', (c: Buffer) => { text += c.toString('utf8'); });
    assert.equal(await runEvalCommand([], out), 0);
    const shared = join(dirname(projectRoot), 'shared');
    const devSet = join(shared, 'dev-set', 'understanding-dev.jsonl');
    assert.ok(text.includes(`development set (${devSet})`) || text.includes(`dev set not found at ${devSet};`), text.slice(-400));
    const clinc = join(shared, 'external', 'clinc150');
    assert.ok(text.includes('== CLINC150') || text.includes(`CLINC150 not found at ${clinc};`), text.slice(-400));
  });
});
