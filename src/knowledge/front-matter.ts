// A deliberately small front-matter reader: `key: value` lines and `[a, b]` lists between `---`
// fences. The articles are ours, so a full YAML parser (and a new dependency) would buy nothing;
// anything outside this subset is an error, not a guess.

export type FrontMatterValue = string | number | boolean | string[];

export interface FrontMatterDocument {
  readonly data: Readonly<Record<string, FrontMatterValue>>;
  readonly body: string;
}

const FENCE = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/;
const LINE = /^([A-Za-z][\w-]*):\s*(.*)$/;

function unquote(value: string): string {
  const v = value.trim();
  if (v.length >= 2 && ((v.startsWith('"') && v.endsWith('"')) || (v.startsWith("'") && v.endsWith("'")))) return v.slice(1, -1);
  return v;
}

function parseValue(raw: string): FrontMatterValue {
  const v = raw.trim();
  if (v.startsWith('[')) {
    if (!v.endsWith(']')) throw new Error(`unterminated list: ${v}`);
    const inner = v.slice(1, -1).trim();
    return inner === '' ? [] : inner.split(',').map(unquote).filter((s) => s.length > 0);
  }
  if (/^-?\d+(?:\.\d+)?$/.test(v)) return Number(v);
  if (v === 'true' || v === 'false') return v === 'true';
  return unquote(v);
}

/** Splits `text` into front-matter data and body. Throws on a malformed header. */
export function parseFrontMatter(text: string): FrontMatterDocument {
  const m = FENCE.exec(text);
  if (!m) throw new Error('missing front matter (--- fenced header)');
  const data: Record<string, FrontMatterValue> = {};
  for (const line of (m[1] ?? '').split(/\r?\n/)) {
    if (line.trim() === '' || line.trim().startsWith('#')) continue;
    const kv = LINE.exec(line);
    if (!kv) throw new Error(`front matter line not understood: ${line}`);
    const [, key = '', value = ''] = kv;
    if (key in data) throw new Error(`duplicate front matter key: ${key}`);
    data[key] = parseValue(value);
  }
  return { data, body: text.slice(m[0].length) };
}
