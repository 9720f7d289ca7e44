// word-list.ts buckets the meaning rules' word lists by their first two characters, so that a word
// start runs only the patterns that can start there. It must find what one plain alternation of
// the same patterns finds: checked on every corpus phrasing, template and help article.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { GRANT_CUES, TOPIC_WORDS } from '../../../src/guard/meaning-lexicon.js';
import { canonicalForm, visibleText } from '../../../src/guard/normalise.js';
import { WordLists } from '../../../src/guard/word-list.js';
import { fromRoot } from '../../../src/paths.js';
import { mustBlock, mustPass } from '../../helpers/guard-corpus.js';

const lists: Record<string, readonly string[]> = { topic: Object.values(TOPIC_WORDS).flat(), ...GRANT_CUES };
const texts = [
  ...mustBlock().map((b) => b.text),
  ...mustPass().map((p) => p.text),
  ...readdirSync(fromRoot('prompts', 'replies')).map((f) => readFileSync(fromRoot('prompts', 'replies', f), 'utf8')),
  ...readdirSync(fromRoot('prompts', 'kb')).map((f) => readFileSync(fromRoot('prompts', 'kb', f), 'utf8')),
].map((t) => canonicalForm(visibleText(t)));

for (const [name, patterns] of Object.entries(lists)) {
  test(`the "${name}" list matches where one plain alternation does`, () => {
    const plain = new RegExp(`(?<![\\p{L}\\p{N}])(?:${patterns.join('|')})(?![\\p{L}\\p{N}])`, 'gu');
    const bucketed = new WordLists({ [name]: { [name]: patterns } });
    let matches = 0;
    for (const text of texts) {
      const expected = [...text.matchAll(plain)].map((m) => m.index);
      const found = bucketed.scan(text)[name]!.map((m) => m.index);
      assert.deepEqual(found, expected, text.slice(0, 120));
      matches += found.length;
    }
    assert.ok(matches > 0);
  });
}
