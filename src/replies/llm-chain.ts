// The LangChain half of the LLM writer: the chat prompt and the prompt → model → text chain.
// LangChain costs ~0.4 s of imports, so nothing imports this module statically: llm-writer.ts loads
// it with import() once a model is configured (see loadLlmWriter), and a server without an LLM
// never loads it. The prompt texts, variables and fences are in llm-prompts.ts (no LangChain).
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { SystemMessage } from '@langchain/core/messages';
import { StringOutputParser } from '@langchain/core/output_parsers';
import { ChatPromptTemplate } from '@langchain/core/prompts';
import type { Runnable } from '@langchain/core/runnables';
import { REPHRASE_VARIABLES, type RephrasePrompts, type RephraseVariables } from './llm-prompts.js';

/** Builds the chat prompt and checks that rephrase.md uses exactly the expected variables. */
export function buildRephrasePrompt(prompts: RephrasePrompts): ChatPromptTemplate<RephraseVariables> {
  const prompt = ChatPromptTemplate.fromMessages<RephraseVariables>([
    new SystemMessage(prompts.system),
    ['human', prompts.rephrase],
  ]);
  const found = [...prompt.inputVariables].sort();
  if (found.join(',') !== [...REPHRASE_VARIABLES].join(',')) {
    throw new Error(`${prompts.rephrasePath ?? 'prompts/llm/rephrase.md'} must use exactly {${REPHRASE_VARIABLES.join('}, {')}}; it uses {${found.join('}, {')}}`);
  }
  return prompt;
}

/** prompt → model → text. The model is used as is: no bindTools, no structured output. */
export function buildRephraseChain(prompts: RephrasePrompts, model: BaseChatModel): Runnable<RephraseVariables, string> {
  return buildRephrasePrompt(prompts).pipe(model).pipe(new StringOutputParser());
}
