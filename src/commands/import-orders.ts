// `parley orders import <file.json|file.csv>`: fills the order directory from a shop export.
// All or nothing: every row is validated first, then written in one transaction.
import { readFileSync, statSync } from 'node:fs';
import { systemClock, type Clock } from '../clock.js';
import { loadConfig } from '../config.js';
import { openConfiguredDatabase, openDatabase } from '../db/open-database.js';
import { createOrderDirectory } from '../orders/directory.js';
import { ImportError, planImport } from '../orders/import-file.js';

const USAGE = 'usage: parley orders import <file.json|file.csv>\n';
const MAX_FILE_BYTES = 64 * 1024 * 1024;

export interface ImportOrdersIo {
  stdout: Pick<NodeJS.WritableStream, 'write'>;
  stderr: Pick<NodeJS.WritableStream, 'write'>;
  /** Defaults to DATABASE_PATH from the environment. */
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
    plan = planImport(text, file);
  } catch (err) {
    if (!(err instanceof ImportError)) throw err;
    io.stderr.write(`${file}: ${err.message}\n`);
    return 1;
  }

  const db = io.databasePath ? openDatabase(io.databasePath) : openConfiguredDatabase(loadConfig());
  try {
    const directory = createOrderDirectory(db, io.clock ?? systemClock);
    const { added, updated } = directory.transaction(() => {
      let added = 0;
      for (const row of plan.rows) {
        const existed = directory.get(row.orderId) !== undefined;
        directory.upsert(row);
        if (!existed) added++;
      }
      return { added, updated: plan.rows.length - added };
    });
    io.stdout.write(`imported ${plan.rows.length} order(s) from ${file} (${plan.format}): ${added} new, ${updated} updated; the directory now holds ${directory.count()}\n`);
    return 0;
  } finally {
    db.close();
  }
}
