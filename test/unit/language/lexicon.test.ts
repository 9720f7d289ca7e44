import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { compileLexicon, loadLexicon } from '../../../src/language/lexicon.js';
import { lexicon } from '../../helpers/test-app.js';
import { filesIn } from '../../../src/prompts.js';

const cuesOf = (text: string) => [...lexicon.read(text).cues.keys()].sort();

describe('lexicon: phrases as data', () => {
  const small = compileLexicon([{ language: 'xx', cues: { refund: ['refund*', 'money back'], cancel: ['cancel'] }, services: { platforms: { tiktok: ['tiktok', 'tik tok'] }, kinds: { followers: ['follower*'] } } }]);

  it('matches whole words in any case, with * for any ending and any spacing inside a phrase', () => {
    assert.deepEqual([...small.read('REFUNDED already').cues.keys()], ['refund']);
    assert.deepEqual([...small.read('i want my Money   Back').cues.keys()], ['refund']);
    assert.deepEqual([...small.read('cancelled').cues.keys()], [], 'a bare word has no endings');
    assert.deepEqual([...small.read('prerefund').cues.keys()], [], 'whole words only');
  });

  it('finds every occurrence of a cue, also after the cue was looked for', () => {
    const read = small.read('cancel this, cancel that');
    assert.equal(read.cues.get('cancel'), 0);
    assert.deepEqual(read.spans('cancel'), [{ start: 0, end: 6 }, { start: 13, end: 19 }]);
  });

  it('names platforms and kinds in the order the text mentions them', () => {
    assert.deepEqual(small.read('tik tok followers').kinds.map((n) => n.name), ['followers']);
    assert.deepEqual(small.read('Followers on TikTok').platforms.map((n) => [n.name, n.at]), [['tiktok', 13]]);
  });

  it('names the most specific kind a question asks for, and every kind a service name carries', () => {
    assert.deepEqual(lexicon.read('instagram story views').kinds.map((n) => n.name), ['story_views']);
    assert.deepEqual(lexicon.read('Instagram Reels Views').allKinds.map((n) => n.name).sort(), ['reels_views', 'views']);
  });

  it('refuses a language file with an unknown key, naming the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-lexicon-'));
    writeFileSync(join(dir, 'xx.yaml'), 'language: xx\ncues:\n  refunds: [refund]\n');
    assert.throws(() => loadLexicon(filesIn(dir, '.yaml')), /xx\.yaml: language file: cues/);
  });

  it('keeps language in data: the same concept found in the languages shipped', () => {
    const examples: [string, string][] = [
      ['y cuando termina?? lo necesito para el viernes', 'eta'],
      ['vou receber meu dinheiro de volta?', 'refund'],
      ['Почему он выполнен частично? Верните деньги', 'refund'],
      ['kok masih pending? kapan selesai?', 'eta'],
      ['wann ist sie fertig?', 'eta'],
    ];
    for (const [text, cue] of examples) assert.ok(lexicon.read(text).cues.has(cue as never), `${cue} in "${text}"`);
    assert.deepEqual(lexicon.read('tiktok takipçi servisinin minimum ve maksimum').kinds.map((n) => n.name), ['followers']);
    assert.ok(['min', 'max'].every((c) => lexicon.read('minimum ve maksimum').cues.has(c as never)));
  });

  it('reads ordinary English without cues from other languages', () => {
    assert.deepEqual(cuesOf('can you check my order status please'), ['order_word', 'own', 'status']);
    assert.deepEqual(cuesOf('how do I connect my WooCommerce store'), ['own']);
  });

  it('loads every shipped language file', () => {
    assert.ok(lexicon.languages.includes('en'));
    assert.ok(lexicon.languages.length >= 10, `${lexicon.languages.length} languages`);
  });
});
