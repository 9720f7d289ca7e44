// The LLM writer's prompts live in prompts/llm/*.md so people can review them like the reply
// templates. The system prompt is sent as a literal message (never parsed as a template), and the
// user prompt is an f-string whose only variables are ours; untrusted text only ever arrives as a
// variable *value*, which LangChain substitutes once and never re-parses. This module is the
// LangChain-free part (files, variables, canary, fences); the LangChain prompt itself is built in
// llm-chain.ts, which is loaded only when a model is configured.
import { readPromptFile, type Prompts } from '../prompts.js';

export interface RephrasePrompts {
  system: string;
  rephrase: string;
  /** Where `rephrase` was read from, for the error that refuses it. */
  rephrasePath?: string;
}

/** The variables prompts/llm/rephrase.md must use, no more and no fewer. */
export const REPHRASE_VARIABLES = ['draft', 'facts', 'role', 'visitor_message'] as const;
export type RephraseVariables = Record<(typeof REPHRASE_VARIABLES)[number], string>;

/** A non-secret marker in the system prompt; seeing it in output means the prompt leaked. */
export const PROMPT_CANARY = /PARLEY-CANARY-[A-Z0-9]+/i;

/** The tags that fence untrusted data in rephrase.md. */
const DATA_TAGS = ['facts', 'visitor_message', 'draft'] as const;

export function loadRephrasePrompts(prompts: Pick<Prompts, 'file'>): RephrasePrompts {
  const read = (name: string) => readPromptFile(prompts.file('llm', name), (text) => text.trim());
  return { system: read('system.md'), rephrase: read('rephrase.md'), rephrasePath: prompts.file('llm', 'rephrase.md').path };
}

/**
 * Untrusted text must not be able to close its fence and pose as our own prompt: any of our tag
 * names written as a tag (`</visitor_message>`, `<draft >`) loses its angle bracket.
 */
export function fenceSafe(text: string): string {
  const tag = new RegExp(`<(\\s*\\/?\\s*(?:${DATA_TAGS.join('|')})\\b)`, 'gi');
  return text.replace(tag, '‹$1');
}
