// Liveness and readiness for orchestrators and load balancers.
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { BreakerState } from '../panel/types.js';
import type { PanelKeyState } from '../rules/service-rules.js';

export interface OpsDeps {
  /** Resolves when the database answers (storage.ping). */
  ping: () => Promise<void>;
  panelBreaker: () => BreakerState;
  /** Whether the panel accepted the API key at the last rules refresh. */
  panelKey: () => PanelKeyState;
  /** Whether load shedding is on (under-pressure): then other routes answer 503. */
  shedding: () => boolean;
}

/** A database that does not answer within this is failing, as far as a load balancer should care. */
export const PING_TIMEOUT_MS = 2000;

async function withTimeout(work: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timed out')), ms);
  });
  try {
    await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

export const opsRoutes: FastifyPluginAsync<OpsDeps> = async (app, deps) => {
  const routes = app.withTypeProvider<ZodTypeProvider>();

  routes.get('/healthz', { schema: { response: { 200: z.object({ status: z.literal('ok') }) } } }, async () => ({ status: 'ok' as const }));

  const Ready = z.object({
    status: z.enum(['ready', 'not_ready']),
    database: z.enum(['ok', 'failing']),
    panel: z.enum(['closed', 'open', 'half_open']),
    panelKey: z.enum(['ok', 'refused', 'unchecked']),
    load: z.enum(['ok', 'shedding']),
  });
  routes.get('/readyz', { schema: { response: { 200: Ready, 503: Ready } } }, async (_request, reply) => {
    let database: 'ok' | 'failing' = 'ok';
    try {
      await withTimeout(deps.ping(), PING_TIMEOUT_MS);
    } catch {
      database = 'failing';
    }
    // An open panel breaker and a refused key are reported, not fatal: the bot still answers and hands off. Shedding
    // load is: the balancer should send visitors elsewhere until it passes (liveness stays 200).
    const load = deps.shedding() ? 'shedding' as const : 'ok' as const;
    const ready = database === 'ok' && load === 'ok';
    const body = { status: ready ? 'ready' as const : 'not_ready' as const, database, panel: deps.panelBreaker(), panelKey: deps.panelKey(), load };
    return reply.status(ready ? 200 : 503).send(body);
  });
};
