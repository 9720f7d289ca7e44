// The help-site widget's API (contract/http-api.md, "Visitors"). Parse, authorise, delegate.
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authenticateVisitor, readTranscript, startConversation, verifyVisitor, type ConversationDeps } from '../conversation/conversations.js';
import { forVisitor } from '../conversation/view.js';
import { teamAway } from '../handoff/business-hours.js';
import type { LiveUpdates } from '../conversation/live-updates.js';
import { handleTurn, type TurnDeps } from '../turn/turn.js';
import { AppError } from '../errors.js';
import { addToRequestLine, type Logger } from '../observability/logger.js';
import { bearerToken } from './bearer.js';
import { BODY_LIMITS } from './hardening.js';
import { errorResponses, Message, MessageText, ResourceId, State } from './schemas.js';
import type { EventStreams } from './sse.js';

export interface WidgetDeps {
  conversations: ConversationDeps;
  turn: TurnDeps;
  live: Pick<LiveUpdates, 'subscribe'>;
  streams: EventStreams;
  /** The host site's user id when its identity hash checks out; throws when it does not. */
  verifyIdentity: (userId: string, userHash: string) => string;
  /** Per-conversation message limit; checked after authentication. */
  limitConversation: (conversationId: string) => void;
  /** Per-address hourly limit on opening conversations: 0 when this one may open, else the seconds to wait. */
  admitOpen: (clientAddress: string) => Promise<number>;
}

const Params = z.object({ id: ResourceId });

/** Whether the shop's team is there now (only when the shop policy has business hours): a widget may say so up front. */
const Team = z.object({
  open: z.boolean(),
  /** While away: when the team is back, its time zone named, and the shop's own contact. */
  reopens: z.string().optional(),
  contact: z.string().optional(),
});

function teamNow({ businessHours, clock }: Pick<TurnDeps, 'businessHours' | 'clock'>): { team?: z.infer<typeof Team> } {
  if (!businessHours) return {};
  const away = teamAway(businessHours, clock());
  return { team: away ? { open: false, ...away } : { open: true } };
}

const tooManyOpens = (seconds: number) => new AppError('rate_limited',
  `Too many conversations were started from your address; please try again in ${seconds < 120 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`}.`);

export const widgetRoutes: FastifyPluginAsync<WidgetDeps> = async (app, deps) => {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  // Every log line of a request on a conversation names it, a rejected body's included (the id is
  // not a secret; a value that is not an id's shape is left out rather than logged unvalidated).
  // Bound onto fastify's own per-request child logger (pino's; request.log and reply.log are that
  // one object, made for this request alone). A child of it instead makes that object a prototype,
  // which V8 pays for when the child is made and in every line written through it.
  app.addHook('onRequest', (request, _reply, done) => {
    const { id } = request.params as { id?: string };
    if (id && ResourceId.safeParse(id).success) (request.log as Logger).setBindings({ conversationId: id });
    done();
  });

  routes.post('/conversations', {
    bodyLimit: BODY_LIMITS.conversationCreate,
    schema: {
      // Every field is optional, so no body at all is a valid request.
      body: z.preprocess((body) => body ?? {}, z.object({
        locale: z.string().regex(/^[a-z]{2}(-[A-Z]{2})?$/, 'a language tag like "en" or "en-GB"').default('en'),
        metadata: z.object({ page: z.string().max(2048).optional() }).strict().optional(),
        // The host site's signed-in user, vouched for with an HMAC of the user id (docs/orders-and-webhooks.md).
        identity: z.object({ userId: z.string().min(1).max(254), userHash: z.string().regex(/^[0-9a-f]{64}$/i, 'a hex HMAC-SHA256') }).strict().optional(),
      }).strict()),
      response: { 201: z.object({ conversation: z.object({ id: z.string() }), token: z.string(), messages: z.array(Message), state: State, team: Team.optional() }), ...errorResponses },
    },
  }, async (request, reply) => {
    const wait = await deps.admitOpen(request.ip);
    if (wait > 0) {
      void reply.header('retry-after', String(wait));
      throw tooManyOpens(wait);
    }
    const { identity } = request.body;
    const verifiedUserId = identity ? deps.verifyIdentity(identity.userId, identity.userHash) : null;
    const opened = await startConversation(deps.conversations, { locale: request.body.locale, page: request.body.metadata?.page ?? null, verifiedUserId });
    request.log.info({ conversationId: opened.conversation.id }, 'conversation started');
    return reply.status(201).send({ ...opened, messages: opened.messages.map(forVisitor), ...teamNow(deps.turn) });
  });

  routes.post('/conversations/:id/messages', {
    bodyLimit: BODY_LIMITS.visitorMessage,
    schema: {
      params: Params,
      body: z.object({ text: MessageText, clientMessageId: z.string().min(1).max(64).optional() }).strict(),
      response: { 200: z.object({ messages: z.array(Message), state: State }), ...errorResponses },
    },
  }, async (request, reply) => {
    await verifyVisitor(deps.conversations.store, request.params.id, bearerToken(request));
    deps.limitConversation(request.params.id);
    const answer = await handleTurn(deps.turn, {
      conversationId: request.params.id,
      text: request.body.text,
      clientMessageId: request.body.clientMessageId ?? null,
      clientAddress: request.ip,
    }, (turn) => addToRequestLine(reply, { turn }));
    return { ...answer, messages: answer.messages.map(forVisitor) };
  });

  routes.get('/conversations/:id', {
    schema: {
      params: Params,
      response: { 200: z.object({ conversation: z.object({ id: z.string(), status: z.string() }), messages: z.array(Message), state: State }), ...errorResponses },
    },
  }, async (request) => {
    const record = await authenticateVisitor(deps.conversations.store, request.params.id, bearerToken(request));
    const transcript = await readTranscript(deps.conversations.store, record);
    return { ...transcript, messages: transcript.messages.map(forVisitor) };
  });

  // EventSource cannot send headers, so this one route also takes the token as ?token=.
  routes.get('/conversations/:id/events', {
    schema: { params: Params, querystring: z.object({ token: z.string().max(256).optional() }), response: errorResponses },
  }, async (request, reply) => {
    const id = request.params.id;
    // The stream tells what is appended after the conversation as read here.
    const { lastSeq } = await authenticateVisitor(deps.conversations.store, id, bearerToken(request) ?? request.query.token);
    deps.streams.open(request, reply, id, (send) =>
      deps.live.subscribe(id, lastSeq, (update) => {
        if (update.kind === 'message') send('message', forVisitor(update.message), update.message.id);
        else send('state', update.state);
      }));
  });
};
