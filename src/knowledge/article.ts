// One help article: validated front matter plus its markdown body, cut into sections. A section
// is what an answer quotes on its own: the text under one `##` heading, or the introduction before
// the first heading (headed by the title). Roles and intents must come from the shared vocabulary,
// so a boost can never silently miss because of a typo.
import { z } from 'zod';
import { INTENTS, ROLES } from '../understanding/vocabulary.js';
import { parseFrontMatter } from './front-matter.js';

// YAML reads `429` as a number; as a search word it is text.
const Keyword = z.union([z.string(), z.number()]).transform(String).pipe(z.string().min(2));

const ArticleMeta = z.strictObject({
  title: z.string().min(3).max(120),
  slug: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/),
  roles: z.array(z.enum(ROLES)).min(1),
  intents: z.array(z.enum(INTENTS)).min(1),
  keywords: z.array(Keyword).min(1),
  /** Headings of sections whose questions also go to a person (an undocumented error: no fix to give). */
  escalate: z.array(z.string().min(1)).default([]),
});

export interface Section {
  /** The `##` heading, or the article's title for the introduction. */
  readonly heading: string;
  /** Extra search words from a `<!-- keywords: a, b -->` line right under the heading. */
  readonly keywords: readonly string[];
  /** Prose unwrapped to one line; a list keeps one item per line. */
  readonly paragraphs: readonly string[];
}

export interface Article extends z.infer<typeof ArticleMeta> {
  /** Markdown body without the front matter. */
  readonly body: string;
  readonly sections: readonly Section[];
}

type Block =
  | { readonly kind: 'heading'; readonly level: number; readonly text: string }
  | { readonly kind: 'comment'; readonly text: string }
  | { readonly kind: 'paragraph'; readonly text: string };

const HEADING = /^(#{1,6})\s+(.*?)\s*$/;
const LIST_ITEM = /^(?:[-*]|\d{1,2}[.)])\s/;
const KEYWORDS = /^keywords:([\s\S]*)$/i;

/** A paragraph's lines as text: wrapped lines joined, each list item on its own line. */
function paragraphText(lines: readonly string[]): string {
  const items: string[] = [];
  for (const line of lines) {
    if (items.length === 0 || LIST_ITEM.test(line)) items.push(line);
    else items[items.length - 1] += ` ${line}`;
  }
  return items.join('\n');
}

function blocksOf(body: string): Block[] {
  const blocks: Block[] = [];
  let lines: string[] = [];
  let comment: string[] | undefined;
  const endParagraph = () => {
    if (lines.length > 0) blocks.push({ kind: 'paragraph', text: paragraphText(lines) });
    lines = [];
  };
  for (const line of body.split(/\r?\n/).map((l) => l.trim())) {
    if (!comment && line.startsWith('<!--')) {
      endParagraph();
      comment = [];
    }
    if (comment) {
      comment.push(line);
      if (line.includes('-->') && !line.endsWith('-->')) throw new Error(`a comment line must end at -->: ${line}`);
      if (line.endsWith('-->')) {
        blocks.push({ kind: 'comment', text: comment.join(' ').slice(4, -3).trim() });
        comment = undefined;
      }
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      endParagraph();
      blocks.push({ kind: 'heading', level: heading[1]?.length ?? 0, text: heading[2] ?? '' });
    } else if (line === '') endParagraph();
    else lines.push(line);
  }
  if (comment) throw new Error('unterminated <!-- comment');
  endParagraph();
  return blocks;
}

interface Draft {
  heading: string;
  keywords: string[];
  paragraphs: string[];
}

function sectionsOf(title: string, body: string): Section[] {
  const intro: Draft = { heading: title, keywords: [], paragraphs: [] };
  const drafts = [intro];
  let current = intro;
  for (const block of blocksOf(body)) {
    if (block.kind === 'paragraph') current.paragraphs.push(block.text);
    else if (block.kind === 'comment') {
      const keywords = KEYWORDS.exec(block.text);
      if (!keywords) continue; // a note for editors
      if (current.paragraphs.length > 0 || current.keywords.length > 0) {
        throw new Error(`section "${current.heading}": the keywords line belongs right under the heading`);
      }
      current.keywords = (keywords[1] ?? '').split(',').map((k) => k.trim()).filter((k) => k.length > 0);
    } else if (block.level === 1) {
      const first = current === intro && intro.paragraphs.length === 0;
      if (!first || block.text !== title) throw new Error(`the only # heading opens the body and repeats the title "${title}"`);
    } else if (block.level === 2) {
      current = { heading: block.text, keywords: [], paragraphs: [] };
      drafts.push(current);
    } else {
      throw new Error(`"${block.text}": only ## headings divide an article (each section is quoted alone)`);
    }
  }
  const seen = new Set<string>();
  for (const d of drafts.slice(1)) {
    if (d.paragraphs.length === 0) throw new Error(`section "${d.heading}" has no text`);
    if (seen.has(d.heading) || d.heading === title) throw new Error(`section "${d.heading}" appears twice`);
    seen.add(d.heading);
  }
  if (intro.paragraphs.length === 0 && intro.keywords.length > 0) throw new Error('keywords for an introduction without text');
  return intro.paragraphs.length > 0 ? drafts : drafts.slice(1);
}

/** Parses one article file; `fileSlug` is the file name without `.md` and must equal the slug. */
export function parseArticle(fileSlug: string, text: string): Article {
  try {
    const { data, body } = parseFrontMatter(text);
    const meta = ArticleMeta.parse(data);
    if (meta.slug !== fileSlug) throw new Error(`slug "${meta.slug}" does not match the file name`);
    const sections = sectionsOf(meta.title, body);
    if (sections.length === 0) throw new Error('no text');
    const unknown = meta.escalate.find((heading) => !sections.some((section) => section.heading === heading));
    if (unknown !== undefined) throw new Error(`escalate names "${unknown}", which is not a section heading`);
    return { ...meta, body, sections };
  } catch (err) {
    throw new Error(`article ${fileSlug}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}
