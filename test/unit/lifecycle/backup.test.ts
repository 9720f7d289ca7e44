// `parley backup`: an online copy with db.backup() that passes integrity_check and holds every row
// committed before it started (DB-06), written under a temporary name and renamed, never over an
// existing file without --force; and the restore path (the copy opens as a working database).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseBackupArgs } from '../../../src/commands/backup.js';
import { BackupError, backupDatabase } from '../../../src/storage/sqlite/backup.js';
import { openSqlite, type Db } from '../../../src/storage/sqlite/open.js';
import { fromRoot } from '../../../src/paths.js';

const dir = () => mkdtempSync(join(tmpdir(), 'parley-backup-'));

function seeded(path: string, rows: number): Db {
  const db = openSqlite({ path });
  const insert = db.prepare('INSERT INTO conversations (id, token_hash, created_at, updated_at, last_seq, state) VALUES (?, ?, ?, ?, 0, ?)');
  db.transaction(() => {
    for (let i = 0; i < rows; i++) insert.run(`c-${i}`, Buffer.alloc(32, i % 256), '2026-11-22T10:00:00.000Z', '2026-11-22T10:00:00.000Z', '{}');
  })();
  return db;
}

const countIn = (path: string) => {
  const db = openSqlite({ path });
  try {
    return { rows: (db.prepare('SELECT count(*) AS n FROM conversations').get() as { n: number }).n, check: db.pragma('integrity_check', { simple: true }) };
  } finally {
    db.close();
  }
};

describe('parley backup', () => {
  it('copies a live WAL database online; the copy passes integrity_check, has every committed row and is private', async () => {
    const d = dir();
    const source = join(d, 'parley.db');
    const db = seeded(source, 500); // stays open, in WAL mode, with the last commits still in the -wal file
    assert.ok(existsSync(`${source}-wal`));
    const result = await backupDatabase(source, join(d, 'copy.db'));
    assert.equal(result.destination, join(d, 'copy.db'));
    assert.equal(result.bytes, statSync(result.destination).size);
    assert.ok(result.bytes > 0);
    assert.equal(statSync(result.destination).mode & 0o777, 0o600);
    assert.ok(!existsSync(`${result.destination}.partial`));
    assert.ok(!existsSync(`${result.destination}-wal`), 'one self-contained file');
    db.close();
    assert.deepEqual(countIn(result.destination), { rows: 500, check: 'ok' });
  });

  it('holds all rows committed before it started while another connection keeps writing', async () => {
    const d = dir();
    const source = join(d, 'parley.db');
    const writer = seeded(source, 200);
    const insert = writer.prepare("INSERT INTO conversations (id, token_hash, created_at, updated_at, last_seq, state) VALUES (?, zeroblob(32), 'x', 'x', 0, '{}')");
    let n = 0;
    const loop = setInterval(() => insert.run(`w-${n++}`), 1);
    try {
      const result = await backupDatabase(source, join(d, 'copy.db'));
      const copied = countIn(result.destination);
      assert.equal(copied.check, 'ok');
      assert.ok(copied.rows >= 200, `${copied.rows} rows`);
    } finally {
      clearInterval(loop);
      writer.close();
    }
  });

  it('refuses to overwrite an existing file without --force, and replaces it with', async () => {
    const d = dir();
    const source = join(d, 'parley.db');
    seeded(source, 3).close();
    const target = join(d, 'existing.db');
    writeFileSync(target, 'not a database');
    await assert.rejects(backupDatabase(source, target), (err: unknown) => err instanceof BackupError && /already exists; pass --force/.test(err.message));
    assert.equal(readFileSync(target, 'utf8'), 'not a database');
    await backupDatabase(source, target, { force: true });
    assert.deepEqual(countIn(target), { rows: 3, check: 'ok' });
  });

  it('refuses a missing source and the database itself as destination', async () => {
    const d = dir();
    await assert.rejects(backupDatabase(join(d, 'nope.db'), join(d, 'copy.db')), /no database at/);
    assert.ok(!existsSync(join(d, 'nope.db')), 'nothing created');
    const source = join(d, 'parley.db');
    seeded(source, 1).close();
    await assert.rejects(backupDatabase(source, source, { force: true }), /the database itself/);
  });

  it('parses its arguments', () => {
    assert.deepEqual(parseBackupArgs(['/tmp/x.db']), { destination: '/tmp/x.db', force: false });
    assert.deepEqual(parseBackupArgs(['--force', 'x.db']), { destination: 'x.db', force: true });
    assert.equal(parseBackupArgs([]), undefined);
    assert.equal(parseBackupArgs(['a.db', 'b.db']), undefined);
    assert.equal(parseBackupArgs(['--fast']), undefined);
  });

  it('from the command line: prints the destination and its size; exit codes 0, 1 (exists) and 2 (usage)', () => {
    const d = dir();
    const DATABASE_PATH = join(d, 'parley.db');
    seeded(DATABASE_PATH, 10).close();
    const cli = (args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', fromRoot('src', 'cli.ts'), 'backup', ...args], {
      cwd: fromRoot(), env: { PATH: process.env.PATH ?? '', DATABASE_PATH }, encoding: 'utf8', timeout: 60_000,
    });
    const target = join(d, 'nightly.db');
    const ok = cli([target]);
    assert.equal(ok.status, 0, ok.stderr);
    assert.equal(ok.stdout, `${target}\t${statSync(target).size} bytes\n`);
    const again = cli([target]);
    assert.equal(again.status, 1);
    assert.match(again.stderr, /already exists/);
    assert.equal(cli([target, '--force']).status, 0);
    assert.equal(cli([]).status, 2);
    // Restore is a file copy into DATABASE_PATH while the service is stopped: the copy opens as a database.
    assert.deepEqual(countIn(target), { rows: 10, check: 'ok' });
  });
});
