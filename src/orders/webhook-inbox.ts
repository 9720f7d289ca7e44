// Applies a verified webhook event exactly once: the event id is recorded and the directory is
// changed in one SQLite transaction, so a redelivery (or ten concurrent ones, or one after a
// restart) finds the id and changes nothing.
import type { Clock } from '../clock.js';
import type { Db } from '../db/open-database.js';
import { normaliseOrderStatus } from '../panel/normalise.js';
import type { OrderDirectory } from './directory.js';
import type { WebhookEvent } from './webhook-event.js';

export interface WebhookInbox {
  receive(event: WebhookEvent): { duplicate: boolean };
}

export function createWebhookInbox(db: Db, directory: OrderDirectory, clock: Clock): WebhookInbox {
  const record = db.prepare('INSERT INTO webhook_events (id, type, order_id, received_at) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING');
  return {
    receive(event) {
      return directory.transaction(() => {
        const now = clock();
        if (record.run(event.id, event.type, event.data.order, now.toISOString()).changes === 0) return { duplicate: true };
        const { data } = event;
        directory.upsert({
          orderId: data.order,
          shopOrderId: data.shopOrderId,
          email: data.customer?.email,
          accountId: data.customer?.accountId,
          link: data.link,
          paymentReference: data.paymentReference,
          serviceId: data.service,
          quantity: data.quantity,
          createdAt: data.createdAt,
        });
        if (data.status !== undefined) {
          // The event's own time orders deliveries (they may arrive out of order); a time in the
          // future is clamped so it cannot block every later update.
          const said = event.createdAt ? new Date(event.createdAt) : now;
          const fetchedAt = said.getTime() > now.getTime() ? now : said;
          const remains = data.remains ?? null;
          directory.updateStatus(data.order, {
            status: normaliseOrderStatus(data.status),
            rawStatus: data.status,
            startCount: data.start_count ?? null,
            remains: remains === null ? null : Math.max(0, remains),
            charge: data.charge ?? null,
            fetchedAt: fetchedAt.toISOString(),
          });
        }
        return { duplicate: false };
      });
    },
  };
}
