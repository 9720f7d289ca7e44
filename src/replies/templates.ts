// Reply templates live in prompts/replies/<key>.md so people can edit wording without touching
// code. Loaded once at start; a missing placeholder value is a bug and throws.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { ReplyKey } from '../policy/reply-keys.js';

export interface Template {
  key: string;
  body: string;
  quickReplies: string[];
}

export interface RenderedReply {
  replyKey: ReplyKey;
  text: string;
  quickReplies: string[];
  /** Who wrote `text`: set by the optional LLM writer ('llm' only when the model's words are used). */
  writer?: 'template' | 'llm';
}

export type TemplateVars = Readonly<Record<string, string | number>>;

const FRONT_MATTER = /^---\n([\s\S]*?)\n---\n/;
const PLACEHOLDER = /\{\{\s*([a-zA-Z][\w]*)\s*\}\}/g;

export function parseTemplate(key: string, source: string): Template {
  const match = FRONT_MATTER.exec(source);
  const header = match?.[1] ?? '';
  const body = (match ? source.slice(match[0].length) : source).trim();
  const quick = /^quickReplies:\s*(.*)$/m.exec(header)?.[1] ?? '';
  return { key, body, quickReplies: quick.split('|').map((s) => s.trim()).filter(Boolean) };
}

export function loadTemplates(dir: string): Map<string, Template> {
  const templates = new Map<string, Template>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.md'))) {
    const key = basename(file, '.md');
    templates.set(key, parseTemplate(key, readFileSync(join(dir, file), 'utf8')));
  }
  return templates;
}

export function placeholders(template: Template): string[] {
  return [...template.body.matchAll(PLACEHOLDER)].map((m) => m[1] as string);
}

export function renderTemplate(templates: ReadonlyMap<string, Template>, key: ReplyKey, vars: TemplateVars = {}): RenderedReply {
  const template = templates.get(key);
  if (!template) throw new Error(`no reply template "${key}"`);
  const text = template.body.replace(PLACEHOLDER, (_, name: string) => {
    const value = vars[name];
    if (value === undefined) throw new Error(`reply template "${key}" needs {{${name}}}`);
    return String(value);
  });
  return { replyKey: key, text, quickReplies: template.quickReplies };
}
