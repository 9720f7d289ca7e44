// The guard's adversarial corpus (test/unit/guard/corpus): replies it must block, with the rule
// (must-block*.txt), and replies it must let through, with the facts they may draw on
// (must-pass*.txt).
import { readdirSync, readFileSync } from 'node:fs';

const here = new URL('../unit/guard/corpus/', import.meta.url);

function lines(prefix: string): string[] {
  const files = readdirSync(here).filter((f) => f.startsWith(prefix) && f.endsWith('.txt')).sort();
  return files.flatMap((name) => readFileSync(new URL(name, here), 'utf8').split('\n'))
    .map((l) => l.trim())
    .filter((l) => l.length > 0 && !l.startsWith('#'));
}

// "\n" in a corpus line stands for a line break (list-numbering cases), "\u{202e}" for a code
// point (invisible and look-alike characters stay readable in the files).
const unescape = (s: string): string => s.replace(/\\n/g, '\n').replace(/\\u\{([0-9a-f]+)\}/gi, (_, hex: string) => String.fromCodePoint(Number.parseInt(hex, 16)));

export const mustBlock = (): { rule: string; text: string }[] => lines('must-block').map((line) => {
  const bar = line.indexOf(' | ');
  return { rule: line.slice(0, bar).trim(), text: unescape(line.slice(bar + 3).trim()) };
});

export const mustPass = (): { text: string; facts: string[] }[] => lines('must-pass').map((line) => {
  const [text = '', facts = ''] = line.split(' || ');
  return { text: unescape(text.trim()), facts: facts ? facts.split(' ;; ').map((f) => f.trim()) : [] };
});
