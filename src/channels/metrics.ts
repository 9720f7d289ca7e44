// GET /metrics: the Prometheus text exposition of this app's registry plus the process metrics
// (docs/observability.md). Labels carry closed vocabularies only, never visitor data.
import type { FastifyPluginAsync } from 'fastify';
import type { Metrics } from '../observability/metrics.js';

export interface MetricsRouteDeps {
  metrics: Metrics;
}

export const metricsRoutes: FastifyPluginAsync<MetricsRouteDeps> = async (app, deps) => {
  app.get('/metrics', async (_request, reply) => {
    const text = await deps.metrics.scrape();
    return reply.header('content-type', deps.metrics.contentType).header('cache-control', 'no-store').send(text);
  });
};
