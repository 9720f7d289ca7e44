// The optional LLM reply writer (issue 5, item 7). Templates stay the source of truth: the model
// only rephrases a rendered template, from its facts, under a deadline, and anything doubtful
// about its output sends the template instead. The guard checks whatever comes out (the turn
// does that), so this layer is about quality and cost, not the last line of defence.
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { Runnable } from '@langchain/core/runnables';
import type { Draft, RenderContext, ReplyRenderer } from '../turn/render-replies.js';
import { SAFE_REPLY_KEY } from '../guard/index.js';
import type { Log } from '../observability/logger.js';
import type { ReplyKey } from '../policy/reply-keys.js';
import { builtInPrompts } from '../prompts.js';
import { redact } from '../understanding/redact.js';
import { findOutputProblem, MAX_OUTPUT_CHARS, tidyOutput, type OutputProblem } from './llm-checks.js';
import { fenceSafe, loadRephrasePrompts, type RephrasePrompts, type RephraseVariables } from './llm-prompts.js';

type RephraseChain = Runnable<RephraseVariables, string>;
type ChainModule = typeof import('./llm-chain.js');

// LangChain's runtime is ~0.4 s of imports, so it is loaded only when a model is configured: the
// chain is built in llm-chain.ts, and this module imports it with import() (types only above).
let chainModule: ChainModule | undefined;
let loadingChain: Promise<ChainModule> | undefined;

/**
 * Loads the writer's LangChain modules. createChatModelFromConfig awaits this, so on the server
 * createLlmRenderer builds its chain at once and a bad prompts/llm/rephrase.md stops the start.
 */
export function loadLlmWriter(): Promise<ChainModule> {
  loadingChain ??= import('./llm-chain.js').then((loaded) => (chainModule = loaded));
  return loadingChain;
}

export const DEFAULT_LLM_DEADLINE_MS = 4000;

/** Why a draft kept its template text. */
export type FallbackReason = OutputProblem | 'timeout' | 'error' | 'input_too_long' | 'secret_in_input';

export interface LlmRendererOptions {
  /** Renders the templates; its drafts are what the model rephrases. */
  base: ReplyRenderer;
  /** Any chat model; no tools are ever bound to it. */
  model: BaseChatModel;
  /** Per-call deadline; past it the template is sent. */
  deadlineMs?: number;
  log: Log;
  /** Defaults to the built-in prompts/llm/system.md and rephrase.md. */
  prompts?: RephrasePrompts;
  /** Reply keys that are never rephrased (the guard's safe reply is fixed wording). */
  keepTemplate?: readonly ReplyKey[];
  /** Counts outcomes for metrics; called once per draft. */
  onOutcome?: (outcome: { replyKey: ReplyKey; writer: 'template' | 'llm'; reason?: FallbackReason }) => void;
}

class DeadlineExceeded extends Error {}

export function createLlmRenderer(options: LlmRendererOptions): ReplyRenderer {
  const { base, model, log } = options;
  const deadlineMs = options.deadlineMs ?? DEFAULT_LLM_DEADLINE_MS;
  const prompts = options.prompts ?? loadRephrasePrompts(builtInPrompts);
  const keep = new Set<ReplyKey>(options.keepTemplate ?? [SAFE_REPLY_KEY]);
  // prompt → model → text (llm-chain.ts). Built now when LangChain is loaded already (the server's
  // path, see loadLlmWriter); otherwise, for a model made elsewhere, on the first call.
  let built: RephraseChain | undefined = chainModule?.buildRephraseChain(prompts, model);
  const rephraseChain = async (): Promise<RephraseChain> => (built ??= (await loadLlmWriter()).buildRephraseChain(prompts, model));

  async function rephrase(draft: Draft, context: RenderContext): Promise<Draft> {
    const { reply } = draft;
    if (keep.has(reply.replyKey) || reply.text.trim() === '') return { ...draft, reply: { ...reply, writer: 'template' } };
    const outcome = await tryModel(draft, context);
    options.onOutcome?.({ replyKey: reply.replyKey, writer: outcome.text === undefined ? 'template' : 'llm', reason: outcome.reason });
    if (outcome.text === undefined) {
      log.info({ replyKey: reply.replyKey, reason: outcome.reason }, 'llm writer fell back to the template');
      return { ...draft, reply: { ...reply, writer: 'template' } };
    }
    // Quick replies are the template's: they drive the conversation, not the model.
    return { ...draft, reply: { ...reply, text: outcome.text, writer: 'llm' } };
  }

  async function tryModel({ reply, facts }: Draft, context: RenderContext): Promise<{ text?: string; reason?: FallbackReason }> {
    if (reply.text.length > MAX_OUTPUT_CHARS) return { reason: 'input_too_long' };
    const variables = promptVariables(reply.text, facts, context);
    if (!variables) return { reason: 'secret_in_input' };
    let raw: string;
    try {
      // Inside the try: loading the chain late (a model made elsewhere) can fail too, and a failure
      // falls back to the template like any other.
      const chain = await rephraseChain();
      raw = await withDeadline(deadlineMs, (signal) => chain.invoke(variables, { signal }));
    } catch (err) {
      if (err instanceof DeadlineExceeded) return { reason: 'timeout' };
      // The provider's message may quote our request; keep only its class and code.
      log.warn({ replyKey: reply.replyKey, error: errorName(err) }, 'llm writer call failed');
      return { reason: 'error' };
    }
    const text = tidyOutput(typeof raw === 'string' ? raw : '');
    // Only the draft and the values it was filled with: the visitor's words are not facts here.
    const problem = findOutputProblem(text, reply.text, prompts.system, MAX_OUTPUT_CHARS, facts);
    return problem ? { reason: problem } : { text };
  }

  return {
    async render(replies, context) {
      const drafts = await base.render(replies, context);
      // In parallel: a turn with three replies waits one deadline, not three.
      return Promise.all(drafts.map((d) => rephrase(d, context)));
    },
  };
}

/**
 * What the model sees: the template reply, its facts, the visitor's role and latest message, each
 * fenced. Texts reaching here are already redacted; redacting again is a cheap second lock, and if
 * it would change the template reply itself the draft is not sent at all.
 */
function promptVariables(text: string, facts: readonly string[], context: RenderContext): RephraseVariables | undefined {
  if (redact(text).secrets.length > 0) return undefined;
  const clean = (value: string) => fenceSafe(redact(value).text);
  // The template source (with its {{placeholders}}) is already represented by the rendered text.
  const factLines = [...new Set(facts.map((f) => f.trim()).filter((f) => f !== '' && !/\{\{/.test(f)))];
  return {
    draft: clean(text),
    facts: factLines.length ? factLines.map((f) => `- ${clean(f)}`).join('\n') : '(none beyond the draft)',
    role: context.state.role,
    visitor_message: clean(context.visitorText),
  };
}

/** Runs `call` with an abort signal and gives up at the deadline even if the model ignores it. */
async function withDeadline<T>(ms: number, call: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const err = new DeadlineExceeded(`no answer within ${ms} ms`);
      controller.abort(err);
      reject(err);
    }, ms);
  });
  try {
    return await Promise.race([call(controller.signal), deadline]);
  } catch (err) {
    throw controller.signal.aborted ? controller.signal.reason : err;
  } finally {
    clearTimeout(timer);
  }
}

function errorName(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as Error & { code?: unknown; status?: unknown }).code ?? (err as Error & { status?: unknown }).status;
    return code === undefined ? err.name : `${err.name}:${String(code)}`;
  }
  return typeof err;
}
