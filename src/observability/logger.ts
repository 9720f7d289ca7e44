// pino, JSON unless on a TTY, with secrets censored at every depth. pino's own `redact` only knows
// fixed paths (no deep wildcard) and skips child bindings, so each finished line is scrubbed by a
// bounded walk just before it is written.
import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';

export type { Logger };

/** What domain code needs of a logger; fastify's request loggers satisfy it too. */
export type Log = Pick<Logger, 'info' | 'warn' | 'error' | 'debug'>;

const SECRET_KEY = /^(authorization|proxy-authorization|cookie|set-cookie|x-api-key|x-signature|parley-signature|signature|password|passwd|pwd|secret|.*secret|.*token|token.*|key|api_?key|.*apikey|.*_key|.*-key)$/i;
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

function scrubLine(line: string): string {
  try {
    return `${JSON.stringify(scrubSecrets(JSON.parse(line)))}\n`;
  } catch {
    return line; // pino wrote it, so it is JSON; this is only a guard against a crash in logging
  }
}

/** The request as logged: no query string (the SSE route takes a token there), no headers. */
function serializeRequest(req: { id?: unknown; method?: string; url?: string; ip?: string }) {
  return { id: req.id, method: req.method, url: req.url?.split('?')[0], remoteAddress: req.ip };
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
  return pino(options, pino.destination({ fd: destination, sync: false }));
}
