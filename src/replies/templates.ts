// Reply templates live in prompts/replies/<key>.md (or the operator's PROMPTS_DIR, src/prompts.ts)
// so people can edit wording without touching code. Loaded once at start; a missing placeholder
// value is a bug and throws.
import { basename } from 'node:path';
import { checkReply } from '../guard/index.js';
import { REPLY_KEYS, type ReplyKey } from '../policy/reply-keys.js';
import { readPromptFile, type PromptFile } from '../prompts.js';

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

/**
 * Reads prompts.folder('replies'). A file must be named after a reply the bot gives; an operator's
 * template may use only the placeholders of the one it replaces (the code fills no others) and must
 * pass the guard with sample values, as every built-in one does in the tests.
 */
export function loadTemplates(files: readonly PromptFile[]): Map<string, Template> {
  const known = new Set<string>(REPLY_KEYS);
  const templates = new Map<string, Template>();
  for (const file of files) {
    const key = basename(file.name, '.md');
    templates.set(key, readPromptFile(file, (source) => {
      if (!known.has(key)) throw new Error(`no reply is called "${key}" (a template is named after the reply it words)`);
      const template = parseTemplate(key, source);
      if (file.operator) checkOperatorTemplate(template, file.replaces);
      return template;
    }));
  }
  return templates;
}

function checkOperatorTemplate(template: Template, replaces: string | undefined): void {
  const allowed = new Set(replaces ? readPromptFile({ path: replaces }, (source) => placeholders(parseTemplate(template.key, source))) : []);
  const unknown = placeholders(template).filter((p) => !allowed.has(p));
  if (unknown.length) throw new Error(`{{${unknown.join('}}, {{')}}} is not filled for this reply (it may use: ${[...allowed].map((p) => `{{${p}}}`).join(', ') || 'none'})`);
  const text = template.body.replace(PLACEHOLDER, (_, name: string) => `sample ${name}`);
  const violations = checkReply(text, { facts: [template.body] });
  if (violations.length) throw new Error(`the reply guard refuses its wording (${violations.map((v) => `${v.ruleId}: "${v.evidence}"`).join('; ')})`);
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
