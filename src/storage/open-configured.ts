// The storage the configuration names: PostgreSQL when DATABASE_URL is set (several instances on
// one database), else the SQLite file at DATABASE_PATH (the default: no database server). The
// server and every command that touches data open it here, so `parley agents add` on a PostgreSQL
// deployment writes where the instances read.
import type { Config } from '../config.js';
import type { Log } from '../observability/logger.js';
import type { Storage } from './port.js';
import { openPostgresStorage } from './postgres/index.js';
import { openSqliteStorage } from './sqlite/index.js';

export type StorageConfig = Pick<Config, 'DATABASE_URL' | 'DATABASE_PATH' | 'DB_SYNCHRONOUS' | 'DB_CACHE_MIB'>;

export async function openConfiguredStorage(config: StorageConfig, log?: Log): Promise<Storage> {
  if (config.DATABASE_URL) return openPostgresStorage({ url: config.DATABASE_URL, ...(log ? { log } : {}) });
  return openSqliteStorage({
    path: config.DATABASE_PATH,
    synchronous: config.DB_SYNCHRONOUS,
    cacheMiB: config.DB_CACHE_MIB,
    ...(log ? { onListenerError: (err: unknown) => log.error({ err }, 'an append listener failed') } : {}),
  });
}
