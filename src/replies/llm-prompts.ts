// The LLM writer's prompts live in prompts/llm/*.md so people can review them like the reply
// templates. The system prompt is sent as a literal message (never parsed as a template), and the
// user prompt is an f-string whose only variables are ours; untrusted text only ever arrives as a
// variable *value*, which LangChain substitutes once and never re-parses.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SystemMessage } from '@langchain/core/messages';
import { ChatPromptTemplate } from '@langchain/core/prompts';

export interface RephrasePrompts {
  system: string;
  rephrase: string;
}

/** The variables prompts/llm/rephrase.md must use, no more and no fewer. */
export const REPHRASE_VARIABLES = ['draft', 'facts', 'role', 'visitor_message'] as const;
export type RephraseVariables = Record<(typeof REPHRASE_VARIABLES)[number], string>;

/** A non-secret marker in the system prompt; seeing it in output means the prompt leaked. */
export const PROMPT_CANARY = /PARLEY-CANARY-[A-Z0-9]+/i;

/** The tags that fence untrusted data in rephrase.md. */
const DATA_TAGS = ['facts', 'visitor_message', 'draft'] as const;

export function loadRephrasePrompts(dir: string): RephrasePrompts {
  return {
    system: readFileSync(join(dir, 'system.md'), 'utf8').trim(),
    rephrase: readFileSync(join(dir, 'rephrase.md'), 'utf8').trim(),
  };
}

/** Builds the chat prompt and checks that rephrase.md uses exactly the expected variables. */
export function buildRephrasePrompt(prompts: RephrasePrompts): ChatPromptTemplate<RephraseVariables> {
  const prompt = ChatPromptTemplate.fromMessages<RephraseVariables>([
    new SystemMessage(prompts.system),
    ['human', prompts.rephrase],
  ]);
  const found = [...prompt.inputVariables].sort();
  if (found.join(',') !== [...REPHRASE_VARIABLES].join(',')) {
    throw new Error(`prompts/llm/rephrase.md must use exactly {${REPHRASE_VARIABLES.join('}, {')}}; it uses {${found.join('}, {')}}`);
  }
  return prompt;
}

/**
 * Untrusted text must not be able to close its fence and pose as our own prompt: any of our tag
 * names written as a tag (`</visitor_message>`, `<draft >`) loses its angle bracket.
 */
export function fenceSafe(text: string): string {
  const tag = new RegExp(`<(\\s*\\/?\\s*(?:${DATA_TAGS.join('|')})\\b)`, 'gi');
  return text.replace(tag, '‹$1');
}
