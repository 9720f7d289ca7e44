// Decoded panel JSON → Parley's normalised types (panel-api.md §1, §2, §4). Pure functions: every
// deviation is absorbed here so nothing downstream ever sees a panel's dialect.
import type { z } from 'zod';
import { classifyPanelError, PanelError } from './errors.js';
import { RawBalance, RawOrderStatus, RawRefillStatus, RawService } from './schemas.js';
import type { OrderStatus, PanelOrder, PanelRefill, PanelService } from './types.js';

type JsonObject = Record<string, unknown>;
const isRecord = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Case, spaces, underscores and hyphens never matter in a status word (§2.1 client rule). */
const statusKey = (raw: string): string => raw.toLowerCase().replace(/[\s_-]+/g, '');

const ORDER_STATUS_BY_KEY: Readonly<Record<string, OrderStatus>> = {
  pending: 'pending',
  processing: 'pending',
  inprogress: 'in_progress',
  active: 'in_progress',
  completed: 'completed',
  complete: 'completed',
  partial: 'partial',
  canceled: 'canceled',
  cancelled: 'canceled',
  refunded: 'canceled',
  fail: 'canceled',
  failed: 'canceled',
  error: 'canceled',
};

/** Open normalisation: unknown words map to `unknown`, never to an error. */
export function normaliseOrderStatus(raw: string): OrderStatus {
  const key = statusKey(raw);
  // SmartPanel's own sync folds every "*progress*" into in progress (§2.1).
  return ORDER_STATUS_BY_KEY[key] ?? (key.includes('progress') ? 'in_progress' : 'unknown');
}

const REFILL_STATUS_BY_KEY: Readonly<Record<string, PanelRefill['status']>> = {
  pending: 'pending',
  processing: 'pending',
  inprogress: 'in_progress',
  completed: 'completed',
  complete: 'completed',
  rejected: 'rejected',
  canceled: 'rejected',
  cancelled: 'rejected',
};

export function normaliseRefillStatus(raw: string): PanelRefill['status'] {
  const key = statusKey(raw);
  return REFILL_STATUS_BY_KEY[key] ?? (key.includes('progress') ? 'in_progress' : 'unknown');
}

/** A decimal string ("0.90") from a string or a JSON number; money never goes through float maths. */
export function toDecimal(value: string | number | null | undefined): string | null {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return null;
    const text = String(value);
    return text.includes('e') ? value.toFixed(10).replace(/\.?0+$/, '') : text;
  }
  const text = value?.trim() ?? '';
  return /^[+-]?(\d+\.?\d*|\.\d+)$/.test(text) ? text.replace(/^\+/, '') : null;
}

/** An integer from "157", 157, "157.0" or " 157 "; `null` for empty or junk. */
export function toInteger(value: string | number | null | undefined): number | null {
  const text = typeof value === 'string' ? value.trim() : '';
  const n = typeof value === 'number' ? value : text === '' ? Number.NaN : Number(text);
  return Number.isFinite(n) ? Math.trunc(n) : null;
}

function toFlag(value: boolean | number | string | null | undefined): boolean | null {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  const text = value?.trim().toLowerCase();
  if (text === '1' || text === 'true' || text === 'yes') return true;
  if (text === '0' || text === 'false' || text === 'no') return false;
  return null;
}

/** `remains` can be negative, or "+N" in SmartPanel, on over-delivery (§1.3): nothing remains. */
function toRemains(value: string | number | null | undefined): number | null {
  if (typeof value === 'string' && value.trim().startsWith('+')) return 0;
  const n = toInteger(value);
  return n === null ? null : Math.max(0, n);
}

/** How many more than ordered the panel says it delivered (a negative or "+N" `remains`), if any. */
function toOverDelivered(value: string | number | null | undefined): number | undefined {
  const n = toInteger(value);
  if (n === null || n === 0) return undefined;
  if (typeof value === 'string' && value.trim().startsWith('+')) return n;
  return n < 0 ? -n : undefined;
}

/** Issue paths only: zod messages are safe, but the input values they could quote are not ours. */
function badShape(error: z.ZodError): PanelError {
  const where = error.issues.slice(0, 5).map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.code}`);
  return new PanelError('bad_shape', { upstreamText: where.join('; ') });
}

const lowerKeys = (value: JsonObject): JsonObject => Object.fromEntries(Object.entries(value).map(([k, v]) => [k.toLowerCase(), v]));

function normaliseService(item: unknown): PanelService | null {
  if (!isRecord(item)) return null;
  // One panel's page capitalises field names ("Service", "Rate"), §1.1.
  const parsed = RawService.safeParse(lowerKeys(item));
  if (!parsed.success) return null;
  const raw = parsed.data;
  const rate = toDecimal(raw.rate);
  const min = toInteger(raw.min);
  const max = toInteger(raw.max);
  if (rate === null || min === null || max === null) return null;
  return {
    id: String(raw.service).trim(),
    name: raw.name.trim(),
    type: raw.type?.trim() ?? '',
    category: raw.category?.trim() ?? '',
    rate,
    min,
    max,
    refill: toFlag(raw.refill),
    cancel: toFlag(raw.cancel),
    dripfeed: toFlag(raw.dripfeed),
  };
}

/** Bare array, `{services:[…]}`, `{data:[…]}`, or SmartPanel's `{"data":"Empty Data"}` (§1.1). */
function serviceList(value: unknown): unknown[] | null {
  if (Array.isArray(value)) return value;
  if (!isRecord(value)) return null;
  for (const key of ['services', 'data', 'Services']) {
    const inner = value[key];
    if (Array.isArray(inner)) return inner;
  }
  if (typeof value.data === 'string' && /empty/i.test(value.data)) return [];
  return null;
}

/** Items that cannot be read are skipped (one bad row must not hide the catalogue). */
export function normaliseServices(value: unknown): { services: PanelService[]; skipped: number } {
  const list = serviceList(value);
  if (list === null) throw new PanelError('bad_shape', { upstreamText: 'services: not a list' });
  const services = list.map(normaliseService).filter((s): s is PanelService => s !== null);
  const skipped = list.length - services.length;
  if (list.length > 0 && services.length === 0) throw new PanelError('bad_shape', { upstreamText: 'services: no readable item' });
  return { services, skipped };
}

/** One status object (already known not to be an error). */
export function normaliseOrder(orderId: string, value: unknown): PanelOrder {
  const parsed = RawOrderStatus.safeParse(value);
  if (!parsed.success) throw badShape(parsed.error);
  const raw = parsed.data;
  const rawStatus = raw.status.trim();
  return {
    orderId,
    status: normaliseOrderStatus(rawStatus),
    rawStatus,
    charge: toDecimal(raw.charge),
    startCount: toInteger(raw.start_count ?? raw.start_counter),
    remains: toRemains(raw.remains),
    currency: raw.currency?.trim() || null,
    ...withOverDelivery(toOverDelivered(raw.remains)),
  };
}

const withOverDelivery = (n: number | undefined) => (n === undefined ? {} : { overDelivered: n });

/** A per-item error as an object `{error}` or a bare string (§1.3); `null` when the item is fine. */
function itemError(item: unknown): string | null {
  if (typeof item === 'string') return item;
  if (isRecord(item) && typeof item.error === 'string') return item.error;
  return null;
}

/** Single `status`: the object itself, or wrapped in a map keyed by the ID (§1.3). */
export function normaliseStatusAnswer(orderId: string, value: unknown): PanelOrder | null {
  const item = isRecord(value) && !('status' in value) && orderId in value ? value[orderId] : value;
  const error = itemError(item);
  if (error !== null) {
    const kind = classifyPanelError({ message: error });
    if (kind === 'order_not_found') return null;
    throw new PanelError(kind);
  }
  return normaliseOrder(orderId, item);
}

/** Batch `status` (`orders=`): keyed map or array; errors and omitted IDs become `null`. */
export function normaliseBatchAnswer(orderIds: readonly string[], value: unknown): Map<string, PanelOrder | null> {
  let byId: JsonObject;
  const [onlyId] = orderIds;
  if (orderIds.length === 1 && onlyId !== undefined && isRecord(value) && typeof value.status === 'string') {
    // A one-ID batch answered in the single shape by some panels.
    byId = { [onlyId]: value };
  } else if (Array.isArray(value)) {
    byId = Object.fromEntries(value.filter(isRecord).map((item) => [String(item.order ?? item.id ?? ''), item]));
  } else if (isRecord(value)) {
    byId = value;
  } else {
    throw new PanelError('bad_shape', { upstreamText: 'status: not a map' });
  }
  const result = new Map<string, PanelOrder | null>();
  for (const id of orderIds) {
    const item = byId[id];
    if (item === undefined || itemError(item) !== null) {
      result.set(id, null);
      continue;
    }
    const parsed = RawOrderStatus.safeParse(item);
    // One odd item must not sink the other 99: it reads as "no answer" for that order.
    result.set(id, parsed.success ? normaliseOrder(id, item) : null);
  }
  return result;
}

/** `refill_status` for one refill: `{status}`, `{status:{error}}`, or the batch array shape (§1.5). */
export function normaliseRefillAnswer(refillId: string, value: unknown): PanelRefill | null {
  const item = Array.isArray(value) ? value.find((entry) => isRecord(entry) && String(entry.refill) === refillId) : value;
  if (item === undefined) return null;
  const parsed = RawRefillStatus.safeParse(item);
  if (!parsed.success) throw badShape(parsed.error);
  const { status } = parsed.data;
  if (typeof status !== 'string') {
    const kind = classifyPanelError({ message: status.error });
    if (kind === 'refill_not_found' || kind === 'order_not_found') return null;
    throw new PanelError(kind);
  }
  const rawStatus = status.trim();
  return { refillId, status: normaliseRefillStatus(rawStatus), rawStatus };
}

export function normaliseBalance(value: unknown): { balance: string; currency: string | null } {
  const parsed = RawBalance.safeParse(value);
  if (!parsed.success) throw badShape(parsed.error);
  const balance = toDecimal(parsed.data.balance);
  if (balance === null) throw new PanelError('bad_shape', { upstreamText: 'balance: not a decimal' });
  return { balance, currency: parsed.data.currency?.trim() || null };
}
