// Fresh PostgreSQL databases for tests, on the server PARLEY_TEST_DATABASE_URL names (an admin
// URL: its role may create databases). Each is `parley_test_<random>` and is dropped by `drop()`
// (connections still open to it are ended first), or by `dropAll()` for any a test left behind.
// Without the variable, `postgresSkipReason` says why the PostgreSQL tests are skipped; CI sets it
// (.ci/run, through scripts/with-test-postgres.sh).
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const adminUrl = process.env.PARLEY_TEST_DATABASE_URL || undefined;

export const postgresSkipReason: string | undefined = adminUrl
  ? undefined
  : 'PARLEY_TEST_DATABASE_URL is not set: no PostgreSQL server to test against (scripts/with-test-postgres.sh starts one)';

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

const live = new Set<TestDatabase>();

async function asAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  if (!adminUrl) throw new Error(postgresSkipReason);
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** An empty database of its own (or a copy of `template`, a database nobody is connected to). */
export async function createTestDatabase(options: { template?: string } = {}): Promise<TestDatabase> {
  const name = `parley_test_${randomBytes(6).toString('hex')}`;
  // Names are made here, never from input: safe to put in the statement as identifiers.
  await asAdmin((c) => c.query(`CREATE DATABASE ${name}${options.template ? ` TEMPLATE ${options.template}` : ''}`));
  const url = new URL(adminUrl as string);
  url.pathname = `/${name}`;
  let dropped: Promise<void> | undefined;
  const db: TestDatabase = {
    name,
    url: url.toString(),
    drop() {
      live.delete(db);
      dropped ??= asAdmin(async (c) => {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      });
      return dropped;
    },
  };
  live.add(db);
  return db;
}

/** Drops every database this process made and has not dropped yet. */
export async function dropAll(): Promise<void> {
  await Promise.all([...live].map((db) => db.drop()));
}

/** Runs `sql` on `url` (a test database) on a connection of its own. */
export async function queryOn<R extends pg.QueryResultRow = pg.QueryResultRow>(url: string, sql: string, values: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    return (await client.query<R>(sql, values)).rows;
  } finally {
    await client.end();
  }
}
