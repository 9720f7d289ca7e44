// Front matter: a YAML map between `---` fences at the top of a markdown file, read by js-yaml
// (the YAML 1.2 core schema, so `no` and `on` stay strings; a duplicate key is an error): the files
// are ours to fix, never something to guess at. What the keys mean is for the caller's zod schema
// to check.
import { readYaml } from '../read-yaml.js';

export interface FrontMatterDocument {
  /** The header's keys and values, not validated yet. */
  readonly data: Readonly<Record<string, unknown>>;
  readonly body: string;
}

// The header may be empty (`---` right after `---`).
const FENCE = /^---\r?\n(?:([\s\S]*?)\r?\n)?---[ \t]*(?:\r?\n|$)/;

/** Splits `text` into front-matter data and body. Throws on a missing or malformed header. */
export function parseFrontMatter(text: string): FrontMatterDocument {
  const fence = FENCE.exec(text);
  if (!fence) throw new Error('missing front matter (--- fenced header)');
  const data: unknown = readYaml(fence[1] ?? '', 'front matter') ?? {};
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new Error('front matter must be a map of keys to values');
  return { data: data as Record<string, unknown>, body: text.slice(fence[0].length) };
}
