// The scheduled import (ORDERS_IMPORT_*): reads the shop's export from a file or an https URL
// (bearer token) at start and every interval, and upserts its good rows into the order directory
// (the directory's merge rule: a value present replaces, a missing one keeps). Unlike
// `parley orders import`, nobody is there to fix a bad row, so bad rows are counted and reported by
// line and rule, never by their values, and the others are imported. One run at a time: a tick
// while a run is under way is skipped. The token and the URL's path and query are never logged.
import { readFile, stat } from 'node:fs/promises';
import type { Log } from '../observability/logger.js';
import type { OrderDirectory } from './directory.js';
import { describeRejected, formatOf, ImportError, MAX_IMPORT_BYTES, planImport, type CsvOptions } from './import-file.js';
import { createOutbound, OutboundError, type Outbound } from '../outbound/client.js';

export type ImportSource = { kind: 'file'; path: string } | { kind: 'url'; url: string; token?: string };

export type ImportRunResult =
  | { ok: true; imported: number; rejected: number }
  | { ok: false; error: string };

export interface ScheduledImportOptions {
  source: ImportSource;
  csv: CsvOptions;
  directory: Pick<OrderDirectory, 'upsert'>;
  everyMs: number;
  log: Log;
  /** One finished run (the metrics' hook); not called for a run cut short by stop(). */
  onRun?: (result: ImportRunResult) => void;
  /** The download's overall deadline, retries included (default 60 s). */
  timeoutMs?: number;
  retries?: number;
  /** The largest file or download read (default MAX_IMPORT_BYTES). */
  maxBytes?: number;
}

export interface ScheduledImport {
  /** A run now, then one every interval (an unref'd timer). */
  start(): void;
  /** Stops the timer and cuts a download short; resolves once no run is under way (before the database closes). */
  stop(): Promise<void>;
  /** One run, or the one already under way. */
  run(): Promise<ImportRunResult>;
}

const DOWNLOAD_TIMEOUT_MS = 60_000;
const DOWNLOAD_RETRIES = 2;
const UPSERT_BATCH = 500;

export function createScheduledImport(opts: ScheduledImportOptions): ScheduledImport {
  const { source, log } = opts;
  const maxBytes = opts.maxBytes ?? MAX_IMPORT_BYTES;
  const outbound: Outbound | null = source.kind === 'url'
    ? createOutbound({ url: source.url, timeoutMs: opts.timeoutMs ?? DOWNLOAD_TIMEOUT_MS, retries: opts.retries ?? DOWNLOAD_RETRIES, maxBytes })
    : null;
  // What the log names: the file, or the URL's host (an export URL's path or query may hold a key).
  const where = source.kind === 'file' ? source.path : new URL(source.url).host;
  let stopping = new AbortController();
  let running: Promise<ImportRunResult> | null = null;
  let timer: NodeJS.Timeout | null = null;

  async function read(): Promise<{ text: string; format: 'csv' | 'json' }> {
    if (source.kind === 'file') {
      if ((await stat(source.path)).size > maxBytes) throw new ImportError(`larger than ${maxBytes} bytes`);
      return { text: await readFile(source.path, 'utf8'), format: formatOf(source.path) };
    }
    const headers: Record<string, string> = { accept: 'text/csv, application/json;q=0.9, */*;q=0.1', 'user-agent': 'Parley order import' };
    if (source.token) headers.authorization = `Bearer ${source.token}`;
    const res = await (outbound as Outbound).send({ method: 'GET', headers }, stopping.signal);
    // JSON when the export says so or its path ends in .json; CSV otherwise (exports often say text/plain).
    const json = /json/i.test(res.contentType) || /\.json$/i.test(new URL(source.url).pathname);
    return { text: res.text, format: json ? 'json' : 'csv' };
  }

  async function runOnce(): Promise<ImportRunResult> {
    const signal = stopping.signal;
    let result: ImportRunResult;
    try {
      const { text, format } = await read();
      const plan = await planImport(text, format, { csv: opts.csv });
      // In batches, each its own transaction, the event loop free between them: visitors are served
      // meanwhile. A run stopped or failed half-way leaves the batches written; the next run writes all again.
      for (let i = 0; i < plan.rows.length; i += UPSERT_BATCH) {
        if (signal.aborted) return { ok: false, error: 'stopped' };
        await opts.directory.upsert(plan.rows.slice(i, i + UPSERT_BATCH));
        await new Promise((resolve) => setImmediate(resolve));
      }
      if (signal.aborted) return { ok: false, error: 'stopped' };
      result = { ok: true, imported: plan.rows.length, rejected: plan.rejected.length };
      log.info({ source: source.kind, from: where, imported: result.imported, rejected: result.rejected }, 'orders imported');
      if (plan.rejected.length > 0) log.warn({ source: source.kind, from: where, rejected: plan.rejected.length, rows: describeRejected(plan.rejected) }, 'order import rows rejected');
    } catch (err) {
      if (signal.aborted) return { ok: false, error: 'stopped' };
      result = { ok: false, error: describeFailure(err) };
      // The next run is at the next interval; the directory keeps what it has.
      log.error({ source: source.kind, from: where, error: result.error }, 'order import failed');
    }
    opts.onRun?.(result);
    return result;
  }

  const run = (): Promise<ImportRunResult> => {
    running ??= runOnce().finally(() => {
      running = null;
    });
    return running;
  };

  return {
    start() {
      if (timer) return;
      stopping = new AbortController();
      void run();
      // A tick while a run is under way joins it rather than starting a second one.
      timer = setInterval(() => void run(), opts.everyMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      stopping.abort();
      await running;
      await outbound?.close();
    },
    run,
  };
}

/** The reason, without the file's contents or the request's headers. */
function describeFailure(err: unknown): string {
  if (err instanceof ImportError) return err.message;
  if (err instanceof OutboundError) return err.kind === 'status' ? `the export answered HTTP ${String(err.status)}` : `download failed: ${err.kind === 'too_large' ? 'larger than the limit' : err.kind}`;
  const code = (err as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOENT') return 'file not found';
  if (typeof code === 'string') return `cannot read: ${code}`;
  return `failed (${err instanceof Error ? err.name : 'unknown'})`;
}
