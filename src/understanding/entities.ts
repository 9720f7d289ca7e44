import type { Entities, EntityType } from './vocabulary.js';
import { findApiErrors } from './entities/api-error.js';
import { findEmails } from './entities/email.js';
import { findLinks } from './entities/link.js';
import { findNonOrderNumbers } from './entities/non-order-number.js';
import { findOrderIds } from './entities/order-id.js';
import { findPaymentReferences } from './entities/payment-reference.js';
import { findQuantities } from './entities/quantity.js';
import { findServiceIds } from './entities/service-id.js';
import { uniqueValues, type Match } from './entities/span.js';
import { clampText } from './limits.js';

/**
 * Every entity in one (already redacted) message. Extractors run in an order where each
 * claims its ground before the order-ID extractor, which only takes numbers nobody explained.
 */
export function extractEntities(rawText: string): Entities {
  const text = clampText(rawText);
  // Cheap gates first: most messages have no digits or no "@", and the number extractors are
  // the bulk of the regex work.
  const hasDigit = /\d/.test(text);
  const hasAt = text.includes('@');
  const emails = hasAt ? findEmails(text) : [];
  const links = hasAt || text.includes('.') ? findLinks(text, emails) : [];
  const payments = hasDigit ? findPaymentReferences(text, [...emails, ...links]) : [];
  const services = hasDigit ? findServiceIds(text) : [];
  const quantities = hasDigit ? findQuantities(text) : [];
  const apiErrors = findApiErrors(text);
  const orders = hasDigit
    ? findOrderIds(text, [...emails, ...links, ...payments, ...services, ...quantities, ...findNonOrderNumbers(text)])
    : [];
  const found: [EntityType, Match[]][] = [
    ['order_id', orders],
    ['email', emails],
    ['link', links],
    ['payment_reference', payments],
    ['service_id', services],
    ['quantity', quantities],
    ['api_error', apiErrors],
  ];
  const entities: Entities = {};
  for (const [type, matches] of found) if (matches.length > 0) entities[type] = uniqueValues(matches);
  return entities;
}
