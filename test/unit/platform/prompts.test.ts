// PROMPTS_DIR: the operator's files laid over prompts/ (src/prompts.ts), read by the same loaders
// and refused by the same checks, with the operator's path in the message.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import { loadKnowledgeBase, loadShopPolicy } from '../../../src/knowledge/index.js';
import { loadLexicon } from '../../../src/language/lexicon.js';
import { fromRoot } from '../../../src/paths.js';
import { builtInPrompts, createPrompts } from '../../../src/prompts.js';
import { loadRephrasePrompts } from '../../../src/replies/llm-prompts.js';
import { loadTemplates, renderTemplate } from '../../../src/replies/templates.js';

/** A PROMPTS_DIR holding `files` (relative path → text), removed after the test. */
function operatorDir(t: TestContext, files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'parley-prompts-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const builtIn = (path: string) => readFileSync(fromRoot('prompts', path), 'utf8');

const ARTICLE = `---
title: Gift cards
slug: gift-cards
roles: [buyer]
intents: [payment_issue]
keywords: [gift card, gift cards, voucher]
---

## Paying with a gift card

Gift cards from our partner store can be redeemed on the Add funds page, under Voucher.
`;

describe('PROMPTS_DIR', () => {
  it('an operator reply template replaces the built-in one; the others stay', (t) => {
    const dir = operatorDir(t, { 'replies/greeting.md': '---\nquickReplies: Where is my order?\n---\nHello from Acme support! How can I help?\n' });
    const templates = loadTemplates(createPrompts(dir).folder('replies'));
    assert.equal(renderTemplate(templates, 'greeting').text, 'Hello from Acme support! How can I help?');
    assert.deepEqual(renderTemplate(templates, 'greeting').quickReplies, ['Where is my order?']);
    assert.equal(templates.size, loadTemplates(builtInPrompts.folder('replies')).size);
    assert.equal(renderTemplate(templates, 'thanks').text, loadTemplates(builtInPrompts.folder('replies')).get('thanks')?.body);
  });

  it('an added help article is searched with the built-in ones', (t) => {
    const dir = operatorDir(t, { 'kb/gift-cards.md': ARTICLE });
    const kb = loadKnowledgeBase(createPrompts(dir).folder('kb'));
    assert.equal(kb.search('can I pay with a gift card?')?.slug, 'gift-cards');
    assert.equal(kb.search('how do refunds work?')?.slug, 'refunds');
  });

  it('an operator shop policy replaces its values', (t) => {
    const text = builtIn('policy/shop-policy.md').replace('refillWindowDays: 30', 'refillWindowDays: 45').replace('within\n30 days', 'within\n45 days');
    const dir = operatorDir(t, { 'policy/shop-policy.md': text });
    assert.equal(loadShopPolicy(createPrompts(dir).file('policy', 'shop-policy.md')).refillWindowDays, 45);
    assert.equal(loadShopPolicy(builtInPrompts.file('policy', 'shop-policy.md')).refillWindowDays, 30);
  });

  it('an operator language file and LLM prompt are read in place of the built-in ones', (t) => {
    const rephrase = `Keep it short.\n${builtIn('llm/rephrase.md')}`;
    const dir = operatorDir(t, { 'llm/rephrase.md': rephrase, 'language/xx.yaml': builtIn('language/en.yaml').replace(/^language: en$/m, 'language: xx') });
    const prompts = createPrompts(dir);
    assert.equal(loadRephrasePrompts(prompts).rephrase, rephrase.trim());
    assert.equal(loadRephrasePrompts(prompts).system, builtIn('llm/system.md').trim());
    assert.ok(loadLexicon(prompts.folder('language')).languages.includes('xx'));
  });

  it('lists which operator files replace built-in ones and which are added', (t) => {
    const dir = operatorDir(t, { 'replies/greeting.md': 'Hi!', 'kb/gift-cards.md': ARTICLE, 'kb/refunds.md': builtIn('kb/refunds.md') });
    assert.deepEqual(createPrompts(dir).layered, { replaced: ['kb/refunds.md', 'replies/greeting.md'], added: ['kb/gift-cards.md'] });
    assert.deepEqual(builtInPrompts.layered, { replaced: [], added: [] });
  });

  describe('refuses a bad operator file, naming it', () => {
    const refused = (t: TestContext, files: Record<string, string>, load: (dir: string) => unknown, problem: RegExp) => {
      const dir = operatorDir(t, files);
      const path = join(dir, Object.keys(files)[0] as string);
      assert.throws(() => load(dir), (err: Error) => {
        assert.ok(err.message.includes(path), err.message);
        assert.match(err.message, problem);
        return true;
      });
    };
    const templates = (dir: string) => loadTemplates(createPrompts(dir).folder('replies'));

    it('a template for a reply the bot never gives (a misspelt name)', (t) => {
      refused(t, { 'replies/greetings.md': 'Hi!' }, templates, /no reply is called "greetings"/);
    });

    it('a template with a placeholder the code does not fill', (t) => {
      refused(t, { 'replies/order-detail.md': 'Order {{orderId}} for {{customerName}}.' }, templates, /\{\{customerName\}\} is not filled/);
    });

    it('a template the reply guard refuses', (t) => {
      refused(t, { 'replies/handoff-requested.md': 'A person will refund your order within 24 hours.' }, templates, /reply guard refuses/);
    });

    it('an article with a missing field', (t) => {
      refused(t, { 'kb/gift-cards.md': ARTICLE.replace('keywords: [gift card, gift cards, voucher]\n', '') }, (dir) => loadKnowledgeBase(createPrompts(dir).folder('kb')), /keywords/);
    });

    it('a shop policy whose text disagrees with its values', (t) => {
      refused(t, { 'policy/shop-policy.md': builtIn('policy/shop-policy.md').replace('refillWindowDays: 30', 'refillWindowDays: 14') },
        (dir) => loadShopPolicy(createPrompts(dir).file('policy', 'shop-policy.md')), /window of 14 days/);
    });

    it('a file or folder Parley does not read', (t) => {
      assert.throws(() => createPrompts(operatorDir(t, { 'constructor/x.md': 'x' })), /not one of the prompt folders/);
      const dir = operatorDir(t, { 'reply/greeting.md': 'Hi!' });
      assert.throws(() => createPrompts(dir), { message: `PROMPTS_DIR ${join(dir, 'reply')}: not one of the prompt folders (kb, replies, language, llm, policy)` });
      refused(t, { 'policy/shop_policy.md': 'x' }, (dir) => createPrompts(dir), /expected one of shop-policy\.md/);
      refused(t, { 'kb/gift-cards.txt': 'x' }, (dir) => createPrompts(dir), /expected a \.md file/);
    });

    it('a PROMPTS_DIR that is not a folder', () => {
      assert.throws(() => createPrompts(join(tmpdir(), 'parley-no-such-folder')), /parley-no-such-folder is not a folder/);
    });
  });
});
