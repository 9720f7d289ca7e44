// The SMM API v2 actions as Perfect Panel answers them (panel-api.md §1): numbers as strings in
// status and services, canonical error sentences, per-item errors in batch answers.
import { chargeFor, formatMoney } from './money.js';
import { nextId, wireId, type SandboxOrder, type SandboxState } from './state.js';

export interface ApiAnswer {
  status: number;
  body: unknown;
}

export type Form = Readonly<Record<string, string>>;

const MAX_BATCH = 100;
const ok = (body: unknown): ApiAnswer => ({ status: 200, body });
const fail = (error: string, status = 200): ApiAnswer => ({ status, body: { error } });
const MISSING = 'There are missing required parameters. Please check your API Manual';
const INCORRECT_ORDER = 'Incorrect order ID';
const CANCELLABLE = new Set(['pending', 'processing', 'in progress']);
const FINISHED = new Set(['completed', 'partial', 'canceled', 'refunded']);

const idList = (value: string | undefined): string[] =>
  (value ?? '').split(',').map((id) => id.trim()).filter((id) => id !== '');

function statusBody(state: SandboxState, order: SandboxOrder): Record<string, string> {
  return {
    charge: formatMoney(order.charge),
    start_count: order.startCount,
    status: order.status,
    remains: order.remains,
    currency: state.currency,
  };
}

function services(state: SandboxState): ApiAnswer {
  return ok([...state.services.values()].map((s) => ({
    service: wireId(s.service), name: s.name, type: s.type, category: s.category, rate: s.rate,
    min: s.min, max: s.max, refill: s.refill, cancel: s.cancel, dripfeed: s.dripfeed,
  })));
}

function status(state: SandboxState, form: Form): ApiAnswer {
  if (form.orders !== undefined) {
    const ids = idList(form.orders);
    if (ids.length > MAX_BATCH) return fail('Maximum 100 orders', 400);
    return ok(Object.fromEntries(ids.map((id) => {
      const order = state.orders.get(id);
      return [id, order ? statusBody(state, order) : { error: INCORRECT_ORDER }];
    })));
  }
  if (!form.order) return fail(MISSING);
  const order = state.orders.get(form.order.trim());
  return order ? ok(statusBody(state, order)) : fail(INCORRECT_ORDER);
}

function refillOne(state: SandboxState, id: string): { refill: string } | { error: string } {
  const order = state.orders.get(id);
  if (!order) return { error: INCORRECT_ORDER };
  const service = state.services.get(order.service);
  if (!service?.refill || order.status.toLowerCase() !== 'completed') return { error: 'Order not eligible for refill.' };
  const refill = nextId(state.refills.keys(), 0);
  state.refills.set(refill, { refill, order: id, status: 'Pending' });
  return { refill };
}

function refill(state: SandboxState, form: Form): ApiAnswer {
  if (form.orders !== undefined) {
    const ids = idList(form.orders);
    if (ids.length > MAX_BATCH) return fail('Maximum 100 orders', 400);
    // The batch form answers with numbers and nests the error under `refill` (§1.4).
    return ok(ids.map((id) => {
      const result = refillOne(state, id);
      return { order: wireId(id), refill: 'refill' in result ? wireId(result.refill) : result };
    }));
  }
  if (!form.order) return fail(MISSING);
  const result = refillOne(state, form.order.trim());
  return 'refill' in result ? ok({ refill: result.refill }) : fail(result.error);
}

function refillStatus(state: SandboxState, form: Form): ApiAnswer {
  const notFound = { error: 'Refill not found' };
  if (form.refills !== undefined) {
    return ok(idList(form.refills).slice(0, MAX_BATCH).map((id) => ({
      refill: wireId(id), status: state.refills.get(id)?.status ?? notFound,
    })));
  }
  if (!form.refill) return fail(MISSING);
  return ok({ status: state.refills.get(form.refill.trim())?.status ?? notFound });
}

function cancel(state: SandboxState, form: Form): ApiAnswer {
  const ids = form.orders !== undefined ? idList(form.orders) : idList(form.order);
  if (ids.length === 0) return fail(MISSING);
  if (ids.length > MAX_BATCH) return fail('Maximum 100 orders', 400);
  // Always an array, the per-order error nested under `cancel` (§1.6).
  return ok(ids.map((id) => {
    const order = state.orders.get(id);
    if (!order) return { order: wireId(id), cancel: { error: INCORRECT_ORDER } };
    const service = state.services.get(order.service);
    if (!service?.cancel || !CANCELLABLE.has(order.status.toLowerCase())) return { order: wireId(id), cancel: { error: 'Cannot cancel' } };
    state.balance += order.charge;
    Object.assign(order, { status: 'Canceled', remains: String(order.quantity), charge: 0n });
    return { order: wireId(id), cancel: 1 };
  }));
}

function add(state: SandboxState, form: Form): ApiAnswer {
  const service = form.service ? state.services.get(form.service.trim()) : undefined;
  if (!form.service || !form.link) return fail(MISSING);
  if (!service) return fail('Incorrect service ID');
  const link = form.link.trim();
  if (!/^https?:\/\/\S+$/i.test(link)) return fail('Bad link');
  const quantity = Number(form.quantity ?? (service.type === 'Package' ? '1' : ''));
  if (!Number.isInteger(quantity) || quantity <= 0) return fail(MISSING);
  if (quantity < Number(service.min)) return fail(`Quantity less than minimal ${service.min}`);
  if (quantity > Number(service.max)) return fail(`Quantity more than maximum ${service.max}`);
  const active = [...state.orders.values()].some((o) => o.link === link && !FINISHED.has(o.status.toLowerCase()));
  if (active) return fail('You have active order with this link. Please wait until order being completed.');
  const charge = chargeFor(service.rate, quantity);
  if (charge > state.balance) return fail('Not enough funds on balance');
  state.balance -= charge;
  const order = nextId(state.orders.keys(), 1_000_000);
  state.orders.set(order, {
    order, service: service.service, link, quantity, status: 'Pending', startCount: '0', remains: String(quantity), charge,
  });
  return ok({ order: wireId(order) });
}

export function runAction(state: SandboxState, form: Form): ApiAnswer {
  switch (form.action) {
    case 'services': return services(state);
    case 'status': return status(state, form);
    case 'refill': return refill(state, form);
    case 'refill_status': return refillStatus(state, form);
    case 'cancel': return cancel(state, form);
    case 'balance': return ok({ balance: formatMoney(state.balance), currency: state.currency });
    case 'add': return add(state, form);
    default: return fail('Invalid action');
  }
}
