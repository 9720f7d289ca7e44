// Liveness and readiness for orchestrators and load balancers.
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../db/open-database.js';
import type { BreakerState } from '../panel/types.js';

export interface OpsDeps {
  db: Db;
  panelBreaker: () => BreakerState;
  /** Whether load shedding is on (under-pressure): then other routes answer 503. */
  shedding: () => boolean;
}

export const opsRoutes: FastifyPluginAsync<OpsDeps> = async (app, deps) => {
  const routes = app.withTypeProvider<ZodTypeProvider>();

  routes.get('/healthz', { schema: { response: { 200: z.object({ status: z.literal('ok') }) } } }, async () => ({ status: 'ok' as const }));

  const Ready = z.object({
    status: z.enum(['ready', 'not_ready']),
    database: z.enum(['ok', 'failing']),
    panel: z.enum(['closed', 'open', 'half_open']),
    load: z.enum(['ok', 'shedding']),
  });
  routes.get('/readyz', { schema: { response: { 200: Ready, 503: Ready } } }, async (_request, reply) => {
    let database: 'ok' | 'failing' = 'ok';
    try {
      deps.db.prepare('SELECT 1').get();
    } catch {
      database = 'failing';
    }
    // An open panel breaker is reported, not fatal: the bot still answers and hands off. Shedding
    // load is: the balancer should send visitors elsewhere until it passes (liveness stays 200).
    const load = deps.shedding() ? 'shedding' as const : 'ok' as const;
    const ready = database === 'ok' && load === 'ok';
    const body = { status: ready ? 'ready' as const : 'not_ready' as const, database, panel: deps.panelBreaker(), load };
    return reply.status(ready ? 200 : 503).send(body);
  });
};
