// The connection pool every PostgreSQL store shares, and the one way a store runs a transaction.
import pg from 'pg';

export interface PoolOptions {
  url: string;
  /** Connections at most (each instance's); PostgreSQL's own limit is shared by every instance. */
  size: number;
  /** A statement running longer is cancelled by the server. */
  statementTimeoutMs: number;
  /** Waiting for a connection (a new one, or a free one of a full pool) longer fails the call. */
  connectTimeoutMs: number;
}

// bigint columns (quantities, panel limits) and COUNT(*) come back as strings by default; every
// value Parley stores is far below 2^53, so numbers, as SQLite returns them.
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8 ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/** The settings of every connection Parley opens, pooled or not. */
export function clientConfig(options: Omit<PoolOptions, 'size'>): pg.ClientConfig {
  return {
    connectionString: options.url,
    connectionTimeoutMillis: options.connectTimeoutMs,
    statement_timeout: options.statementTimeoutMs,
    // A transaction left open (a bug, a stalled process) would hold its row locks: the server ends it.
    idle_in_transaction_session_timeout: Math.max(options.statementTimeoutMs * 3, 30_000),
    // A half-open TCP connection (an instance's host vanished) is noticed instead of waited on forever.
    keepAlive: true,
    application_name: 'parley',
    types,
  };
}

export function createPool(options: PoolOptions, onIdleError: (err: Error) => void): pg.Pool {
  const pool = new pg.Pool({ ...clientConfig(options), max: options.size, idleTimeoutMillis: 30_000 });
  // An idle connection the server dropped (a restart, a failover) is reported here; without a
  // listener the error would end the process. The pool replaces the connection on next use.
  pool.on('error', onIdleError);
  return pool;
}

export type Queryable = Pick<pg.PoolClient, 'query'>;

/**
 * Runs `fn` in one transaction on one pooled connection: committed if it resolves, rolled back if
 * it throws. A connection whose ROLLBACK fails is broken and is destroyed, not returned to the pool.
 */
export async function inTransaction<T>(pool: pg.Pool, fn: (client: Queryable) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch((rollbackError: Error) => {
      broken = rollbackError;
    });
    throw err;
  } finally {
    client.release(broken);
  }
}

/** PostgreSQL's SQLSTATE for a unique constraint violation. */
export const UNIQUE_VIOLATION = '23505';

export const isUniqueViolation = (err: unknown): boolean =>
  typeof err === 'object' && err !== null && (err as { code?: unknown }).code === UNIQUE_VIOLATION;
