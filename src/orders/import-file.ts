// Reading a shop export into order-directory rows: JSON (an array of rows, or an object in a format
// the caller names: the sandbox seed) or CSV with a header row. Every row is validated; the plan
// holds the good rows and, for each bad one, where it is and why (never its values: they are
// personal data). The caller decides: `parley orders import` refuses a file with any bad row, the
// scheduled import (scheduled-import.ts) imports the good rows and reports the bad ones.
import { Readable } from 'node:stream';
import type { CsvError } from 'csv-parse';
import { z } from 'zod';
import { CSV_COLUMNS, DELIMITERS, type ColumnMapping, type CsvColumn, type DelimiterName } from './columns.js';
import type { OrderInput } from './directory.js';
import { MAX_ACCOUNT_ID_LENGTH, MAX_EMAIL_LENGTH, MAX_LINK_LENGTH, normaliseLink, ORDER_ID_PATTERN } from './normalise.js';

export const MAX_IMPORT_ROWS = 100_000;
/** A file, or a download, larger than this is refused before it is parsed. */
export const MAX_IMPORT_BYTES = 64 * 1024 * 1024;
const MAX_RECORD_CHARS = 64 * 1024;

export interface CsvOptions {
  columns?: ColumnMapping;
  /** Unset: the one of `,` `;` tab that the header line holds most of. */
  delimiter?: DelimiterName;
}

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

/** The whole file cannot be read (not JSON, no header, a mapped column missing, too many rows…). */
export class ImportError extends Error {}

/** A row left out: its line (CSV) or position (JSON), and what was wrong, without its values. */
export interface RejectedRow {
  at: string;
  reason: string;
}

export interface ImportPlan {
  format: string;
  rows: OrderInput[];
  rejected: RejectedRow[];
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

// zod's messages name the rule, not the value; the path names the column.
const describe = (error: z.ZodError) => error.issues.slice(0, 3).map((i) => `${i.path.join('.') || 'row'}: ${i.message}`).join('; ');

/** Parses a whole file; rejects with `ImportError` only when the file as a whole cannot be read. */
export async function planImport(text: string, format: 'csv' | 'json', options: { csv?: CsvOptions; objectFormat?: JsonObjectFormat } = {}): Promise<ImportPlan> {
  return format === 'csv' ? planCsv(text, options.csv ?? {}) : planJson(text, options.objectFormat);
}

/** CSV for a `.csv` name, JSON otherwise. */
export const formatOf = (name: string): 'csv' | 'json' => (/\.csv$/i.test(name) ? 'csv' : 'json');

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
    return { format: objectFormat.name, rows: read.rows, rejected: [] };
  }
  if (value.length > MAX_IMPORT_ROWS) throw new ImportError(`more than ${MAX_IMPORT_ROWS} rows`);
  const rejected: RejectedRow[] = [];
  const rows = value.flatMap((item, index) => {
    const row = ImportRow.safeParse(item);
    if (row.success) return [toInput(row.data)];
    rejected.push({ at: `row ${index + 1}`, reason: describe(row.error) });
    return [];
  });
  return { format: 'json', rows, rejected };
}

/** The delimiter the header line holds most of (a comma when it holds none: a one-column file). */
export function detectDelimiter(text: string): string {
  const header = text.slice(0, text.search(/\r|\n|$/));
  const counts = Object.values(DELIMITERS).map((d) => [d, header.split(d).length - 1] as const);
  return counts.reduce((best, next) => (next[1] > best[1] ? next : best))[0];
}

const newlines = (fields: readonly string[]) => fields.reduce((n, f) => n + (f.match(/\n/g)?.length ?? 0), 0);

// csv-parse (not a hand-written reader): RFC 4180 quoting and doubled quotes, a UTF-8 BOM, newlines
// inside quoted fields, CRLF, and the delimiter chosen per file, as spreadsheet exports write them.
// Its stream parser is fed a slice at a time and the loop yields to the event loop now and then:
// the scheduled import runs inside the server, and 100,000 rows read at once held the event loop
// for seconds and the records with their info near the service's 128 MiB heap.
async function planCsv(text: string, options: CsvOptions): Promise<ImportPlan> {
  const rejected: RejectedRow[] = [];
  // Loaded at the first CSV import, not with the server: most starts never read one.
  const { parse } = await import('csv-parse');
  const parser = parse({
    bom: true,
    delimiter: options.delimiter ? DELIMITERS[options.delimiter] : detectDelimiter(text.replace(/^\uFEFF/, '')),
    info: true,
    skip_empty_lines: true,
    relax_column_count: true,
    max_record_size: MAX_RECORD_CHARS,
    // Header, the most rows allowed, and one more to tell that there were too many.
    to: MAX_IMPORT_ROWS + 2,
    // A malformed record (a stray quote, an oversized field) is left out and reported by its code:
    // the parser's message quotes the field. A stray quote can end two records on one line: one report.
    skip_records_with_error: true,
    on_skip: (err: CsvError | undefined) => {
      const at = `line ${String(err?.lines)}`;
      if (err && rejected.at(-1)?.at !== at) rejected.push({ at, reason: `not valid CSV (${err.code})` });
    },
  });
  const source = Readable.from(slices(text)).pipe(parser);
  let names: string[] | null = null;
  let columns: (CsvColumn | null)[] = [];
  let count = 0;
  const rows: OrderInput[] = [];
  try {
    // With `info`, each record comes as { record, info } (csv-parse's types do not say so).
    for await (const { record, info } of source as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (names === null) {
        names = record.map((f) => f.trim());
        columns = options.columns ? mappedColumns(names, options.columns, info.lines) : namedColumns(names, info.lines);
        continue;
      }
      if (++count > MAX_IMPORT_ROWS) throw new ImportError(`more than ${MAX_IMPORT_ROWS} rows`);
      if (count % YIELD_EVERY === 0) await new Promise((resolve) => setImmediate(resolve));
      // info.lines is where the record ends; a quoted field may span lines, and the report names where it starts.
      const at = `line ${info.lines - newlines(record)}`;
      if (record.length !== names.length) {
        rejected.push({ at, reason: `${record.length} fields, the header has ${names.length}` });
        continue;
      }
      const row = ImportRow.safeParse(Object.fromEntries(columns.flatMap((c, i) => (c === null ? [] : [[c, record[i]]]))));
      if (row.success) rows.push(toInput(row.data));
      else rejected.push({ at, reason: describe(row.error) });
    }
  } catch (err) {
    source.destroy();
    if (err instanceof ImportError) throw err;
    // Record errors are skipped above; whatever else stops the parser is reported by its code alone.
    const e = err as CsvError;
    throw new ImportError(`not valid CSV${typeof e.lines === 'number' ? ` at line ${e.lines}` : ''} (${e.code ?? 'unreadable'})`);
  }
  if (names === null) throw new ImportError('the file is empty');
  return { format: 'csv', rows, rejected: rejected.sort((a, b) => lineOf(a) - lineOf(b)) };
}

/** Records between two yields to the event loop. */
const YIELD_EVERY = 500;
const SLICE_BYTES = 64 * 1024;

/** Byte slices: the parser joins a character split between two (a string slice could split a surrogate pair). */
function* slices(text: string): Generator<Buffer> {
  const bytes = Buffer.from(text, 'utf8');
  for (let i = 0; i < bytes.length; i += SLICE_BYTES) yield bytes.subarray(i, i + SLICE_BYTES);
}

const lineOf = (row: RejectedRow) => Number(row.at.replace(/\D/g, ''));

/** Without a mapping the header names the fields themselves, and every column must be one. */
function namedColumns(names: readonly string[], line: number): (CsvColumn | null)[] {
  const columns = names.map((n) => n.toLowerCase());
  const unknown = columns.filter((c) => !(CSV_COLUMNS as readonly string[]).includes(c));
  if (unknown.length) throw new ImportError(`line ${line}: unknown column(s) ${unknown.join(', ')}; expected ${CSV_COLUMNS.join(',')} or a column mapping`);
  if (!columns.includes('order')) throw new ImportError(`line ${line}: the header needs an "order" column`);
  return columns as CsvColumn[];
}

/** With a mapping, the export's other columns (products, prices…) are not read. */
function mappedColumns(names: readonly string[], mapping: ColumnMapping, line: number): (CsvColumn | null)[] {
  const lower = names.map((n) => n.toLowerCase());
  const columns: (CsvColumn | null)[] = names.map(() => null);
  for (const [field, header] of mapping) {
    const index = lower.indexOf(header.toLowerCase());
    if (index < 0) throw new ImportError(`line ${line}: no column "${header}" (mapped to ${field}) in the header`);
    columns[index] = field;
  }
  return columns;
}

/** The rejected rows for a person: the first 20 and how many more. */
export function describeRejected(rejected: readonly RejectedRow[]): string {
  const shown = rejected.slice(0, 20).map((r) => `${r.at}: ${r.reason}`);
  const more = rejected.length > shown.length ? `\n  … and ${rejected.length - shown.length} more` : '';
  return `${shown.join('\n  ')}${more}`;
}
