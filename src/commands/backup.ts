// `parley backup <destination-file> [--force]`: an online copy of the SQLite database
// (storage/sqlite/backup.ts), safe while the service is running. With PostgreSQL, use pg_dump.
import { loadConfig } from '../config.js';
import { backupDatabase, BackupError } from '../storage/sqlite/backup.js';

const USAGE = 'usage: parley backup <destination-file> [--force]   (--force replaces an existing file)\n';

export function parseBackupArgs(args: string[]): { destination: string; force: boolean } | undefined {
  const force = args.includes('--force');
  const rest = args.filter((a) => a !== '--force');
  if (rest.length !== 1 || !rest[0] || rest[0].startsWith('-')) return undefined;
  return { destination: rest[0], force };
}

export async function runBackupCommand(args: string[]): Promise<number> {
  const parsed = parseBackupArgs(args);
  if (!parsed) {
    process.stderr.write(USAGE);
    return 2;
  }
  const config = loadConfig();
  if (config.DATABASE_URL) {
    process.stderr.write('parley backup copies the SQLite file; with DATABASE_URL (PostgreSQL) use pg_dump (docs/operations.md)\n');
    return 1;
  }
  try {
    const result = await backupDatabase(config.DATABASE_PATH, parsed.destination, { force: parsed.force });
    process.stdout.write(`${result.destination}\t${result.bytes} bytes\n`);
    return 0;
  } catch (err) {
    if (!(err instanceof BackupError)) throw err;
    process.stderr.write(`${err.message}\n`);
    return 1;
  }
}
