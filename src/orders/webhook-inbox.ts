// Applies a verified webhook event exactly once: the store records the event id and changes the
// directory in one transaction, so a redelivery (or ten concurrent ones, on any instance, or one
// after a restart) finds the id and changes nothing.
import type { Clock } from '../clock.js';
import { normaliseOrderStatus } from '../panel/normalise.js';
import type { OrderDirectory } from './directory.js';
import type { EventType, WebhookEvent } from './webhook-event.js';

export interface WebhookInbox {
  receive(event: WebhookEvent): Promise<{ duplicate: boolean }>;
}

/** `onReceived`: each applied or duplicate event, for the metrics. */
export function createWebhookInbox(directory: Pick<OrderDirectory, 'applyWebhook'>, clock: Clock, onReceived?: (type: EventType, duplicate: boolean) => void): WebhookInbox {
  return {
    async receive(event) {
      const { data } = event;
      let status = null;
      if (data.status !== undefined) {
        // The event's own time orders deliveries (they may arrive out of order); a time in the
        // future is clamped so it cannot block every later update.
        const now = clock();
        const said = event.createdAt ? new Date(event.createdAt) : now;
        const fetchedAt = said.getTime() > now.getTime() ? now : said;
        const remains = data.remains ?? null;
        status = {
          status: normaliseOrderStatus(data.status),
          rawStatus: data.status,
          startCount: data.start_count ?? null,
          remains: remains === null ? null : Math.max(0, remains),
          charge: data.charge ?? null,
          fetchedAt: fetchedAt.toISOString(),
        };
      }
      const received = await directory.applyWebhook(event, {
        orderId: data.order,
        shopOrderId: data.shopOrderId,
        email: data.customer?.email,
        accountId: data.customer?.accountId,
        link: data.link,
        paymentReference: data.paymentReference,
        serviceId: data.service,
        quantity: data.quantity,
        createdAt: data.createdAt,
      }, status);
      onReceived?.(event.type, received.duplicate);
      return received;
    },
  };
}
