// `parley orders import` with a shop's own export: a real process, a real database file.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { systemClock } from '../../src/clock.js';
import { createOrderDirectory } from '../../src/orders/directory.js';
import { fromRoot } from '../../src/paths.js';
import { openSqliteStorage } from '../../src/storage/sqlite/index.js';
import { tempDatabasePath } from '../helpers/server-process.js';

function cli(args: string[], env: Record<string, string>) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', fromRoot('src', 'cli.ts'), ...args], {
    cwd: fromRoot(), env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8', timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

// A WooCommerce-style export: semicolons, a BOM, the shop's own headers, columns Parley does not read.
const EXPORT = '\uFEFFOrder ID;Billing Email;Product;Total;Transaction ID\r\n4829113;Maria.Lopez88@gmail.com;"Followers; 1000";9,90;8UJ12345AB678901C\r\n4829114;not-an-email;Likes;1,00;X\r\n';

describe('parley orders import --columns --delimiter', () => {
  it('imports a shop export through a column mapping', async () => {
    const DATABASE_PATH = tempDatabasePath();
    const file = `${DATABASE_PATH}.csv`;
    writeFileSync(file, EXPORT.replace('4829114;not-an-email', '4829114;ana@example.com'));
    const r = cli(['orders', 'import', file, '--columns', 'order=Order ID,email=Billing Email,payment_reference=Transaction ID', '--delimiter', 'semicolon'], { DATABASE_PATH });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /imported 2 order\(s\).*2 new/);
    const storage = openSqliteStorage({ path: DATABASE_PATH });
    try {
      const order = await createOrderDirectory(storage.orders, systemClock).get('4829113');
      assert.equal(order?.email, 'maria.lopez88@gmail.com');
      assert.equal(order?.paymentReference, '8UJ12345AB678901C');
    } finally {
      await storage.close();
    }
  });

  it('refuses a file with a bad row by its line, without the row, and bad flags with usage', () => {
    const DATABASE_PATH = tempDatabasePath();
    const file = `${DATABASE_PATH}.csv`;
    writeFileSync(file, EXPORT);
    const columns = 'order=Order ID,email=Billing Email';
    const bad = cli(['orders', 'import', file, '--columns', columns], { DATABASE_PATH });
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /1 invalid row\(s\); nothing was imported:\n {2}line 3: email: not an email address/);
    assert.doesNotMatch(bad.stderr, /not-an-email/);
    assert.equal(cli(['orders', 'import', file, '--columns', 'email=Billing Email'], { DATABASE_PATH }).code, 2);
    assert.match(cli(['orders', 'import', file, '--columns', columns, '--delimiter', 'pipe'], { DATABASE_PATH }).stderr, /--delimiter: one of comma, semicolon, tab/);
    assert.match(cli(['orders', 'import', file, '--colums', columns], { DATABASE_PATH }).stderr, /^usage: parley orders import/);
  });
});
