// Cheap, deterministic checks on what the model wrote, before the guard sees it. They don't judge
// tone; they catch the ways a rephrasing goes wrong that the guard can't see: a dropped order ID,
// a leaked prompt, an added link or markup. Any failure means "send the template instead".
import { PROMPT_CANARY } from './llm-prompts.js';

export type OutputProblem = 'empty' | 'too_long' | 'unfaithful' | 'markup' | 'leak';

export const MAX_OUTPUT_CHARS = 800;

const URL = /\b(?:https?|ftp):\/\/[^\s<>"'`)\]]+[^\s<>"'`)\].,;:!?]/gi;
const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;
/** A run of letters/digits, possibly joined by . _ - / : (12.50, 2024-05-01, ORD-7731, 12:30). */
const TOKEN = /[\p{L}\p{N}](?:[\p{L}\p{N}._\-/:]*[\p{L}\p{N}])?/gu;
const DIGIT = /\p{N}/u;
/** Quoted names: the help article's title, the panel's raw status, an error text. */
const QUOTED = /"([^"\n]{1,80})"|`([^`\n]{1,80})`|“([^”\n]{1,80})”/g;
const MARKUP = /!\[|<\s*\/?\s*[a-z!][^>]*>|javascript:|data:text\/html/i;

/** Every number, identifier, email, link and quoted name in the template reply. */
export function identifiersIn(text: string): Set<string> {
  const found = new Set<string>();
  for (const m of text.matchAll(URL)) found.add(m[0]);
  for (const m of text.matchAll(EMAIL)) found.add(m[0].toLowerCase());
  for (const m of text.matchAll(TOKEN)) if (DIGIT.test(m[0])) found.add(m[0]);
  return found;
}

function quotedIn(text: string): string[] {
  return [...text.matchAll(QUOTED)].map((m) => (m[1] ?? m[2] ?? m[3] ?? '').trim()).filter(Boolean);
}

/** What the model may not do to a template; undefined means the output may go on to the guard. */
export function findOutputProblem(output: string, template: string, systemPrompt: string, maxChars = MAX_OUTPUT_CHARS): OutputProblem | undefined {
  if (output.trim() === '') return 'empty';
  if (output.length > maxChars) return 'too_long';
  if (leaksPrompt(output, systemPrompt)) return 'leak';
  if (MARKUP.test(output) && !MARKUP.test(template)) return 'markup';
  const templateLinks = new Set([...template.matchAll(URL)].map((m) => m[0]));
  if ([...output.matchAll(URL)].some((m) => !templateLinks.has(m[0]))) return 'markup';
  const kept = identifiersIn(output);
  for (const id of identifiersIn(template)) if (!kept.has(id)) return 'unfaithful';
  const lower = output.toLowerCase();
  for (const q of quotedIn(template)) if (!lower.includes(q.toLowerCase())) return 'unfaithful';
  return undefined;
}

/** The canary, or any substantial line of the system prompt repeated verbatim. */
function leaksPrompt(output: string, systemPrompt: string): boolean {
  if (PROMPT_CANARY.test(output)) return true;
  const lower = output.toLowerCase();
  return systemPrompt.split('\n')
    .map((line) => line.replace(/^[-*\s]+/, '').trim().toLowerCase())
    .filter((line) => line.length >= 40)
    .some((line) => lower.includes(line.slice(0, 60)));
}

/** Models like to wrap a rewrite in quotes or a label; strip that, nothing else. */
export function tidyOutput(raw: string): string {
  let text = raw.trim().replace(/^(?:rewritten reply|reply)\s*:\s*/i, '');
  const wrapped = /^(["“'])([\s\S]*)(["”'])$/.exec(text);
  if (wrapped && !/["“”]/.test(wrapped[2] ?? '')) text = (wrapped[2] ?? '').trim();
  return text;
}
