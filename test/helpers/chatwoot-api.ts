// A loopback stand-in of Chatwoot's Application API, the calls an Agent Bot makes: records every
// call (path, the api_access_token header, the JSON body), answers 401 to a wrong token, and
// answers scripted failures (429, 5xx) before the ordinary answer. On test/helpers/loopback.ts:
// closed when the test ends.
import type { ServerResponse } from 'node:http';
import type { TestContext } from 'node:test';
import { loopbackServer, type RecordedRequest } from './loopback.js';

export const FAKE_BOT_TOKEN = 'cwBotToken0123456789abcd';
export const WEBHOOK_TOKEN = 'whk_0123456789abcdefghijklmnopqrstuv';

export interface ChatwootCall {
  /** `message`, `note` (a private message) or `toggle_status`. */
  kind: 'message' | 'note' | 'toggle_status';
  path: string;
  token: string | undefined;
  body: Record<string, unknown>;
}

export interface FakeChatwoot {
  url: string;
  calls: ChatwootCall[];
  /** The next `count` calls whose path ends with `suffix` get this status instead. */
  fail(suffix: string, status: number, count?: number): void;
  /** Resolves once `count` calls matching `where` were made, with them. */
  waitFor(count: number, where: (call: ChatwootCall) => boolean): Promise<ChatwootCall[]>;
  /** The visitor-visible messages posted to one conversation. */
  messages(accountId: number, conversationId: number): ChatwootCall[];
}

export async function startFakeChatwoot(t: TestContext): Promise<FakeChatwoot> {
  const calls: ChatwootCall[] = [];
  const failures: { suffix: string; status: number }[] = [];
  const watchers = new Set<() => void>();
  let ids = 1;

  const server = await loopbackServer(t, (req: RecordedRequest, res: ServerResponse) => {
    const answer = (status: number, body: unknown): void => void res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    const path = req.url;
    const token = req.headers.api_access_token;
    const body = req.body ? (JSON.parse(req.body) as Record<string, unknown>) : {};
    const kind = path.endsWith('/toggle_status') ? 'toggle_status' : body.private === true ? 'note' : 'message';
    calls.push({ kind, path, token: typeof token === 'string' ? token : undefined, body });
    for (const w of [...watchers]) w();
    if (token !== FAKE_BOT_TOKEN) return answer(401, { error: 'Invalid Access Token' });
    const failure = failures.findIndex((f) => path.endsWith(f.suffix));
    if (failure !== -1) {
      const [scripted] = failures.splice(failure, 1);
      return answer(scripted?.status ?? 500, { error: 'scripted' });
    }
    if (!/^(\/[\w-]+)?\/api\/v1\/accounts\/\d+\/conversations\/\d+\/(messages|toggle_status)$/.test(path)) return answer(404, { error: 'not found' });
    return answer(200, kind === 'toggle_status' ? { payload: { success: true, current_status: body.status } } : { id: ids++, content: body.content });
  });

  return {
    url: server.url,
    calls,
    fail(suffix, status, count = 1) {
      for (let i = 0; i < count; i++) failures.push({ suffix, status });
    },
    waitFor(count, where) {
      return new Promise((resolve) => {
        const check = () => {
          const found = calls.filter(where);
          if (found.length < count) return;
          watchers.delete(check);
          resolve(found);
        };
        watchers.add(check);
        check();
      });
    },
    messages: (accountId, conversationId) => calls.filter((c) => c.kind === 'message' && c.path === `/api/v1/accounts/${accountId}/conversations/${conversationId}/messages`),
  };
}

let messageIds = 5000;

/** A `message_created` event as an Agent Bot receives it (a fresh message id unless given). */
export function messageEvent(conversationId: number, content: string | null, extra: {
  id?: number; messageType?: string; status?: string; private?: boolean; accountId?: number;
} = {}): Record<string, unknown> {
  const id = extra.id ?? ++messageIds;
  const status = extra.status ?? 'pending';
  return {
    event: 'message_created',
    id,
    content,
    content_type: 'text',
    message_type: extra.messageType ?? 'incoming',
    private: extra.private ?? false,
    created_at: '2026-11-22T10:00:00.000Z',
    sender: { id: 3, name: 'Visitor', type: 'contact' },
    inbox: { id: 2, name: 'Website' },
    account: { id: extra.accountId ?? 1, name: 'Shop' },
    conversation: { id: conversationId, inbox_id: 2, status, messages: [{ id, content, account_id: extra.accountId ?? 1 }] },
  };
}

/** A conversation event (`conversation_status_changed`, `conversation_resolved`, …) for one conversation. */
export function conversationEvent(event: string, conversationId: number, status: string, accountId = 1): Record<string, unknown> {
  return { event, id: conversationId, status, inbox_id: 2, messages: [{ id: ++messageIds, account_id: accountId }], meta: {} };
}
