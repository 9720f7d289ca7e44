// The sandbox seed (contract/sandbox-and-config.md): one JSON object with services, orders (with
// their owners, for the order directory) and refills. Wire-ish values are accepted as panels write
// them (numbers or strings) and come out in one predictable shape.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { AppError } from '../errors.js';
import { fromRoot } from '../paths.js';

// The builds do not copy data files, so the demo data is always read from src/.
export const demoSeedPath: string = fromRoot('src', 'sandbox', 'demo-seed.json');

const Id = z.union([z.number().int().nonnegative(), z.string().trim().regex(/^[A-Za-z0-9_-]{1,64}$/)]).transform(String);
const Decimal = z.union([z.number().nonnegative(), z.string().trim().regex(/^\d+(\.\d+)?$/)]).transform(String);
const Count = z.union([z.number().int(), z.string().trim().regex(/^[+-]?\d+$/)]).transform(String);
const Quantity = z.union([z.number().int().positive(), z.string().trim().regex(/^\d+$/).transform(Number)]);

const SeedServiceSchema = z.object({
  service: Id,
  name: z.string().trim().min(1),
  type: z.string().trim().min(1).default('Default'),
  category: z.string().trim().default(''),
  rate: Decimal,
  min: Count,
  max: Count,
  refill: z.boolean().default(false),
  cancel: z.boolean().default(false),
  dripfeed: z.boolean().default(false),
});

const SeedOrderSchema = z.object({
  order: Id,
  service: Id,
  link: z.string().trim().min(1),
  quantity: Quantity,
  status: z.string().trim().min(1),
  start_count: Count.default('0'),
  remains: Count,
  charge: Decimal,
  createdAt: z.iso.datetime({ offset: true }),
  customer: z.object({ email: z.string().trim().toLowerCase().pipe(z.email()), accountId: z.string().trim().min(1) }),
  paymentReference: z.string().trim().min(1).optional(),
  /** The shop's own order number (WooCommerce), when the seed knows it. */
  shopOrderId: z.string().trim().min(1).optional(),
});

const SeedRefillSchema = z.object({ refill: Id, order: Id, status: z.string().trim().min(1) });

function duplicates(values: readonly string[]): string[] {
  const seen = new Set<string>();
  return values.filter((value) => (seen.has(value) ? true : (seen.add(value), false)));
}

export const SeedSchema = z
  .object({
    currency: z.string().trim().min(1).default('USD'),
    balance: Decimal.default('0'),
    services: z.array(SeedServiceSchema),
    orders: z.array(SeedOrderSchema),
    refills: z.array(SeedRefillSchema).default([]),
  })
  .superRefine((seed, ctx) => {
    const serviceIds = new Set(seed.services.map((s) => s.service));
    const orderIds = new Set(seed.orders.map((o) => o.order));
    for (const id of duplicates(seed.services.map((s) => s.service))) ctx.addIssue({ code: 'custom', path: ['services'], message: `duplicate service ${id}` });
    for (const id of duplicates(seed.orders.map((o) => o.order))) ctx.addIssue({ code: 'custom', path: ['orders'], message: `duplicate order ${id}` });
    for (const id of duplicates(seed.refills.map((r) => r.refill))) ctx.addIssue({ code: 'custom', path: ['refills'], message: `duplicate refill ${id}` });
    seed.orders.forEach((order, i) => {
      if (!serviceIds.has(order.service)) ctx.addIssue({ code: 'custom', path: ['orders', i, 'service'], message: `unknown service ${order.service}` });
    });
    seed.refills.forEach((refill, i) => {
      if (!orderIds.has(refill.order)) ctx.addIssue({ code: 'custom', path: ['refills', i, 'order'], message: `unknown order ${refill.order}` });
    });
  });

export type Seed = z.output<typeof SeedSchema>;
export type SeedService = Seed['services'][number];
export type SeedOrder = Seed['orders'][number];
export type SeedRefill = Seed['refills'][number];

const formatPath = (path: readonly PropertyKey[]): string =>
  path.reduce<string>((out, part) => (typeof part === 'number' ? `${out}[${part}]` : out ? `${out}.${String(part)}` : String(part)), '') || '(root)';

/** Validates a parsed seed; the error lists every problem with its path. */
export function parseSeed(value: unknown, source = 'seed'): Seed {
  const result = SeedSchema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.slice(0, 20).map((issue) => `  - ${formatPath(issue.path)}: ${issue.message}`);
  throw new AppError('validation_failed', `sandbox ${source} is invalid:\n${problems.join('\n')}`);
}

/** Reads and validates a seed file (synchronously: it runs once at start-up). */
export function loadSeed(path: string): Seed {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : 'file cannot be read';
    throw new AppError('validation_failed', `sandbox seed ${path}: ${reason}`, { cause: err });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new AppError('validation_failed', `sandbox seed ${path}: not valid JSON (${(err as Error).message})`);
  }
  return parseSeed(value, `seed ${path}`);
}
