import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { REPLY_KEYS } from '../../../src/policy/reply-keys.js';
import { loadTemplates, parseTemplate, placeholders, renderTemplate } from '../../../src/replies/templates.js';
import { builtInPrompts } from '../../../src/prompts.js';

const templates = loadTemplates(builtInPrompts.folder('replies'));

/** Each reply the bot can give with its template, and sample values for its placeholders. */
const shipped = (sample: (placeholder: string) => string) => REPLY_KEYS.flatMap((key) => {
  const template = templates.get(key);
  return template ? [{ key, template, vars: Object.fromEntries(placeholders(template).map((p) => [p, sample(p)])) }] : [];
});

describe('reply templates', () => {
  it('parse quick replies from front matter', () => {
    const t = parseTemplate('k', '---\nquickReplies: A | B\n---\nHello {{name}}\n');
    assert.deepEqual(t.quickReplies, ['A', 'B']);
    assert.equal(t.body, 'Hello {{name}}');
    assert.deepEqual(placeholders(t), ['name']);
  });

  it('render values and refuse a missing one', () => {
    const custom = new Map([['order-eta', parseTemplate('order-eta', 'Order {{orderId}} is {{status}}.')]]);
    assert.equal(renderTemplate(custom, 'order-eta', { orderId: '42', status: 'done' }).text, 'Order 42 is done.');
    assert.throws(() => renderTemplate(custom, 'order-eta', { orderId: '42' }), /needs \{\{status\}\}/);
    assert.throws(() => renderTemplate(custom, 'greeting'), /no reply template/);
  });

  it('every shipped template renders with sample values', () => {
    for (const { key, vars } of shipped((p) => `<${p}>`)) {
      const text = renderTemplate(templates, key, vars).text;
      assert.ok(text.length > 0 && !text.includes('{{'), key);
    }
  });
});

describe('reply templates and the guard', () => {
  it('every shipped template passes the guard with sample values', async () => {
    const { checkReply } = await import('../../../src/guard/index.js');
    for (const { key, template, vars } of shipped((p) => `sample ${p}`)) {
      const text = renderTemplate(templates, key, vars).text;
      assert.deepEqual(checkReply(text, { facts: [template.body] }), [], `${key}: ${text}`);
    }
  });
});

describe('reply templates and the policy', () => {
  // REPLY_KEYS lists the ReplyKey type, which every reply the policy, the guard and the greeting
  // give must be (policy/reply-keys.ts): a key added there without a template fails here.
  it('has a template for every reply the bot can give', () => {
    assert.ok(REPLY_KEYS.length > 100, `${REPLY_KEYS.length} keys`);
    assert.deepEqual(REPLY_KEYS.filter((key) => !templates.has(key)), []);
  });

  it('ships no template the bot never gives', () => {
    const known = new Set<string>(REPLY_KEYS);
    assert.deepEqual([...templates.keys()].filter((key) => !known.has(key)), []);
  });

  it('lists each key once', () => {
    assert.equal(new Set(REPLY_KEYS).size, REPLY_KEYS.length);
  });
});
