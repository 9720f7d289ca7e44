// `parley orders import <file>`: JSON (an array of rows, or an object in a format the caller
// names: the sandbox seed) or CSV with a header row. Every row is validated first; one bad row
// rejects the whole file with its line.
import { z } from 'zod';
import { parseCsv } from './csv.js';
import type { OrderInput } from './directory.js';
import { MAX_ACCOUNT_ID_LENGTH, MAX_EMAIL_LENGTH, MAX_LINK_LENGTH, normaliseLink, ORDER_ID_PATTERN } from './normalise.js';

export const MAX_IMPORT_ROWS = 100_000;
export const CSV_COLUMNS = ['order', 'email', 'account_id', 'link', 'payment_reference', 'service', 'created_at', 'shop_order_id'] as const;

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const opt = <T extends z.ZodType>(schema: T) => z.preprocess(blankToUndefined, schema.optional());
const Id = z.union([z.number().int().nonnegative().transform(String), z.string().trim().regex(ORDER_ID_PATTERN, 'not an id')]);

export const ImportRow = z.object({
  order: Id,
  email: opt(z.string().trim().max(MAX_EMAIL_LENGTH).pipe(z.email('not an email address'))),
  account_id: opt(z.string().trim().min(1).max(MAX_ACCOUNT_ID_LENGTH)),
  link: opt(z.string().trim().max(MAX_LINK_LENGTH).refine((v) => normaliseLink(v) !== null, 'not a link or @handle')),
  payment_reference: opt(z.string().trim().min(1).max(128)),
  service: opt(Id),
  created_at: opt(z.iso.datetime({ offset: true, message: 'not an ISO 8601 date-time' })),
  shop_order_id: opt(z.string().trim().min(1).max(64)),
}).strict().refine((r) => r.email !== undefined || r.account_id !== undefined || r.link !== undefined, {
  message: 'needs at least one owner detail (email, account_id or link)',
});

export class ImportError extends Error {}

export interface ImportPlan {
  format: string;
  rows: OrderInput[];
}

/** A JSON file that is one object rather than an array of rows (the sandbox seed): its rows, or why it is not one. */
export interface JsonObjectFormat {
  name: string;
  read(value: unknown): { ok: true; rows: OrderInput[] } | { ok: false; error: z.ZodError };
}

function toInput(row: z.output<typeof ImportRow>): OrderInput {
  return {
    orderId: row.order, email: row.email, accountId: row.account_id, link: row.link, paymentReference: row.payment_reference,
    serviceId: row.service, createdAt: row.created_at, shopOrderId: row.shop_order_id,
  };
}

const describe = (error: z.ZodError) => error.issues.slice(0, 3).map((i) => `${i.path.join('.') || 'row'}: ${i.message}`).join('; ');

/** Parses a whole file; throws `ImportError` listing every bad row (by line or index) and nothing is kept. */
export function planImport(text: string, fileName: string, objectFormat?: JsonObjectFormat): ImportPlan {
  const csv = /\.csv$/i.test(fileName);
  return csv ? planCsv(text) : planJson(text, objectFormat);
}

function planJson(text: string, objectFormat: JsonObjectFormat | undefined): ImportPlan {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new ImportError(`not valid JSON (${(err as Error).message})`);
  }
  if (!Array.isArray(value)) {
    if (!objectFormat) throw new ImportError('not an array of rows');
    const read = objectFormat.read(value);
    if (!read.ok) throw new ImportError(`not an array of rows and not a valid ${objectFormat.name}: ${describe(read.error)}`);
    return { format: objectFormat.name, rows: read.rows };
  }
  if (value.length > MAX_IMPORT_ROWS) throw new ImportError(`more than ${MAX_IMPORT_ROWS} rows`);
  const errors: string[] = [];
  const rows = value.flatMap((item, index) => {
    const row = ImportRow.safeParse(item);
    if (row.success) return [toInput(row.data)];
    errors.push(`row ${index + 1}: ${describe(row.error)}`);
    return [];
  });
  if (errors.length) throw new ImportError(summarise(errors));
  return { format: 'json', rows };
}

function planCsv(text: string): ImportPlan {
  let records;
  try {
    records = parseCsv(text);
  } catch (err) {
    throw new ImportError((err as Error).message);
  }
  const [header, ...data] = records;
  if (!header) throw new ImportError('the file is empty');
  const columns = header.fields.map((f) => f.trim().toLowerCase());
  const unknown = columns.filter((c) => !(CSV_COLUMNS as readonly string[]).includes(c));
  if (unknown.length) throw new ImportError(`line ${header.line}: unknown column(s) ${unknown.join(', ')}; expected ${CSV_COLUMNS.join(',')}`);
  if (!columns.includes('order')) throw new ImportError(`line ${header.line}: the header needs an "order" column`);
  if (data.length > MAX_IMPORT_ROWS) throw new ImportError(`more than ${MAX_IMPORT_ROWS} rows`);
  const errors: string[] = [];
  const rows = data.flatMap((record) => {
    if (record.fields.length !== columns.length) {
      errors.push(`line ${record.line}: ${record.fields.length} fields, the header has ${columns.length}`);
      return [];
    }
    const row = ImportRow.safeParse(Object.fromEntries(columns.map((c, i) => [c, record.fields[i]])));
    if (row.success) return [toInput(row.data)];
    errors.push(`line ${record.line}: ${describe(row.error)}`);
    return [];
  });
  if (errors.length) throw new ImportError(summarise(errors));
  return { format: 'csv', rows };
}

function summarise(errors: string[]): string {
  const shown = errors.slice(0, 20);
  const more = errors.length > shown.length ? `\n  … and ${errors.length - shown.length} more` : '';
  return `${errors.length} invalid row(s); nothing was imported:\n  ${shown.join('\n  ')}${more}`;
}
