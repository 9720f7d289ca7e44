// The HTTP edge, in one place: server timeouts, CORS, security headers for the JSON API, rate
// limits (per address, and on 404s), load shedding, and Retry-After on every 429. The HTML pages
// add their own stricter CSP on top (channels/pages.ts); body limits sit on each route.
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import underPressure from '@fastify/under-pressure';
import type { FastifyBaseLogger, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.js';
import { AppError } from '../errors.js';
import { notFoundHandler } from './error-handler.js';

const MINUTE = 60_000;

/** Bytes per request body. Webhooks keep their own 64 KiB (channels/webhooks.ts). */
export const BODY_LIMITS = {
  /** `{locale, metadata.page ≤ 2048}`: far below 4 KiB. */
  conversationCreate: 4 * 1024,
  /** 2000 code points of 4 UTF-8 bytes each plus the JSON around them still fit. */
  visitorMessage: 8 * 1024,
  agent: 16 * 1024,
  /** Everything else (the server-wide default). */
  default: 16 * 1024,
} as const;

/** Idle keep-alive sockets live longer than a reverse proxy's (nginx and most balancers: 60 s). */
export const KEEP_ALIVE_TIMEOUT_MS = 72_000;
/** Ids are at most 64 characters; anything much longer is junk the router refuses. */
export const MAX_PARAM_LENGTH = 100;
/** Seconds a client is told to wait when the process sheds load. */
export const PRESSURE_RETRY_AFTER_SECONDS = 10;
/**
 * Routes that answer even under pressure: liveness (so the orchestrator doesn't kill a busy process),
 * readiness (its response schema has no room for the error shape) and scraping.
 */
const PRESSURE_EXEMPT = new Set(['/healthz', '/readyz', '/metrics']);

/** Options for `Fastify({...})`: request deadline, idle timeout, keep-alive, router limits. */
export function serverOptions(config: Config) {
  const requestTimeout = config.HTTP_REQUEST_TIMEOUT_MS;
  return {
    bodyLimit: BODY_LIMITS.default,
    requestTimeout,
    connectionTimeout: config.HTTP_CONNECTION_TIMEOUT_MS,
    keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    // Node checks request deadlines on an interval (30 s by default); check often enough that the
    // deadline means what it says. Headers must arrive within the same deadline.
    http: { headersTimeout: requestTimeout, connectionsCheckingInterval: Math.min(30_000, Math.max(250, Math.floor(requestTimeout / 4))) },
  };
}

/** Event streams write a heartbeat well inside the idle timeout, so a quiet stream is never cut. */
export function sseHeartbeatMs(config: Config): number {
  return Math.min(15_000, Math.floor(config.HTTP_CONNECTION_TIMEOUT_MS / 3));
}

/**
 * Whether any string in a parsed body (keys included) holds U+0000; bodies are size-limited, so the
 * walk is too. A body kept raw (the signed webhooks) is JSON text: there the character is an escape.
 */
export function holdsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (Buffer.isBuffer(value)) return value.includes('\\u0000') || value.includes(0);
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) return value.some(holdsNul);
  return Object.entries(value).some(([key, inner]) => key.includes('\u0000') || holdsNul(inner));
}

/** Distinct refused origins logged at most; past that a scan of made-up origins adds nothing to the log. */
export const REFUSED_ORIGINS_LOGGED = 100;

/** Logs, once per origin, a browser request from an origin that is neither listed nor the server's own. */
export function refusedOriginLog(allowed: readonly string[]): (origin: string, host: string, log: FastifyBaseLogger) => void {
  const listed = new Set(allowed);
  const logged = new Set<string>();
  return (origin, host, log) => {
    if (listed.has(origin) || logged.has(origin) || logged.size >= REFUSED_ORIGINS_LOGGED) return;
    if (URL.canParse(origin) && new URL(origin).host === host) return; // same origin: the demo page, the console
    logged.add(origin);
    log.warn({ origin: origin.slice(0, 200), corsOrigins: allowed }, 'a browser on an origin not in CORS_ORIGINS was refused (logged once per origin)');
  };
}

/** Registers the edge plugins and hooks on the root instance, and the (rate-limited) 404 handler. */
export async function registerHardening(app: FastifyInstance, config: Config): Promise<void> {
  // Browsers on other origins (the shop's help site) only when listed; never a wildcard.
  await app.register(cors, { origin: config.CORS_ORIGINS.length ? [...config.CORS_ORIGINS] : false, methods: ['GET', 'POST'] });
  // A refused origin is a browser error the server never sees otherwise (the widget just says it
  // could not reach support): each one is logged once, with the list it was compared against.
  const refused = refusedOriginLog(config.CORS_ORIGINS);
  app.addHook('onRequest', (request, _reply, done) => {
    const origin = request.headers.origin;
    if (origin !== undefined) refused(origin, request.host, request.log);
    done();
  });

  // JSON answers: nothing to frame or sniff, no referrer, and personal data never cached by a browser
  // or proxy. No CSP here (a JSON body is never a document, and frameguard already forbids framing);
  // the pages add their strict one (a route-level `helmet` option) and set their own revalidation.
  await app.register(helmet, { contentSecurityPolicy: false, frameguard: { action: 'deny' }, referrerPolicy: { policy: 'no-referrer' } });
  app.addHook('onRequest', (_request, reply, done) => {
    reply.header('cache-control', 'no-store');
    done();
  });
  // No stored text may hold U+0000: PostgreSQL's text type cannot, and no visitor, agent or panel
  // has a reason to send one. Refused for every route at once, before any route reads the body.
  app.addHook('preValidation', (request, _reply, done) => {
    done(holdsNul(request.body) || holdsNul(request.query) ? new AppError('bad_request', 'the request must not contain the NUL character (U+0000)') : undefined);
  });
  // Every 429 says when to come back: @fastify/rate-limit sets its own; the per-conversation and
  // stream limits answer within a one-minute window.
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (reply.statusCode === 429 && !reply.hasHeader('retry-after')) reply.header('retry-after', String(MINUTE / 1000));
    done(null, payload);
  });

  const perMinute = (seconds: number, who: string) => new AppError('rate_limited', `Too many requests from ${who}; please wait ${seconds} seconds and try again.`);
  // Registered even when the per-address limit is off, so 404s can still be limited.
  await app.register(rateLimit, {
    global: config.RATE_LIMIT_PER_IP_PER_MINUTE > 0,
    max: Math.max(1, config.RATE_LIMIT_PER_IP_PER_MINUTE),
    timeWindow: MINUTE,
    errorResponseBuilder: (_request, context) => perMinute(Math.ceil(context.ttl / 1000), 'your address'),
    // Panels push status changes in bursts from one address, and a messenger (Telegram) every
    // chat's messages from a few; each is signed or carries its secret, checked first, and a
    // channel limits each chat on its own (messaging/telegram/telegram.ts).
    allowList: (request) => request.url.startsWith('/v1/webhooks/') || request.url.startsWith('/v1/channels/'),
  });
  if (config.RATE_LIMIT_NOT_FOUND_PER_MINUTE > 0) {
    // URL guessing: its own, stricter counter per client address.
    app.setNotFoundHandler({
      preHandler: app.rateLimit({
        max: config.RATE_LIMIT_NOT_FOUND_PER_MINUTE,
        timeWindow: MINUTE,
        keyGenerator: (request) => `404:${request.ip}`,
        errorResponseBuilder: (_request, context) => perMinute(Math.ceil(context.ttl / 1000), 'your address'),
      }),
    }, notFoundHandler);
  } else {
    app.setNotFoundHandler(notFoundHandler);
  }

  // Load shedding: while a threshold is exceeded, 503 + Retry-After in the usual error shape
  // (the ops routes and /metrics still answer).
  await app.register(underPressure, {
    maxEventLoopDelay: config.MAX_EVENT_LOOP_DELAY_MS,
    maxHeapUsedBytes: config.MAX_HEAP_USED_MB * 1024 * 1024,
    retryAfter: PRESSURE_RETRY_AFTER_SECONDS,
    pressureHandler: async (request: FastifyRequest, reply: FastifyReply, type: string) => {
      if (request.routeOptions.url && PRESSURE_EXEMPT.has(request.routeOptions.url)) return;
      request.log.debug({ pressure: type }, 'shedding load');
      reply.header('retry-after', String(PRESSURE_RETRY_AFTER_SECONDS));
      throw new AppError('service_unavailable', 'the service is under pressure');
    },
  });
}
