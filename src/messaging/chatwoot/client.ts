// Chatwoot's Application API, the two calls an Agent Bot makes: post a message (or a private
// note) to a conversation, and change its status. Through the shared outgoing client
// (outbound/client.ts: deadline, bounded jittered retries after a 429, a 502/503/504 or a network
// failure, a size cap, no redirects). The base URL is CHATWOOT_BASE_URL, the operator's, never one
// from an event; the token travels only in the `api_access_token` header, and no error carries a
// header, a body or a URL.
import { createOutbound, OutboundError } from '../../outbound/client.js';

/** A Chatwoot conversation: its account, and its id as the API and the events name it. */
export interface ChatwootRef {
  accountId: number;
  conversationId: number;
}

export const CHATWOOT_CALLS = ['message', 'note', 'toggle_status'] as const;
export type ChatwootCall = (typeof CHATWOOT_CALLS)[number];
/** A call's end: `refused` is a 4xx other than 429 (the conversation is gone, the bot left the inbox), never retried. */
export const CHATWOOT_OUTCOMES = ['ok', 'refused', 'rate_limited', 'server_error', 'timeout', 'network', 'too_large'] as const;
export type ChatwootOutcome = (typeof CHATWOOT_OUTCOMES)[number];

export interface ChatwootClient {
  /** An outgoing message the visitor sees, or (`private`) a note only Chatwoot's agents see. */
  post(ref: ChatwootRef, content: string, options?: { private?: boolean }): Promise<void>;
  setStatus(ref: ChatwootRef, status: 'open' | 'pending'): Promise<void>;
  close(): Promise<void>;
}

const TIMEOUT_MS = 10_000;
const RETRIES = 3;
/** Chatwoot answers with the message or conversation it changed; nothing of it is read. */
const MAX_ANSWER_BYTES = 256 * 1024;

export function outcomeOf(err: unknown): ChatwootOutcome {
  if (!(err instanceof OutboundError)) return 'network';
  if (err.kind !== 'status') return err.kind;
  if (err.status === 429) return 'rate_limited';
  return err.status !== undefined && err.status >= 500 ? 'server_error' : 'refused';
}

export function createChatwootClient(options: {
  baseUrl: string;
  token: string;
  onCall?: (call: ChatwootCall, outcome: ChatwootOutcome) => void;
  random?: () => number;
}): ChatwootClient {
  const base = new URL(options.baseUrl);
  const http = createOutbound({
    url: base.origin, timeoutMs: TIMEOUT_MS, retries: RETRIES, maxBytes: MAX_ANSWER_BYTES, ...(options.random ? { random: options.random } : {}),
  });
  // A Chatwoot served under a path (https://example.com/chatwoot) keeps it.
  const prefix = base.pathname.replace(/\/+$/, '');
  const conversation = (ref: ChatwootRef) => `${prefix}/api/v1/accounts/${ref.accountId}/conversations/${ref.conversationId}`;

  const call = async (name: ChatwootCall, path: string, body: Record<string, unknown>): Promise<void> => {
    try {
      await http.send({
        method: 'POST', path, body: JSON.stringify(body),
        headers: { 'content-type': 'application/json', accept: 'application/json', api_access_token: options.token },
      });
      options.onCall?.(name, 'ok');
    } catch (err) {
      options.onCall?.(name, outcomeOf(err));
      throw err;
    }
  };

  return {
    post: (ref, content, postOptions = {}) => postOptions.private
      ? call('note', `${conversation(ref)}/messages`, { content, message_type: 'outgoing', private: true })
      : call('message', `${conversation(ref)}/messages`, { content, message_type: 'outgoing' }),
    setStatus: (ref, status) => call('toggle_status', `${conversation(ref)}/toggle_status`, { status }),
    close: () => http.close(),
  };
}
