import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fromRoot } from '../../../src/paths.js';
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
