import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readdirSync, readFileSync } from 'node:fs';
import { SAFE_REPLY_KEY } from '../../../src/guard/index.js';
import { ORDER_STATUSES } from '../../../src/panel/types.js';
import { SOCIAL_REPLIES } from '../../../src/policy/decide.js';
import { fromRoot } from '../../../src/paths.js';
import { SECRET_TYPES } from '../../../src/understanding/vocabulary.js';
import { loadTemplates, parseTemplate, placeholders, renderTemplate } from '../../../src/replies/templates.js';

describe('reply templates', () => {
  it('parse quick replies from front matter', () => {
    const t = parseTemplate('k', '---\nquickReplies: A | B\n---\nHello {{name}}\n');
    assert.deepEqual(t.quickReplies, ['A', 'B']);
    assert.equal(t.body, 'Hello {{name}}');
    assert.deepEqual(placeholders(t), ['name']);
  });

  it('render values and refuse a missing one', () => {
    const templates = new Map([['k', parseTemplate('k', 'Order {{orderId}} is {{status}}.')]]);
    assert.equal(renderTemplate(templates, 'k', { orderId: '42', status: 'done' }).text, 'Order 42 is done.');
    assert.throws(() => renderTemplate(templates, 'k', { orderId: '42' }), /needs \{\{status\}\}/);
    assert.throws(() => renderTemplate(templates, 'missing'), /no reply template/);
  });

  it('every shipped template renders with sample values', () => {
    const templates = loadTemplates(fromRoot('prompts', 'replies'));
    assert.ok(templates.size >= 8);
    for (const t of templates.values()) {
      const vars = Object.fromEntries(placeholders(t).map((p) => [p, `<${p}>`]));
      const text = renderTemplate(templates, t.key, vars).text;
      assert.ok(text.length > 0 && !text.includes('{{'), t.key);
    }
  });
});

describe('reply templates and the guard', () => {
  it('every shipped template passes the guard with sample values', async () => {
    const { checkReply } = await import('../../../src/guard/index.js');
    const templates = loadTemplates(fromRoot('prompts', 'replies'));
    for (const t of templates.values()) {
      const vars = Object.fromEntries(placeholders(t).map((p) => [p, `sample ${p}`]));
      const text = renderTemplate(templates, t.key, vars).text;
      assert.deepEqual(checkReply(text, { facts: [t.body] }), [], `${t.key}: ${text}`);
    }
  });
});

describe('reply templates and the policy', () => {
  // Keys written out in the code, and the families the policy builds from data.
  const source = ['policy', 'conversation', 'guard'].flatMap((dir) => readdirSync(fromRoot('src', dir)).filter((f) => f.endsWith('.ts')).map((f) => readFileSync(fromRoot('src', dir, f), 'utf8'))).join('\n');
  // `key: 'x'`, `reply('x')`, and the two keys of `? 'x' : 'y'` choices.
  const literal = [...source.matchAll(/\bkey: '([a-z0-9-]+)'|\breply\('([a-z0-9-]+)'\)|\? '([a-z0-9]+-[a-z0-9-]+)' : '([a-z0-9]+-[a-z0-9-]+)'/g)]
    .flatMap((m) => m.slice(1).filter((k): k is string => k !== undefined));
  const built = [
    ...SECRET_TYPES.map((s) => `secret-removed-${s.replace('_', '-')}`),
    ...['order_id', 'email', 'api_error', 'payment_reference'].map((slot) => `reask-${slot.replace(/_/g, '-')}`),
    ...ORDER_STATUSES.map((s) => `order-${s.replace('_', '-')}`), 'order-processing', 'order-refunded', 'order-progress-count', 'order-partial-count',
    ...['refill', 'cancel', 'dripfeed'].flatMap((rule) => ['yes', 'no', 'unknown'].map((v) => `service-${rule}-${v}`)),
    ...Object.values(SOCIAL_REPLIES),
  ];
  const templates = loadTemplates(fromRoot('prompts', 'replies'));

  it('has a template for every reply the policy can give', () => {
    assert.ok(literal.length > 40, `${literal.length} keys found in the code`);
    assert.deepEqual([...literal, ...built].filter((key) => !templates.has(key)), []);
  });

  it('ships no template the policy never gives', () => {
    // Any hyphenated string in the code may name a template (keys chosen in expressions).
    const named = [...source.matchAll(/'([a-z0-9]+(?:-[a-z0-9]+)+)'/g)].map((m) => m[1] as string);
    const used = new Set([...literal, ...built, ...named, SAFE_REPLY_KEY]);
    assert.deepEqual([...templates.keys()].filter((key) => !used.has(key)), []);
  });
});
