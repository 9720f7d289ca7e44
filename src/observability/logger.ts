// pino, JSON unless on a TTY, with secrets censored at every depth. pino's own `redact` only knows
// fixed paths (no deep wildcard) and skips child bindings, so each finished line is scrubbed by a
// bounded walk just before it is written. Lines that cannot hold a secret-named key (no candidate
// word anywhere in them, the usual case) skip the walk: see SECRET_WORD.
import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';
import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';

export type { Logger };

/** What domain code needs of a logger; fastify's request loggers satisfy it too. */
export type Log = Pick<Logger, 'info' | 'warn' | 'error' | 'debug'>;

const SECRET_KEY = /^(authorization|proxy-authorization|cookie|set-cookie|x-api-key|x-signature|parley-signature|signature|password|passwd|pwd|secret|.*secret|.*token|token.*|key|api_?key|.*apikey|.*_key|.*-key|database_?url|connection_?string)$/i;
const CENSOR = '[redacted]';
const MAX_DEPTH = 8;

export function scrubSecrets(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[too deep]';
  if (Array.isArray(value)) return value.map((v) => scrubSecrets(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEY.test(k) ? CENSOR : scrubSecrets(v, depth + 1);
  return out;
}

// Every name SECRET_KEY accepts contains one of these words (same flags, so the same case
// folding). JSON escaping never touches letters, so a line without any of them has no secret-named
// key at any depth, in the log object or a child's bindings, and is written as pino made it. A
// value that merely mentions a word ("intent":"api_key") only costs the full walk.
const SECRET_WORD = /authorization|cookie|signature|passw|pwd|secret|token|key|database_?url|connection_?string/i;

/** Whether the line can hold a container nested MAX_DEPTH deep (the walk would cut it): an upper bound. */
function mayBeTooDeep(line: string): boolean {
  let containers = 0;
  for (let i = line.indexOf('{'); i !== -1; i = line.indexOf('{', i + 1)) if (++containers > MAX_DEPTH) return true;
  for (let i = line.indexOf('['); i !== -1; i = line.indexOf('[', i + 1)) if (++containers > MAX_DEPTH) return true;
  return false;
}

export function scrubLine(line: string): string {
  if (!SECRET_WORD.test(line) && !mayBeTooDeep(line)) return line;
  try {
    return `${JSON.stringify(scrubSecrets(JSON.parse(line)))}\n`;
  } catch {
    return line; // pino wrote it, so it is JSON; this is only a guard against a crash in logging
  }
}

/** A request URL as logged: the path alone. The query string never reaches a log line (the SSE routes take a token there). */
export function pathOf(url: string | undefined): string | undefined {
  const q = url?.indexOf('?') ?? -1;
  return q === -1 ? url : url?.slice(0, q);
}

/** The request as logged (fastify's own error lines pass `req`): no query string, no headers. */
function serializeRequest(req: { id?: unknown; method?: string; url?: string; ip?: string }) {
  return { id: req.id, method: req.method, url: pathOf(req.url), remoteAddress: req.ip };
}

const LOGGED = Symbol('parley.requestLogged');
const STREAM_ERROR = Symbol('parley.streamError');
const EXTRA = Symbol('parley.requestLineFields');
type Loggable = FastifyReply & { [LOGGED]?: true; [STREAM_ERROR]?: Error; [EXTRA]?: Record<string, unknown> };

/**
 * Fields for the request's own line: what a route did (a visitor turn's outcome) goes on the
 * request's one line instead of a line of its own. When that line is already written (the client
 * left before the route finished: the line says `aborted`), the fields get a line of their own, so
 * the outcome of work that completed anyway is never lost.
 */
export function addToRequestLine(reply: FastifyReply, fields: Record<string, unknown>): void {
  const loggable = reply as Loggable;
  if (loggable[LOGGED]) {
    reply.log.info(fields, 'request finished after its line');
    return;
  }
  loggable[EXTRA] = Object.assign(loggable[EXTRA] ?? {}, fields);
}

/**
 * Fastify's request logging as ONE line per request ("request completed"), written when the
 * response has finished, instead of "incoming request" + "request completed". Written through
 * `reply.log`, so it carries the child bindings: `reqId` always, `conversationId` once a route on a
 * conversation has bound it. Level: error for 5xx or a response stream error, info otherwise (4xx
 * are the client's mistake and the error handler has already said which). A response that never
 * finishes (the client went away: every event stream ends like this, or a turn it stopped waiting
 * for) is logged when its connection closes, with `aborted: true`. fastify's other lines (stream
 * and serializer errors, writeHead failures) are unchanged.
 */
export class RequestLogController extends LogController {
  override incomingRequest(request: FastifyRequest, reply: FastifyReply): void {
    if (this.isLogDisabled(request)) return;
    // Deferred: when a response stream fails, the socket's close comes before fastify reports the
    // error (requestCompleted), and the line must carry the error.
    reply.raw.once('close', () => setImmediate(() => writeRequestLine(request, reply as Loggable, undefined)));
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (this.isLogDisabled(request)) return;
    writeRequestLine(request, reply as Loggable, error ?? undefined);
  }

  /** A response stream that failed after its headers went out: the request's line reports it. */
  override streamError(error: Error, request: FastifyRequest, reply: FastifyReply, metadata?: Record<string, unknown>): void {
    // A premature close is the client leaving, which the line already says (aborted).
    if ((error as { code?: string }).code !== 'ERR_STREAM_PREMATURE_CLOSE') (reply as Loggable)[STREAM_ERROR] = error;
    super.streamError(error, request, reply, metadata);
  }
}

function writeRequestLine(request: FastifyRequest, reply: Loggable, error: Error | undefined): void {
  if (reply[LOGGED]) return;
  reply[LOGGED] = true;
  const err = error ?? reply[STREAM_ERROR];
  const raw = reply.raw;
  // A route's fields first, so they never replace the standard ones.
  const line: Record<string, unknown> = Object.assign(reply[EXTRA] ?? {}, {
    method: request.method,
    url: pathOf(request.url),
    statusCode: raw.headersSent || raw.writableFinished ? raw.statusCode : undefined,
    responseTime: Math.round(reply.elapsedTime * 10) / 10,
    remoteAddress: request.ip,
  });
  if (!raw.writableFinished) line.aborted = true;
  if (err) {
    line.err = err;
    reply.log.error(line, 'request errored');
  } else if (raw.statusCode >= 500 && line.statusCode !== undefined) {
    reply.log.error(line, 'request completed');
  } else {
    reply.log.info(line, 'request completed');
  }
}

/** `destination`: a stream (tests), or a file descriptor (1 for the service, 2 for other commands). */
export function createLogger(level: string, destination: DestinationStream | 1 | 2 = 1): Logger {
  const options: LoggerOptions = {
    level,
    base: undefined,
    hooks: { streamWrite: scrubLine },
    serializers: { req: serializeRequest, err: pino.stdSerializers.err },
  };
  if (typeof destination !== 'number') return pino(options, destination);
  const tty = destination === 1 ? process.stdout.isTTY : process.stderr.isTTY;
  if (tty && level !== 'silent') {
    return pino({ ...options, transport: { target: 'pino-pretty', options: { destination } } });
  }
  // Asynchronous (sonic-boom): lines logged while a write is in flight go out together in the next
  // one, and pino flushes what is left synchronously when the process exits. No minimum write size
  // (minLength): lines would wait and a kill would lose more of them (docs/observability.md, "Writes").
  return pino(options, pino.destination({ fd: destination, sync: false }));
}
