// POST /v1/channels/chatwoot/webhook?token=… (CHATWOOT_BASE_URL set, contract/channels.md): the
// Agent Bot's webhook. Chatwoot signs nothing, so the operator puts CHATWOOT_WEBHOOK_TOKEN in the
// bot's URL; a missing or wrong token is 401 before the body is read, and nothing changes. The
// request log line carries the path only (observability/logger.ts drops every query string).
//
// Answered as soon as the event is taken (a visitor's message stored, messaging/chatwoot): the
// turn runs after, since Chatwoot gives up on the webhook after 5 seconds and then opens the
// conversation for its agents. A failure to store is a 500, and Chatwoot does exactly that.
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { unauthorized } from '../errors.js';
import { hashToken, tokenMatches } from '../security/tokens.js';
import { ChatwootEvent } from '../messaging/chatwoot/chatwoot.js';
import { errorResponses } from './schemas.js';

/** A message event carries the message and its conversation (with the last message again); well inside this. */
const MAX_EVENT_BYTES = 512 * 1024;

export interface ChatwootWebhookDeps {
  token: string;
  receive: (event: ChatwootEvent) => Promise<unknown>;
}

export const chatwootWebhookRoutes: FastifyPluginAsync<ChatwootWebhookDeps> = async (app, deps) => {
  const expected = hashToken(deps.token);
  app.addHook('onRequest', async (request) => {
    const given = (request.query as { token?: unknown } | undefined)?.token;
    if (typeof given !== 'string' || !tokenMatches(given, expected)) throw unauthorized();
  });

  app.withTypeProvider<ZodTypeProvider>().post('/channels/chatwoot/webhook', {
    bodyLimit: MAX_EVENT_BYTES,
    schema: {
      querystring: z.object({ token: z.string().max(256) }),
      // Only the event's name is required here: an event Parley does not read is still
      // acknowledged (an error would make Chatwoot open the conversation for its agents).
      body: z.object({ event: z.string().max(64) }).passthrough(),
      response: { 200: z.object({}), ...errorResponses },
    },
  }, async (request) => {
    const parsed = ChatwootEvent.safeParse(request.body);
    if (parsed.success) await deps.receive(parsed.data);
    return {};
  });
};
