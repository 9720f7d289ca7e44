// `parley orders import <file.json|file.csv> [--columns field=Header,…] [--delimiter comma|semicolon|tab]`:
// fills the order directory from a shop export. All or nothing: every row is validated first, a
// file with any bad row imports nothing (the operator is there to fix it), then all rows are
// written in one transaction. The scheduled import (ORDERS_IMPORT_*) reads files the same way.
import { readFileSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { systemClock, type Clock } from '../clock.js';
import { loadConfig } from '../config.js';
import { createOrderDirectory } from '../orders/directory.js';
import { ColumnMappingError, DELIMITERS, parseColumnMapping, type DelimiterName } from '../orders/columns.js';
import { describeRejected, formatOf, ImportError, MAX_IMPORT_BYTES, planImport, type CsvOptions } from '../orders/import-file.js';
import { seedImportFormat } from '../sandbox/seed-orders.js';
import { openConfiguredStorage } from '../storage/open-configured.js';
import { openSqliteStorage } from '../storage/sqlite/index.js';

const USAGE = `usage: parley orders import <file.json|file.csv> [--columns field=Header,…] [--delimiter ${Object.keys(DELIMITERS).join('|')}]\n`;

export interface ImportOrdersIo {
  stdout: Pick<NodeJS.WritableStream, 'write'>;
  stderr: Pick<NodeJS.WritableStream, 'write'>;
  /** A SQLite file (tests); by default the storage the environment names (DATABASE_URL or DATABASE_PATH). */
  databasePath?: string;
  clock?: Clock;
}

const isDelimiter = (v: string): v is DelimiterName => Object.hasOwn(DELIMITERS, v);

function readArgs(args: string[]): { file: string; csv: CsvOptions } | string {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, strict: true, options: { columns: { type: 'string' }, delimiter: { type: 'string' } } });
  } catch {
    return USAGE;
  }
  const [action, file, ...rest] = parsed.positionals;
  if (action !== 'import' || !file || rest.length > 0) return USAGE;
  const { columns, delimiter } = parsed.values;
  if (delimiter !== undefined && !isDelimiter(delimiter)) return `--delimiter: one of ${Object.keys(DELIMITERS).join(', ')}\n`;
  try {
    return { file, csv: { ...(columns === undefined ? {} : { columns: parseColumnMapping(columns) }), ...(delimiter === undefined ? {} : { delimiter }) } };
  } catch (err) {
    if (!(err instanceof ColumnMappingError)) throw err;
    return `--columns: ${err.message}\n`;
  }
}

export async function runImportOrdersCommand(args: string[], io: ImportOrdersIo = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  const read = readArgs(args);
  if (typeof read === 'string') {
    io.stderr.write(read);
    return 2;
  }
  const { file, csv } = read;
  let text: string;
  try {
    if (statSync(file).size > MAX_IMPORT_BYTES) {
      io.stderr.write(`${file}: larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MiB\n`);
      return 1;
    }
    text = readFileSync(file, 'utf8');
  } catch (err) {
    io.stderr.write(`${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : 'file cannot be read'}\n`);
    return 1;
  }
  let plan;
  try {
    plan = await planImport(text, formatOf(file), { csv, objectFormat: seedImportFormat });
  } catch (err) {
    if (!(err instanceof ImportError)) throw err;
    io.stderr.write(`${file}: ${err.message}\n`);
    return 1;
  }
  if (plan.rejected.length > 0) {
    io.stderr.write(`${file}: ${plan.rejected.length} invalid row(s); nothing was imported:\n  ${describeRejected(plan.rejected)}\n`);
    return 1;
  }

  const storage = io.databasePath ? openSqliteStorage({ path: io.databasePath }) : await openConfiguredStorage(loadConfig());
  try {
    const directory = createOrderDirectory(storage.orders, io.clock ?? systemClock);
    // New rows are told from updated ones by the count around the write (a webhook committed on the
    // server meanwhile would be counted as imported: the numbers are for the operator's eye).
    const before = await directory.count();
    await directory.upsert(plan.rows);
    const after = await directory.count();
    const added = Math.min(after - before, plan.rows.length);
    io.stdout.write(`imported ${plan.rows.length} order(s) from ${file} (${plan.format}): ${added} new, ${plan.rows.length - added} updated; the directory now holds ${after}\n`);
    return 0;
  } finally {
    await storage.close();
  }
}
