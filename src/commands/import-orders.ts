// `parley orders import <file.json|file.csv>`: fills the order directory from a shop export.
// All or nothing: every row is validated first, then written in one transaction.
import { readFileSync, statSync } from 'node:fs';
import { systemClock, type Clock } from '../clock.js';
import { loadConfig } from '../config.js';
import { createOrderDirectory } from '../orders/directory.js';
import { ImportError, planImport } from '../orders/import-file.js';
import { seedImportFormat } from '../sandbox/seed-orders.js';
import { openConfiguredStorage } from '../storage/open-configured.js';
import { openSqliteStorage } from '../storage/sqlite/index.js';

const USAGE = 'usage: parley orders import <file.json|file.csv>\n';
const MAX_FILE_BYTES = 64 * 1024 * 1024;

export interface ImportOrdersIo {
  stdout: Pick<NodeJS.WritableStream, 'write'>;
  stderr: Pick<NodeJS.WritableStream, 'write'>;
  /** A SQLite file (tests); by default the storage the environment names (DATABASE_URL or DATABASE_PATH). */
  databasePath?: string;
  clock?: Clock;
}

export async function runImportOrdersCommand(args: string[], io: ImportOrdersIo = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  const [action, file, ...rest] = args;
  if (action !== 'import' || !file || rest.length > 0) {
    io.stderr.write(USAGE);
    return 2;
  }
  let text: string;
  try {
    if (statSync(file).size > MAX_FILE_BYTES) {
      io.stderr.write(`${file}: larger than ${MAX_FILE_BYTES / 1024 / 1024} MiB\n`);
      return 1;
    }
    text = readFileSync(file, 'utf8');
  } catch (err) {
    io.stderr.write(`${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : 'file cannot be read'}\n`);
    return 1;
  }
  let plan;
  try {
    plan = planImport(text, file, seedImportFormat);
  } catch (err) {
    if (!(err instanceof ImportError)) throw err;
    io.stderr.write(`${file}: ${err.message}\n`);
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
