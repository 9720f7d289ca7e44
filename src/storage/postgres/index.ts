// The PostgreSQL adapter of the storage port (storage/port.ts), selected by DATABASE_URL: every
// instance pointed at one database serves the same conversations. A bounded pool for the stores,
// the migrations run once however many instances start together (migrate.ts), and one listening
// connection that tells this instance about the others' appends (append-listener.ts).
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { systemClock, type Clock } from '../../clock.js';
import type { Log } from '../../observability/logger.js';
import type { AppendListener, Storage } from '../port.js';
import { createPostgresAgentStore } from './agents.js';
import { createPostgresChannelStore } from './channels.js';
import { startAppendListener } from './append-listener.js';
import { createPostgresConversationStore } from './conversations.js';
import { createPostgresCounterStore } from './counters.js';
import { createPostgresHandoffStore } from './handoffs.js';
import { migrate } from './migrate.js';
import { createPostgresOrderStore } from './orders.js';
import { clientConfig, createPool } from './pool.js';
import { createPostgresRuleStore } from './rules.js';

export interface PostgresStorageOptions {
  /** postgres://user:password@host:port/database (DATABASE_URL); `?sslmode=require` and the like are honoured. */
  url: string;
  /** Pooled connections at most, per instance. */
  poolSize?: number;
  statementTimeoutMs?: number;
  connectTimeoutMs?: number;
  clock?: Clock;
  log?: Log;
  /** Reconnection attempts of the listening connection before live updates from other instances are given up. */
  listenerRetries?: number;
}

/**
 * Enough for a turn's few queries at a time from tens of requests, small enough that several
 * instances stay well inside PostgreSQL's default max_connections (100).
 */
export const DEFAULT_POOL_SIZE = 10;
/** Every query Parley makes reads or writes a handful of rows: one still running after this is stuck. */
export const DEFAULT_STATEMENT_TIMEOUT_MS = 10_000;
export const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;

/** Resolves once the schema is current and this instance is listening for the others' appends. */
export async function openPostgresStorage(options: PostgresStorageOptions): Promise<Storage> {
  const { log } = options;
  const settings = {
    url: options.url,
    statementTimeoutMs: options.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS,
    connectTimeoutMs: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
  };
  const config = clientConfig(settings);
  const applied = await migrate(config);
  if (applied.length > 0) log?.info({ migrations: applied }, 'PostgreSQL schema migrated');

  const pool = createPool({ ...settings, size: options.poolSize ?? DEFAULT_POOL_SIZE }, (err) => {
    log?.warn({ err }, 'an idle PostgreSQL connection failed; the pool replaces it');
  });
  const origin = randomUUID();
  const listeners = new Set<AppendListener>();
  const tell: AppendListener = (change) => {
    for (const listener of listeners) {
      try {
        listener(change);
      } catch (err) {
        log?.error({ err }, 'an append listener failed');
      }
    }
  };

  let listener: Awaited<ReturnType<typeof startAppendListener>>;
  try {
    listener = await startAppendListener({
      config,
      origin,
      onChange: tell,
      updatedSince: (since) => updatedSince(pool, since),
      clock: options.clock ?? systemClock,
      ...(log ? { log } : {}),
      ...(options.listenerRetries !== undefined ? { retries: options.listenerRetries } : {}),
    });
  } catch (err) {
    await pool.end();
    throw err;
  }

  let closing: Promise<void> | undefined;
  return {
    kind: 'postgres',
    conversations: createPostgresConversationStore(pool, origin, tell),
    handoffs: createPostgresHandoffStore(pool),
    orders: createPostgresOrderStore(pool),
    agents: createPostgresAgentStore(pool),
    rules: createPostgresRuleStore(pool),
    counters: createPostgresCounterStore(pool),
    channels: createPostgresChannelStore(pool),
    watchAppends(listener) {
      // A wrapper each: the same function subscribed twice is told twice and unsubscribed once each.
      const own: AppendListener = (change) => listener(change);
      listeners.add(own);
      return () => listeners.delete(own);
    },
    async ping() {
      const failure = listener.failure();
      if (failure) throw failure;
      await pool.query('SELECT 1');
    },
    close() {
      closing ??= (async () => {
        listeners.clear();
        await listener.close();
        await pool.end();
      })();
      return closing;
    },
  };
}

/** After notifications were lost: the conversations updated since, at most a bounded number. */
const CATCH_UP_LIMIT = 10_000;

async function updatedSince(pool: pg.Pool, since: string): Promise<{ conversationId: string; lastSeq: number }[]> {
  const { rows } = await pool.query<{ id: string; last_seq: number }>(
    'SELECT id, last_seq FROM conversations WHERE updated_at >= $1 ORDER BY updated_at LIMIT $2',
    [since, CATCH_UP_LIMIT],
  );
  return rows.map((r) => ({ conversationId: r.id, lastSeq: r.last_seq }));
}
