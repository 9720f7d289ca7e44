// The support agents' API (contract/http-api.md, "Support agents"): the queue, one handoff with its
// transcript, claim, reply, resolve, and a live stream. Every request is checked against the agent
// directory (no cache: a revoked token stops working on its next request).
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AgentDirectory, SignedInAgent } from '../agents/agent-directory.js';
import { notFound, unauthorized } from '../errors.js';
import type { HandoffFeed } from '../handoff/feed.js';
import { claimHandoff, replyToHandoff, resolveHandoff, type HandoffDeps } from '../handoff/service.js';
import { HANDOFF_STATUSES } from '../handoff/state-machine.js';
import { bearerToken } from './bearer.js';
import { BODY_LIMITS } from './hardening.js';
import { errorResponses, Message, MessageText, ResourceId, State } from './schemas.js';
import type { EventStreams } from './sse.js';

export interface AgentRouteDeps {
  agents: AgentDirectory;
  handoffs: HandoffDeps;
  feed: HandoffFeed;
  streams: EventStreams;
}

const Identifiers = z.record(z.string(), z.string());

const Packet = z.object({
  reason: z.string().nullable(),
  role: State.shape.role,
  intent: State.shape.intent,
  identifiers: Identifiers,
  panelFacts: z.array(z.object({
    orderId: z.string(),
    outcome: z.enum(['shown', 'not_verified', 'locked_out', 'panel_unavailable', 'not_on_panel', 'ownership_unavailable']),
    status: z.string().nullable(),
    remains: z.number().nullable(),
    startCount: z.number().nullable(),
    fetchedAt: z.string(),
  })),
  botSaid: z.array(z.object({ text: z.string(), at: z.string().nullable() })),
  blockedDrafts: z.array(z.object({ replyKey: z.string(), rules: z.array(z.string()), draft: z.string(), at: z.string().nullable() })),
  summary: z.string(),
  summarySource: z.literal('facts'),
});

export const Handoff = z.object({
  id: z.string(),
  conversationId: z.string(),
  status: z.enum(HANDOFF_STATUSES),
  reason: z.string(),
  summary: z.string(),
  role: State.shape.role,
  intent: State.shape.intent,
  /** In full: agents need the real order ID and email to help. */
  collected: Identifiers,
  assignee: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  packet: Packet,
});

/** Agents see who said what by login name, and the name the visitor saw (`agentShownAs`). */
const AgentMessage = Message.extend({ agentShownAs: z.string().optional() });

const Params = z.object({ id: ResourceId });
const HandoffBody = z.object({ handoff: Handoff });
/** An agent's note on resolving: for the record, never shown to the visitor. */
const Note = z.string().max(2000, 'note must be at most 2000 characters');

const EVENTS_PATH = '/handoffs/events';

/** `?token=` is accepted only where EventSource needs it (the events route); headers everywhere. */
function tokenOf(request: FastifyRequest): string | undefined {
  const header = bearerToken(request);
  if (header || !request.routeOptions.url?.endsWith(EVENTS_PATH)) return header;
  const { token } = request.query as { token?: unknown };
  return typeof token === 'string' && token.length <= 256 ? token : undefined;
}

export const agentRoutes: FastifyPluginAsync<AgentRouteDeps> = async (app, deps) => {
  const routes = app.withTypeProvider<ZodTypeProvider>();

  // Authenticate before anything else (validation included), so a caller without a valid agent
  // token learns nothing, and gets the same 401 for a missing, unknown, revoked or visitor token.
  const signedIn = new WeakMap<FastifyRequest, SignedInAgent>();
  app.addHook('onRequest', async (request) => {
    const agent = await deps.agents.authenticate(tokenOf(request));
    if (!agent) throw unauthorized();
    signedIn.set(request, agent);
  });
  const agentOf = (request: FastifyRequest): SignedInAgent => {
    const agent = signedIn.get(request);
    if (!agent) throw unauthorized(); // unreachable: the hook ran first
    return agent;
  };

  routes.get('/agents/me', {
    schema: { response: { 200: z.object({ agent: z.object({ name: z.string(), displayName: z.string().nullable() }) }), ...errorResponses } },
  }, async (request) => ({ agent: agentOf(request) }));

  routes.get('/handoffs', {
    schema: {
      querystring: z.object({ status: z.enum(HANDOFF_STATUSES).default('queued') }).strict(),
      response: { 200: z.object({ handoffs: z.array(Handoff) }), ...errorResponses },
    },
  }, async (request) => ({ handoffs: await deps.handoffs.reader.list(request.query.status) }));

  // EventSource cannot send headers, so this one route also takes the token as ?token=.
  routes.get(EVENTS_PATH, {
    schema: { querystring: z.object({ token: z.string().max(256).optional() }).strict(), response: errorResponses },
  }, async (request, reply) => {
    const token = tokenOf(request);
    const agent = agentOf(request).name;
    // Each update waits for the one before it, so they are sent in the order they came.
    let previous = Promise.resolve();
    deps.streams.open(request, reply, `agent:${agent}`, (send) =>
      deps.feed.subscribe((update) => {
        previous = previous.then(async () => {
          // Revocation reaches open streams too: the next update ends a revoked agent's stream.
          const still = (await deps.agents.authenticate(token))?.name === agent;
          if (reply.raw.writableEnded || reply.raw.destroyed) return;
          if (!still) {
            reply.raw.destroy();
            return;
          }
          if (update.kind === 'handoff') send('handoff', update.handoff);
          else send('message', { handoffId: update.handoffId, message: update.message }, update.message.id);
        }).catch((err: unknown) => {
          request.log.error({ err }, 'agent stream update failed');
          reply.raw.destroy();
        });
      }));
  });

  routes.get('/handoffs/:id', {
    schema: { params: Params, response: { 200: z.object({ handoff: Handoff, messages: z.array(AgentMessage) }), ...errorResponses } },
  }, async (request) => {
    const row = await deps.handoffs.handoffs.get(request.params.id);
    const handoff = row && (await deps.handoffs.reader.view(row));
    if (!row || !handoff) throw notFound('handoff');
    return { handoff, messages: await deps.handoffs.reader.transcript(row) };
  });

  routes.post('/handoffs/:id/claim', {
    bodyLimit: BODY_LIMITS.agent,
    schema: { params: Params, body: z.object({}).strict().nullish(), response: { 200: HandoffBody, ...errorResponses } },
  }, async (request) => {
    const agent = agentOf(request);
    const handoff = await claimHandoff(deps.handoffs, request.params.id, agent);
    request.log.info({ handoffId: handoff.id, conversationId: handoff.conversationId, agent: agent.name }, 'handoff claimed');
    return { handoff };
  });

  routes.post('/handoffs/:id/messages', {
    bodyLimit: BODY_LIMITS.agent,
    schema: {
      params: Params,
      body: z.object({ text: MessageText }).strict(),
      response: { 201: z.object({ message: AgentMessage }), ...errorResponses },
    },
  }, async (request, reply) => {
    const agent = agentOf(request);
    const message = await replyToHandoff(deps.handoffs, request.params.id, agent, request.body.text);
    return reply.status(201).send({ message });
  });

  routes.post('/handoffs/:id/resolve', {
    bodyLimit: BODY_LIMITS.agent,
    schema: {
      params: Params,
      body: z.object({ note: Note.optional() }).strict().nullish(),
      response: { 200: HandoffBody, ...errorResponses },
    },
  }, async (request) => {
    const agent = agentOf(request);
    const note = request.body?.note?.trim() || null;
    const handoff = await resolveHandoff(deps.handoffs, request.params.id, agent, note);
    request.log.info({ handoffId: handoff.id, conversationId: handoff.conversationId, agent: agent.name }, 'handoff resolved');
    return { handoff };
  });
};
