// Builds the chat model the LLM writer uses, from config only. With LLM_PROVIDER=none (the
// default) nothing is constructed, so nothing can reach the network. Both providers speak the
// OpenAI chat-completions protocol: Ollama serves it at <host>:11434/v1, so one client covers both.
// LangChain (~0.4 s of imports) is loaded here with import(), only for a configured provider, so a
// server without an LLM (the default, the demo) never loads it.
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { ChatOpenAIFields } from '@langchain/openai';
import type { Config } from '../config.js';
import { loadLlmWriter } from './llm-writer.js';

export type LlmConfig = Pick<Config, 'LLM_PROVIDER' | 'LLM_BASE_URL' | 'LLM_API_KEY' | 'LLM_MODEL' | 'LLM_TIMEOUT_MS'>;

/** A rephrasing is at most ~800 characters; this caps cost if a model rambles. */
const MAX_OUTPUT_TOKENS = 350;

const REASONING_MODEL = /^(?:o\d|gpt-5(?!-chat))/;

/** Endpoints that need no key (Ollama, a local vLLM) still get a value so the client never reads OPENAI_API_KEY. */
const NO_KEY = 'not-needed';

export function chatOpenAiFields(config: LlmConfig): ChatOpenAIFields {
  return {
    model: config.LLM_MODEL,
    apiKey: config.LLM_API_KEY ?? NO_KEY,
    // Always explicit, so OPENAI_BASE_URL or a LangSmith gateway in the environment can't redirect it.
    configuration: { baseURL: config.LLM_BASE_URL },
    // Chat completions only: Ollama and most compatible servers don't implement the Responses API.
    useResponsesApi: false,
    maxRetries: 1,
    timeout: config.LLM_TIMEOUT_MS,
    maxTokens: MAX_OUTPUT_TOKENS,
    // Reasoning models (o*, gpt-5) reject a temperature; docs/llm.md recommends a plain chat model anyway.
    ...(REASONING_MODEL.test(config.LLM_MODEL) ? {} : { temperature: 0.3 }),
    streaming: false,
  };
}

type Construct = (fields: ChatOpenAIFields) => BaseChatModel;

async function chatOpenAi(): Promise<Construct> {
  const { ChatOpenAI } = await import('@langchain/openai');
  return (fields) => new ChatOpenAI(fields);
}

/**
 * The configured chat model, or undefined for LLM_PROVIDER=none (nothing is imported or built).
 * For a provider it also loads the writer's LangChain modules (loadLlmWriter), so the renderer the
 * app builds around the model is ready at once.
 */
export async function createChatModelFromConfig(config: LlmConfig, construct?: Construct): Promise<BaseChatModel | undefined> {
  if (config.LLM_PROVIDER === 'none') return undefined;
  // config.ts refuses to start without a base URL for a provider; this keeps the type honest.
  if (!config.LLM_BASE_URL) throw new Error(`LLM_BASE_URL is required when LLM_PROVIDER is ${config.LLM_PROVIDER}`);
  const fields = chatOpenAiFields(config);
  const [build] = await Promise.all([construct ?? chatOpenAi(), loadLlmWriter()]);
  return build(fields);
}
