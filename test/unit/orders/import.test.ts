import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runImportOrdersCommand } from '../../../src/commands/import-orders.js';
import { createOrderDirectory, type OrderDirectory } from '../../../src/orders/directory.js';
import { parseCsv } from '../../../src/orders/csv.js';
import { demoSeedPath } from '../../../src/sandbox/seed.js';
import { openSqliteStorage } from '../../../src/storage/sqlite/index.js';
import { fixedClock } from '../../helpers/deterministic.js';

function workspace() {
  const dir = mkdtempSync(join(tmpdir(), 'parley-import-'));
  const databasePath = join(dir, 'parley.db');
  let out = '';
  let err = '';
  const io = { stdout: { write: (s: string) => ((out += s), true) }, stderr: { write: (s: string) => ((err += s), true) }, databasePath, clock: fixedClock() };
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  // What the directory holds, read through a connection of its own (as the server would).
  const read = async <T>(fn: (directory: OrderDirectory) => Promise<T>): Promise<T> => {
    const storage = openSqliteStorage({ path: databasePath });
    try {
      return await fn(createOrderDirectory(storage.orders, fixedClock()));
    } finally {
      await storage.close();
    }
  };
  return { io, file, get: (id: string) => read((d) => d.get(id)), count: () => read((d) => d.count()), out: () => out, err: () => err };
}

const HEADER = 'order,email,account_id,link,payment_reference,service,created_at,shop_order_id';

describe('parley orders import', () => {
  it('imports a JSON array', async () => {
    const w = workspace();
    const path = w.file('orders.json', JSON.stringify([
      { order: 4829113, email: 'Maria.Lopez88@gmail.com', link: 'https://www.instagram.com/fitwithjade', service: 1204 },
      { order: '4829114', account_id: 'u-1' },
    ]));
    assert.equal(await runImportOrdersCommand(['import', path], w.io), 0);
    assert.match(w.out(), /imported 2 order\(s\).*2 new, 0 updated/);
    assert.equal((await w.get('4829113'))?.email, 'maria.lopez88@gmail.com');
  });

  it('imports the seed format', async () => {
    const w = workspace();
    assert.equal(await runImportOrdersCommand(['import', demoSeedPath], w.io), 0);
    assert.match(w.out(), /\(seed\)/);
    assert.ok(await w.count() > 10);
  });

  it('imports CSV with quoted fields and reports updates', async () => {
    const w = workspace();
    const path = w.file('orders.csv', `${HEADER}\r\n4829113,maria@example.com,u-1,"https://www.instagram.com/fitwithjade?a=1,2",8UJ1,1204,2026-11-20T10:00:00Z,10231\r\n\r\n4829114,,u-2,,,,,\r\n`);
    assert.equal(await runImportOrdersCommand(['import', path], w.io), 0, w.err());
    assert.equal((await w.get('4829113'))?.link, 'instagram.com/fitwithjade');
    assert.equal((await w.get('4829113'))?.shopOrderId, '10231');
    assert.equal((await w.get('4829114'))?.accountId, 'u-2');
    assert.equal(await runImportOrdersCommand(['import', path], w.io), 0);
    assert.match(w.out(), /0 new, 2 updated/);
  });

  it('one bad row rejects the whole file and names its line', async () => {
    const w = workspace();
    const path = w.file('orders.csv', `${HEADER}\n4829113,maria@example.com,,,,,,\n4829114,not-an-email,,,,,,\n4829115,,,,,,,\n`);
    assert.equal(await runImportOrdersCommand(['import', path], w.io), 1);
    assert.match(w.err(), /2 invalid row\(s\); nothing was imported/);
    assert.match(w.err(), /line 3: email: not an email address/);
    assert.match(w.err(), /line 4: .*needs at least one owner detail/);
    assert.equal(await w.count(), 0, 'nothing half-imported');
  });

  it('rejects a bad JSON row by its index, unknown columns and unreadable files', async () => {
    const w = workspace();
    assert.equal(await runImportOrdersCommand(['import', w.file('a.json', JSON.stringify([{ order: 1, email: 'a@b.co' }, { order: 'x y', email: 'a@b.co' }]))], w.io), 1);
    assert.match(w.err(), /row 2: order: not an id/);
    assert.equal(await runImportOrdersCommand(['import', w.file('b.csv', 'order,password\n1,x\n')], w.io), 1);
    assert.match(w.err(), /unknown column\(s\) password/);
    assert.equal(await runImportOrdersCommand(['import', w.file('c.json', '{"orders":')], w.io), 1);
    assert.match(w.err(), /not valid JSON/);
    assert.equal(await runImportOrdersCommand(['import', '/nonexistent/orders.json'], w.io), 1);
    assert.match(w.err(), /file not found/);
    assert.equal(await runImportOrdersCommand(['export', 'x'], w.io), 2);
    assert.equal(await w.count(), 0);
  });
});

describe('parseCsv', () => {
  it('reads quotes, doubled quotes, embedded newlines and keeps line numbers', () => {
    const records = parseCsv('a,b\n"x ""y""","line1\nline2"\nz,w\n');
    assert.deepEqual(records, [
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['x "y"', 'line1\nline2'] },
      { line: 4, fields: ['z', 'w'] },
    ]);
  });
  it('rejects an unclosed quote', () => assert.throws(() => parseCsv('a\n"open\n'), /line 2: a quoted field is not closed/));
});
