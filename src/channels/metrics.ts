// GET /metrics: the Prometheus text exposition of this app's registry plus the process metrics
// (docs/observability.md). Labels carry closed vocabularies only, never visitor data. With
// METRICS_TOKEN set, the scraper must send it as a bearer token (checked against its hash, in
// constant time); the values describe traffic, which is nobody else's business.
import type { FastifyPluginAsync } from 'fastify';
import { unauthorized } from '../errors.js';
import type { Metrics } from '../observability/metrics.js';
import { hashToken, tokenMatches } from '../security/tokens.js';
import { bearerToken } from './bearer.js';

export interface MetricsRouteDeps {
  metrics: Metrics;
  /** METRICS_TOKEN; undefined leaves the route open (keep it off the public internet then). */
  token?: string;
}

export const metricsRoutes: FastifyPluginAsync<MetricsRouteDeps> = async (app, deps) => {
  const tokenHash = deps.token === undefined ? undefined : hashToken(deps.token);
  app.get('/metrics', async (request, reply) => {
    if (tokenHash && !tokenMatches(bearerToken(request) ?? '', tokenHash)) throw unauthorized();
    const text = await deps.metrics.scrape();
    return reply.header('content-type', deps.metrics.contentType).header('cache-control', 'no-store').send(text);
  });
};
