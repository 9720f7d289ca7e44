// POST /v1/channels/telegram/webhook (TELEGRAM_MODE=webhook, contract/channels.md): Telegram posts
// each Update here with the secret given to setWebhook in X-Telegram-Bot-Api-Secret-Token. A
// missing or wrong secret is 401 before the body is read, and nothing changes.
//
// The answer waits for the update's handling (a turn takes milliseconds) for ANSWER_WITHIN_MS at
// most, then is 200 whatever: Telegram sends a chat's next update only after this one's answer,
// and a slow panel lookup must not hold it. Handled in time, a failure (the database down) is a
// 500, so Telegram delivers the update again (the turn's clientMessageId makes that safe); only an
// update still being handled after the answer, on a process that then dies, is lost. A graceful
// stop waits for those.
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { unauthorized } from '../errors.js';
import { hashToken, tokenMatches } from '../security/tokens.js';
import { TelegramUpdate } from '../messaging/telegram/telegram.js';
import { errorResponses } from './schemas.js';

export const SECRET_HEADER = 'x-telegram-bot-api-secret-token';
export const ANSWER_WITHIN_MS = 1_500;
/** A text message is at most 4096 characters; an update with its entities and names fits well inside. */
const MAX_UPDATE_BYTES = 64 * 1024;

export interface TelegramWebhookDeps {
  secret: string;
  /** Handles one update to the end (messaging/telegram/telegram.ts handleUpdate). */
  handle: (update: TelegramUpdate) => Promise<unknown>;
}

export const telegramWebhookRoutes: FastifyPluginAsync<TelegramWebhookDeps> = async (app, deps) => {
  const expected = hashToken(deps.secret);
  const inFlight = new Set<Promise<unknown>>();
  // Before the body is read: a caller without the secret costs no parsing and learns nothing.
  app.addHook('onRequest', async (request) => {
    const given = request.headers[SECRET_HEADER];
    if (typeof given !== 'string' || !tokenMatches(given, expected)) throw unauthorized();
  });
  app.addHook('onClose', async () => {
    await Promise.allSettled([...inFlight]);
  });

  app.withTypeProvider<ZodTypeProvider>().post('/channels/telegram/webhook', {
    bodyLimit: MAX_UPDATE_BYTES,
    schema: {
      // Only the update_id is required here: an update of a kind Parley does not read is still
      // acknowledged (a 4xx would make Telegram send it again and again).
      body: z.object({ update_id: z.number().int().nonnegative() }).passthrough(),
      response: { 200: z.object({}), ...errorResponses },
    },
  }, async (request) => {
    const parsed = TelegramUpdate.safeParse(request.body);
    if (!parsed.success) return {};
    const handling = deps.handle(parsed.data);
    let answered = false;
    inFlight.add(handling);
    void handling.then(() => inFlight.delete(handling), (err: unknown) => {
      inFlight.delete(handling);
      // Before the answer, the failure is the request's own 500 (logged with it).
      if (answered) request.log.error({ err, updateId: parsed.data.update_id }, 'a Telegram update failed after its webhook was answered');
    });
    let timer: NodeJS.Timeout | undefined;
    const later = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, ANSWER_WITHIN_MS);
    });
    try {
      // A failure within the wait rejects here: a 500, and Telegram tries again.
      await Promise.race([handling, later]);
    } finally {
      answered = true;
      clearTimeout(timer);
    }
    return {};
  });
};
