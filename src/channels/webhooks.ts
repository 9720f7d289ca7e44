// POST /v1/webhooks/panel: order status pushed by the panel (contract/http-api.md "Panel
// webhooks", security.md §4). Registered in its own scope because it alone needs the raw bytes:
// the signature covers them exactly, and JSON is parsed only after it verifies.
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Clock } from '../clock.js';
import { AppError } from '../errors.js';
import { isEventType, parseJsonStrict, WebhookEnvelope, WebhookEvent } from '../orders/webhook-event.js';
import type { WebhookInbox } from '../orders/webhook-inbox.js';
import { SIGNATURE_HEADER, verifySignature } from '../orders/webhook-signature.js';
import { errorResponses } from './schemas.js';

export const MAX_WEBHOOK_BODY = 64 * 1024;

export interface WebhookDeps {
  inbox: WebhookInbox;
  /** Current and (while rotating) previous secret; unset means webhooks are off. */
  secrets: readonly string[] | undefined;
  clock: Clock;
}

/**
 * `{received: true}` once the effect is committed; `duplicate` for an event id seen before;
 * `ignored` for a signed event of a type Parley does not handle (security.md WH-12): acknowledged so
 * the panel stops retrying it, and nothing stored.
 */
const Received = z.object({ received: z.literal(true), duplicate: z.literal(true).optional(), ignored: z.literal(true).optional() });

export const webhookRoutes: FastifyPluginAsync<WebhookDeps> = async (app, deps) => {
  // This scope only: the body stays a Buffer; the size limit applies before anything else runs.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: MAX_WEBHOOK_BODY }, (_request, body, done) => done(null, body));

  app.withTypeProvider<ZodTypeProvider>().post('/webhooks/panel', {
    bodyLimit: MAX_WEBHOOK_BODY,
    schema: { response: { 200: Received, ...errorResponses } },
  }, async (request, reply) => {
    // Sent directly: the error handler hides every 5xx text, and this one is meant for the operator.
    if (!deps.secrets || deps.secrets.length === 0) {
      return reply.status(503).send({ error: { code: 'service_unavailable', message: 'webhooks are not configured' } });
    }
    const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const header = request.headers[SIGNATURE_HEADER];
    const check = verifySignature({
      header: typeof header === 'string' ? header : undefined,
      body,
      secrets: deps.secrets,
      nowSeconds: Math.floor(deps.clock().getTime() / 1000),
    });
    if (!check.ok) {
      // The reason goes to the log only; every rejection looks the same from outside.
      request.log.warn({ reason: check.reason, bytes: body.length }, 'webhook signature rejected');
      throw new AppError('unauthorized', 'missing or invalid signature');
    }

    let json: unknown;
    try {
      json = parseJsonStrict(body.toString('utf8'));
    } catch {
      throw new AppError('bad_request', 'the body is not valid JSON');
    }
    const envelope = WebhookEnvelope.safeParse(json);
    if (!envelope.success) throw new AppError('validation_failed', describeIssues(envelope.error));
    if (!isEventType(envelope.data.type)) {
      // Signed, so the panel sent it: a 2xx stops its retries. Nothing is stored (not even the id)
      // and the body is not logged; the id and the type are enough to find it on the panel's side.
      request.log.warn({ eventId: envelope.data.id, type: envelope.data.type }, 'webhook event of an unsupported type ignored');
      return { received: true as const, ignored: true as const };
    }
    const event = WebhookEvent.safeParse(json);
    if (!event.success) throw new AppError('validation_failed', describeIssues(event.error));

    // Answered only after this commit: a 200 means the effect is on disk.
    const { duplicate } = await deps.inbox.receive(event.data);
    request.log.info({ eventId: event.data.id, type: event.data.type, orderId: event.data.data.order, duplicate }, 'webhook event received');
    return duplicate ? { received: true as const, duplicate: true as const } : { received: true as const };
  });
};

/** Paths and rules only, never the values (the body may carry customer details). */
function describeIssues(error: z.ZodError): string {
  return error.issues.slice(0, 5).map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ').slice(0, 500);
}
