// The guard's adversarial corpus (test/unit/guard/corpus): replies it must block, with the rule,
// and replies it must let through, with the facts they may draw on.
import { readFileSync } from 'node:fs';

const here = new URL('../unit/guard/corpus/', import.meta.url);

function lines(name: string): string[] {
  return readFileSync(new URL(name, here), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0 && !l.startsWith('#'));
}

// "\n" in a corpus line stands for a line break (list-numbering cases).
const unescape = (s: string): string => s.replace(/\\n/g, '\n');

export const mustBlock = (): { rule: string; text: string }[] => lines('must-block.txt').map((line) => {
  const bar = line.indexOf(' | ');
  return { rule: line.slice(0, bar).trim(), text: unescape(line.slice(bar + 3).trim()) };
});

export const mustPass = (): { text: string; facts: string[] }[] => lines('must-pass.txt').map((line) => {
  const [text = '', facts = ''] = line.split(' || ');
  return { text: unescape(text.trim()), facts: facts ? facts.split(' ;; ').map((f) => f.trim()) : [] };
});
