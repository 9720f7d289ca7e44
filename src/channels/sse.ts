// Server-sent events: one long response per listener, a heartbeat so proxies keep it open, and
// every stream ended when the app closes.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';

export type SendEvent = (event: string, data: unknown, id?: string) => void;

export interface EventStreams {
  open(request: FastifyRequest, reply: FastifyReply, key: string, subscribe: (send: SendEvent) => () => void): void;
  count(): number;
}

export function createEventStreams(app: FastifyInstance, limits: { perKey: number; total: number; heartbeatMs: number }): EventStreams {
  const open = new Map<string, Set<() => void>>();
  let total = 0;
  // Before the server stops listening: a stream never finishes by itself, and the server's close
  // waits for every request in flight.
  app.addHook('preClose', async () => {
    for (const closers of open.values()) for (const close of [...closers]) close();
  });

  return {
    count: () => total,
    open(request, reply, key, subscribe) {
      const closers = open.get(key) ?? new Set();
      if (closers.size >= limits.perKey || total >= limits.total) {
        throw new AppError('rate_limited', 'too many open event streams; close another tab and try again');
      }
      reply.hijack();
      reply.raw.writeHead(200, {
        // What the hooks set on the reply (security headers, CORS) is not sent for a hijacked
        // response unless it is written here.
        ...definedHeaders(reply.getHeaders()),
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
        'x-content-type-options': 'nosniff',
      });
      reply.raw.write('retry: 3000\n: connected\n\n');
      const send: SendEvent = (event, data, id) => {
        reply.raw.write(`${id ? `id: ${id}\n` : ''}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      };
      const unsubscribe = subscribe(send);
      const heartbeat = setInterval(() => reply.raw.write(': ping\n\n'), limits.heartbeatMs);
      heartbeat.unref();
      let closed = false;
      const close = () => {
        if (closed) return;
        closed = true;
        clearInterval(heartbeat);
        unsubscribe();
        closers.delete(close);
        if (closers.size === 0) open.delete(key);
        total--;
        reply.raw.end();
      };
      closers.add(close);
      open.set(key, closers);
      total++;
      request.raw.on('close', close);
    },
  };
}

function definedHeaders(headers: Record<string, number | string | string[] | undefined>): Record<string, number | string | string[]> {
  const out: Record<string, number | string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) out[name] = value;
  return out;
}
