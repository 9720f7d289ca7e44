// One help article: validated front matter plus its markdown body, split into paragraphs for
// excerpts. Roles and intents must come from the shared vocabulary, so retrieval filters can
// never silently miss because of a typo.
import { z } from 'zod';
import { INTENTS, ROLES } from '../understanding/vocabulary.js';
import { parseFrontMatter } from './front-matter.js';

const ArticleMeta = z.object({
  title: z.string().min(3).max(120),
  slug: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/),
  roles: z.array(z.enum(ROLES)).min(1),
  intents: z.array(z.enum(INTENTS)).min(1),
  keywords: z.array(z.string().min(2)).min(1),
});

export interface Paragraph {
  /** The nearest heading above the paragraph ("" before the first heading). */
  readonly heading: string;
  readonly text: string;
}

export interface Article extends z.infer<typeof ArticleMeta> {
  /** Markdown body without the front matter. */
  readonly body: string;
  readonly headings: readonly string[];
  readonly paragraphs: readonly Paragraph[];
}

function splitParagraphs(body: string): Paragraph[] {
  const out: Paragraph[] = [];
  let heading = '';
  for (const block of body.split(/\r?\n\s*\r?\n/)) {
    const text = block.trim();
    if (text === '' || text.startsWith('<!--')) continue;
    const h = /^#{1,6}\s+(.*)$/.exec(text);
    if (h && !text.includes('\n')) {
      heading = (h[1] ?? '').trim();
      continue;
    }
    out.push({ heading, text: text.replace(/\s*\n\s*/g, ' ') });
  }
  return out;
}

/** Parses one article file; `fileSlug` is the file name without `.md` and must equal the slug. */
export function parseArticle(fileSlug: string, text: string): Article {
  const { data, body } = parseFrontMatter(text);
  const meta = ArticleMeta.parse(data);
  if (meta.slug !== fileSlug) throw new Error(`article ${fileSlug}: slug "${meta.slug}" does not match the file name`);
  const headings = [...body.matchAll(/^#{1,6}\s+(.*)$/gm)].map((m) => (m[1] ?? '').trim());
  return { ...meta, body, headings, paragraphs: splitParagraphs(body) };
}
