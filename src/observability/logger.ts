// pino, JSON unless on a TTY, with secrets censored at every depth. pino's own `redact` only knows
// fixed paths (no deep wildcard) and skips child bindings, so each finished line is scrubbed by a
// bounded walk just before it is written. Lines that cannot hold a secret-named key (no candidate
// word anywhere in them, the usual case) skip the walk: see SECRET_WORD.
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

// Every name SECRET_KEY accepts contains one of these words (same flags, so the same case
// folding). JSON escaping never touches letters, so a line without any of them has no secret-named
// key at any depth, in the log object or a child's bindings, and is written as pino made it. A
// value that merely mentions a word ("intent":"api_key") only costs the full walk.
const SECRET_WORD = /authorization|cookie|signature|passw|pwd|secret|token|key/i;

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
