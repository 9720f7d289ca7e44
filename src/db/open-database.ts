// TRANSITIONAL (issue 19): the order directory, webhook inbox, agents and service rules still take a
// raw connection; they open it here until their stores on the storage port replace them. The
// connection and its migrations are storage/sqlite/open.ts's.
import type { Config } from '../config.js';
import { openSqlite, type Db, type SqliteOptions } from '../storage/sqlite/open.js';

export type { Db } from '../storage/sqlite/open.js';

export const openDatabase = (path: string, options: Omit<SqliteOptions, 'path'> = {}): Db => openSqlite({ ...options, path });

/** The database as the configuration describes it: the server and every command open it alike. */
export const openConfiguredDatabase = (config: Pick<Config, 'DATABASE_PATH' | 'DB_SYNCHRONOUS' | 'DB_CACHE_MIB'>): Db =>
  openDatabase(config.DATABASE_PATH, { synchronous: config.DB_SYNCHRONOUS, cacheMiB: config.DB_CACHE_MIB });
