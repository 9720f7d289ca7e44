// GET /openapi.json: the API's OpenAPI 3.1 document, generated from the zod schemas the routes
// validate with. The routes are noted as they are registered (an onRoute hook: nothing else runs at
// start); the first request loads @fastify/swagger, declares the same routes on a scratch instance
// for it, and fastify-type-provider-zod's transform turns their zod schemas into JSON Schema. The
// document is kept. Loaded at start, @fastify/swagger and its YAML writer cost ~60 ms of CPU for a
// document most processes never serve. What a route's schema cannot say (its summary, who may call
// it, a stream or a raw body) is in OPERATIONS below; docs/api.md is the prose around it.
import { readFileSync } from 'node:fs';
import type { SwaggerOptions } from '@fastify/swagger';
import Fastify, { type FastifyInstance, type FastifySchema, type RouteOptions } from 'fastify';
import { createJsonSchemaTransform, createJsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ERROR_CODES } from '../errors.js';
import { WebhookEvent } from '../orders/webhook-event.js';
import { SIGNATURE_HEADER, TOLERANCE_SECONDS } from '../orders/webhook-signature.js';
import { fromRoot } from '../paths.js';
import { SECRET_HEADER as TELEGRAM_SECRET_HEADER } from './telegram-webhook.js';
import { zodSchemaController } from './schema-controller.js';
import { ErrorBody, Message, State } from './schemas.js';

export const OPENAPI_PATH = '/openapi.json';

/** Who may call a route (OpenAPI `security`): none of the entries is public; two entries are alternatives. */
const AUTH = {
  public: [],
  visitor: [{ visitorToken: [] }],
  /** EventSource cannot send headers: the event streams also take the token as `?token=`. */
  visitorStream: [{ visitorToken: [] }, { visitorTokenQuery: [] }],
  agent: [{ agentToken: [] }],
  agentStream: [{ agentToken: [] }, { agentTokenQuery: [] }],
  metrics: [{ metricsToken: [] }],
  webhook: [{ webhookSignature: [] }],
  telegram: [{ telegramSecret: [] }],
  chatwoot: [{ chatwootToken: [] }],
} as const;

type Tag = 'visitors' | 'agents' | 'webhooks' | 'channels' | 'operations';

/** An answer written outside fastify's serialiser (an event stream, Prometheus text). */
interface RawAnswer {
  status: number;
  mediaType: string;
  description: string;
}

interface Operation {
  tag: Tag;
  summary: string;
  security: (typeof AUTH)[keyof typeof AUTH];
  /** A body the route reads raw and parses itself (the signed webhook: parsed after the signature). */
  body?: z.ZodType;
  answers?: readonly RawAnswer[];
  /** Error statuses of a route without a zod response schema. */
  errors?: readonly number[];
}

const stream = (what: string): RawAnswer => ({ status: 200, mediaType: 'text/event-stream', description: `Server-sent events: ${what} (docs/api.md, "Event streams")` });

/** Every route of the API, by `METHOD url` as registered; a route missing here fails test/http/openapi.test.ts. */
export const OPERATIONS: Readonly<Record<string, Operation>> = {
  'POST /v1/conversations': { tag: 'visitors', summary: 'Open a conversation: its id, its token (shown once) and the greeting', security: AUTH.public },
  'POST /v1/conversations/:id/messages': { tag: 'visitors', summary: "Send the visitor's message; the answer holds the bot's replies to it", security: AUTH.visitor },
  'GET /v1/conversations/:id': { tag: 'visitors', summary: 'The transcript and state of a conversation', security: AUTH.visitor },
  'GET /v1/conversations/:id/events': {
    tag: 'visitors', summary: 'Live stream of new messages (agent replies included) and state changes', security: AUTH.visitorStream,
    answers: [stream('`message` (a Message) and `state` (a State) events, heartbeat comments')],
  },
  'GET /v1/agents/me': { tag: 'agents', summary: 'The signed-in agent', security: AUTH.agent },
  'GET /v1/handoffs': { tag: 'agents', summary: 'Handoffs in one status, oldest first', security: AUTH.agent },
  'GET /v1/handoffs/events': {
    tag: 'agents', summary: 'Live stream of handoff changes and new messages in handed-off conversations', security: AUTH.agentStream,
    answers: [stream('`handoff` (a Handoff) and `message` ({handoffId, message}) events, heartbeat comments')],
  },
  'GET /v1/handoffs/:id': { tag: 'agents', summary: 'One handoff with its transcript', security: AUTH.agent },
  'POST /v1/handoffs/:id/claim': { tag: 'agents', summary: 'Take a handoff; 409 when another agent holds it', security: AUTH.agent },
  'POST /v1/handoffs/:id/messages': { tag: 'agents', summary: "Reply to the visitor of a handoff you hold", security: AUTH.agent },
  'POST /v1/handoffs/:id/resolve': { tag: 'agents', summary: 'Resolve a handoff; the bot may speak again afterwards', security: AUTH.agent },
  'POST /v1/webhooks/panel': { tag: 'webhooks', summary: 'An order event from the panel (signed); 200 once it is stored', security: AUTH.webhook, body: WebhookEvent },
  'POST /v1/channels/telegram/webhook': {
    tag: 'channels', summary: 'A Telegram update (TELEGRAM_MODE=webhook only): 200 once handled, or after 1.5 s', security: AUTH.telegram,
  },
  'POST /v1/channels/chatwoot/webhook': {
    tag: 'channels', summary: "A Chatwoot Agent Bot event (CHATWOOT_BASE_URL set): 200 at once, a visitor's turn runs after", security: AUTH.chatwoot,
  },
  'GET /healthz': { tag: 'operations', summary: 'Liveness: the process answers', security: AUTH.public },
  'GET /readyz': { tag: 'operations', summary: 'Readiness: database, panel breaker, panel key, load', security: AUTH.public },
  'GET /metrics': {
    tag: 'operations', summary: 'Prometheus metrics', security: AUTH.metrics, errors: [401],
    answers: [{ status: 200, mediaType: 'text/plain', description: 'The Prometheus text exposition format (docs/observability.md)' }],
  },
  [`GET ${OPENAPI_PATH}`]: {
    tag: 'operations', summary: 'This OpenAPI document', security: AUTH.public,
    answers: [{ status: 200, mediaType: 'application/json', description: 'The OpenAPI 3.1 document of this API' }],
  },
};

/** Shared wire shapes, named once in the document (components/schemas) instead of repeated inline. */
const registry = z.registry<{ id: string }>();
registry.add(ErrorBody, { id: 'Error' });
registry.add(Message, { id: 'Message' });
registry.add(State, { id: 'State' });
const ERROR_REF = '#/components/schemas/Error';

const zodTransform = createJsonSchemaTransform({ schemaRegistry: registry });
const addComponents = createJsonSchemaTransformObject({ schemaRegistry: registry });
const BEARER = { type: 'http', scheme: 'bearer' } as const;

/** "An error: bad_request or validation_failed", per status, from errors.ts. */
function errorDescription(status: number): string {
  const codes = Object.entries(ERROR_CODES).filter(([, s]) => s === status).map(([code]) => code);
  return codes.length > 0 ? `An error: ${codes.join(', ')}` : 'An error';
}

/** A route's schema for the document: its zod schemas as JSON Schema, plus what OPERATIONS says. */
function describeRoute(input: Parameters<typeof zodTransform>[0], operation: Operation): { schema: FastifySchema; url: string } {
  const { schema = {}, url } = zodTransform(input); // no schema: /metrics, this document
  const response: Record<string, unknown> = { ...(schema.response as Record<string, unknown> | undefined) };
  for (const status of operation.errors ?? []) response[status] = { $ref: ERROR_REF };
  for (const [status, answer] of Object.entries(response)) {
    if ((answer as { $ref?: string }).$ref === ERROR_REF) response[status] = { ...(answer as object), description: errorDescription(Number(status)) };
  }
  for (const a of operation.answers ?? []) {
    response[a.status] = { description: a.description, content: { [a.mediaType]: { schema: { type: 'string' } } } };
  }
  return {
    url,
    schema: {
      ...schema,
      tags: [operation.tag],
      summary: operation.summary,
      security: operation.security,
      // Straight from zod: the library's transform drops a union's members that transform their
      // value (the webhook's ids and counts, given as numbers or strings).
      ...(operation.body ? { body: withoutDialect(z.toJSONSchema(operation.body, { io: 'input', unrepresentable: 'any' })) } : {}),
      ...(Object.keys(response).length > 0 ? { response } : {}),
    },
  };
}

/** The parts of the built document `finish` reads and changes. */
interface Document {
  info?: Record<string, unknown>;
  paths?: Record<string, Record<string, { requestBody?: { required: boolean } }>>;
  components?: { schemas?: Record<string, object> };
}

/** A JSON Schema as a part of the document: its own `$schema` and `$id` do not belong there. */
function withoutDialect(schema: object): object {
  const { $schema: _dialect, $id: _id, ...rest } = schema as Record<string, unknown>;
  return rest;
}

/**
 * The last touches: the package's version, only the components something refers to (the library
 * adds an input and an output variant of each), and a body that may be left out marked optional
 * (@fastify/swagger marks every body required).
 */
function finish(output: ReturnType<typeof addComponents>, optionalBodies: ReadonlySet<string>): ReturnType<typeof addComponents> {
  const document = output as Document; // a fresh object, built once (3.1: the version registerOpenApi asks for)
  const paths = document.paths ?? {};
  for (const [path, item] of Object.entries(paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (operation.requestBody && optionalBodies.has(`${method.toUpperCase()} ${path}`)) operation.requestBody.required = false;
    }
  }
  const all = document.components?.schemas ?? {};
  const kept: Record<string, object> = {};
  let referring = JSON.stringify(paths);
  for (let added = true; added;) {
    added = false;
    for (const [name, schema] of Object.entries(all)) {
      if (kept[name] || !referring.includes(`"#/components/schemas/${name}"`)) continue;
      kept[name] = withoutDialect(schema);
      referring += JSON.stringify(schema);
      added = true;
    }
  }
  document.info = { ...document.info, version: packageVersion() };
  document.components = { ...document.components, schemas: kept };
  return output;
}

/** Notes every route registered after it and serves GET /openapi.json, built from them when first asked for. */
export function registerOpenApi(app: FastifyInstance): void {
  const routes: RouteOptions[] = [];
  app.addHook('onRoute', (route) => {
    if (route.method !== 'HEAD') routes.push(route); // fastify adds a HEAD for each GET
  });
  let document: Promise<string> | undefined;
  app.get(OPENAPI_PATH, async (_request, reply) => {
    document ??= buildDocument(routes).then((built) => JSON.stringify(built));
    // A failed build is tried again on the next request rather than kept.
    const body = await document.catch((err: unknown) => {
      document = undefined;
      throw err;
    });
    return reply.header('content-type', 'application/json; charset=utf-8').send(body);
  });
}

async function buildDocument(routes: readonly RouteOptions[]): Promise<unknown> {
  const { default: swagger } = await import('@fastify/swagger');
  const scratch = Fastify({ schemaController: zodSchemaController });
  await scratch.register(swagger, swaggerOptions());
  for (const { method, url, schema } of routes) scratch.route({ method, url, ...(schema ? { schema } : {}), handler: async () => null });
  await scratch.ready();
  try {
    return scratch.swagger();
  } finally {
    await scratch.close();
  }
}

function swaggerOptions(): SwaggerOptions {
  const optionalBodies = new Set<string>();
  return {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Parley',
        version: 'unreleased', // package.json's, set when the document is built
        description: 'Customer-support chatbot for SMM panels. Event streams, webhooks, errors and limits are described in docs/api.md in the repository.',
      },
      tags: [
        { name: 'visitors', description: 'The help-site widget. Opening a conversation returns its token; every other call on it sends that token.' },
        { name: 'agents', description: "The support agents' queue and replies. Agent tokens are made with `parley agents add <name>`." },
        { name: 'webhooks', description: 'Order events pushed by the panel, signed with WEBHOOK_SECRET.' },
        { name: 'channels', description: 'Messaging apps as another way in (Telegram), each only when configured.' },
        { name: 'operations', description: 'Health, readiness, metrics and this document.' },
      ],
      components: {
        securitySchemes: {
          visitorToken: { ...BEARER, description: 'The token POST /v1/conversations returned; valid for that conversation only.' },
          visitorTokenQuery: { type: 'apiKey', in: 'query', name: 'token', description: 'The conversation token as ?token= (its event stream only).' },
          agentToken: { ...BEARER, description: "An agent's token (`parley agents add <name>`)." },
          agentTokenQuery: { type: 'apiKey', in: 'query', name: 'token', description: "An agent's token as ?token= (the agents' event stream only)." },
          metricsToken: { ...BEARER, description: 'METRICS_TOKEN, when it is set (without it, /metrics is open).' },
          webhookSignature: {
            type: 'apiKey', in: 'header', name: SIGNATURE_HEADER,
            description: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>." + the raw body, keyed with WEBHOOK_SECRET>; t within ${TOLERANCE_SECONDS} s of the server's clock.`,
          },
          telegramSecret: { type: 'apiKey', in: 'header', name: TELEGRAM_SECRET_HEADER, description: "TELEGRAM_WEBHOOK_SECRET, given to Telegram as setWebhook's secret_token (docs/channels.md)." },
          chatwootToken: { type: 'apiKey', in: 'query', name: 'token', description: "CHATWOOT_WEBHOOK_TOKEN, in the Agent Bot's webhook URL as ?token= (docs/channels.md); never logged." },
        },
      },
    },
    transform: (input) => {
      const key = `${String(input.route.method)} ${input.url}`;
      const operation = OPERATIONS[key];
      // Not an API route (the widget script, the console's files): not in the document.
      if (!operation && !input.schema) return { schema: { hide: true }, url: input.url };
      if (!operation) return zodTransform(input);
      if (isOptional(input.schema?.body)) optionalBodies.add(key.replace(/:(\w+)/g, '{$1}'));
      return describeRoute(input, operation);
    },
    transformObject: (input) => finish(addComponents(input), optionalBodies),
  };
}

/** Whether a route accepts no body at all (fastify hands its validator `undefined` then). */
function isOptional(body: unknown): boolean {
  return body instanceof z.ZodType && body.safeParse(undefined).success;
}

function packageVersion(): string {
  return (JSON.parse(readFileSync(fromRoot('package.json'), 'utf8')) as { version: string }).version;
}
