// A loopback stand-in of the Telegram Bot API: records every call, serves getUpdates from a queue
// (long polling: a call with nothing to give waits until an update is pushed or the server
// closes), confirms updates below the offset as Telegram does, and answers scripted failures
// (429 with retry_after, 500) before the ordinary answer. Closed after the test.
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { TestContext } from 'node:test';

export const FAKE_TOKEN = '123456789:AAtest-token_for-the-fake-bot-api-0001';

export interface BotApiCall {
  method: string;
  body: Record<string, unknown>;
}

export interface FakeBotApi {
  url: string;
  calls: BotApiCall[];
  /** Queues an update for getUpdates (and wakes a waiting long poll). */
  push(update: Record<string, unknown>): void;
  /** The next `count` calls of `method` get this answer instead. */
  fail(method: string, status: number, body: Record<string, unknown>, count?: number): void;
  /** Resolves once `count` calls of `method` (matching `where`) were made, with them. */
  waitForCalls(method: string, count: number, where?: (body: Record<string, unknown>) => boolean): Promise<BotApiCall[]>;
  sent(chatId?: number): BotApiCall[];
  close(): Promise<void>;
}

let updateIds = 1000;
/** A private chat's text message, as an update (a fresh update_id unless given). */
export function textUpdate(chatId: number, text: string, extra: { updateId?: number; messageId?: number; chatType?: string } = {}): Record<string, unknown> {
  const updateId = extra.updateId ?? ++updateIds;
  return {
    update_id: updateId,
    message: {
      message_id: extra.messageId ?? updateId * 10,
      date: 1_800_000_000,
      chat: { id: chatId, type: extra.chatType ?? 'private', first_name: 'Visitor' },
      from: { id: chatId, is_bot: false, first_name: 'Visitor' },
      text,
    },
  };
}

export async function startFakeBotApi(t: TestContext, token = FAKE_TOKEN): Promise<FakeBotApi> {
  const calls: BotApiCall[] = [];
  let updates: Record<string, unknown>[] = [];
  const failures = new Map<string, { status: number; body: Record<string, unknown> }[]>();
  const waitingPolls = new Set<() => void>();
  const watchers = new Set<() => void>();
  let messageIds = 1;

  const answer = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };
  const ok = (res: ServerResponse, result: unknown) => answer(res, 200, { ok: true, result });

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const match = /^\/bot([^/]+)\/(\w+)$/.exec(req.url ?? '');
      if (!match || match[1] !== token) return answer(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
      const method = match[2] as string;
      const body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : {};
      calls.push({ method, body });
      for (const w of watchers) w();
      const scripted = failures.get(method)?.shift();
      if (scripted) return answer(res, scripted.status, scripted.body);
      switch (method) {
        case 'getUpdates': {
          const offset = typeof body.offset === 'number' ? body.offset : 0;
          updates = updates.filter((u) => (u.update_id as number) >= offset); // below the offset: confirmed, forgotten
          const serve = () => ok(res, updates);
          if (updates.length > 0) return serve();
          const wake = () => {
            waitingPolls.delete(wake);
            updates = updates.filter((u) => (u.update_id as number) >= offset);
            serve();
          };
          waitingPolls.add(wake);
          res.on('close', () => waitingPolls.delete(wake));
          return undefined;
        }
        case 'sendMessage':
          return ok(res, { message_id: messageIds++, chat: { id: body.chat_id, type: 'private' }, text: body.text });
        default:
          return ok(res, true);
      }
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };

  const api: FakeBotApi = {
    url: `http://127.0.0.1:${port}`,
    calls,
    push(update) {
      updates.push(update);
      for (const wake of [...waitingPolls]) wake();
    },
    fail(method, status, body, count = 1) {
      const list = failures.get(method) ?? [];
      for (let i = 0; i < count; i++) list.push({ status, body });
      failures.set(method, list);
    },
    waitForCalls(method, count, where = () => true) {
      const matching = () => calls.filter((c) => c.method === method && where(c.body));
      return new Promise((resolve) => {
        const check = () => {
          const found = matching();
          if (found.length < count) return;
          watchers.delete(check);
          resolve(found);
        };
        watchers.add(check);
        check();
      });
    },
    sent: (chatId) => calls.filter((c) => c.method === 'sendMessage' && (chatId === undefined || c.body.chat_id === chatId)),
    async close() {
      for (const wake of [...waitingPolls]) wake();
      server.closeAllConnections();
      server.close();
      await once(server, 'close').catch(() => undefined);
    },
  };
  t.after(() => api.close());
  return api;
}
