import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runImportOrdersCommand } from '../../../src/commands/import-orders.js';
import { createOrderDirectory, type OrderDirectory } from '../../../src/orders/directory.js';
import { ColumnMappingError, parseColumnMapping } from '../../../src/orders/columns.js';
import { detectDelimiter, planImport } from '../../../src/orders/import-file.js';
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

describe('planImport: CSV through csv-parse', () => {
  const csv = (text: string, options = {}) => planImport(text, 'csv', { csv: options });

  it('reads quotes, doubled quotes, a BOM, CRLF and a newline inside a quoted field, naming the line a row starts on', async () => {
    const plan = await csv('\uFEFForder,email,shop_order_id\r\n"4829113","a@example.com","10 ""big"""\r\n4829114,"not\nan email",x\r\n4829115,b@example.com,y\r\n');
    assert.deepEqual(plan.rows.map((r) => [r.orderId, r.email, r.shopOrderId]), [['4829113', 'a@example.com', '10 "big"'], ['4829115', 'b@example.com', 'y']]);
    assert.deepEqual(plan.rejected, [{ at: 'line 3', reason: 'email: not an email address' }]);
  });

  it('keeps the good rows and reports the bad ones by line, never by their values', async () => {
    const plan = await csv('order,email\n4829113,a@example.com\n4829114,secret-person@\n4829115\nx y,b@example.com\n4829117,d@example.com\n4829116,"c@example.com"x\n');
    assert.deepEqual(plan.rows.map((r) => r.orderId), ['4829113', '4829117']);
    assert.deepEqual(plan.rejected.map((r) => r.at), ['line 3', 'line 4', 'line 5', 'line 7']);
    assert.match(plan.rejected[1]?.reason ?? '', /1 fields, the header has 2/);
    // A stray quote: the record is left out, and the parser's message (which quotes the field) is not used.
    assert.match(plan.rejected[3]?.reason ?? '', /^not valid CSV \(CSV_INVALID_CLOSING_QUOTE\)$/);
    assert.doesNotMatch(JSON.stringify(plan.rejected), /secret-person|example\.com|x y/);
  });

  it('detects ; , and tab from the header line, or takes the one given', async () => {
    assert.equal(detectDelimiter('order;email;link\n1,2'), ';');
    assert.equal(detectDelimiter('order\temail\n'), '\t');
    assert.equal(detectDelimiter('order,email'), ',');
    assert.equal(detectDelimiter('order'), ',');
    const semi = await csv('order;email;link\n4829113;a@example.com;"https://x.com/a?b=1,2"\n');
    assert.equal(semi.rows[0]?.link, 'https://x.com/a?b=1,2');
    const tab = await csv('order\temail\n4829113\ta@example.com\n', { delimiter: 'tab' });
    assert.equal(tab.rows[0]?.email, 'a@example.com');
    // Told a comma, a semicolon file is one column named "order;email".
    await assert.rejects(() => csv('order;email\n1;a@example.com\n', { delimiter: 'comma' }), /unknown column\(s\) order;email/);
  });

  it("maps the export's own headers, ignoring case, and skips its other columns", async () => {
    const columns = parseColumnMapping('order=Order ID, email=Billing Email,payment_reference=Transaction ID');
    const plan = await csv('Order ID;Product;billing email;Total;Transaction ID\n4829113;Followers 1000;A@Example.com;9,90;8UJ1\n', { columns });
    assert.deepEqual(plan.rejected, []);
    assert.deepEqual([plan.rows[0]?.orderId, plan.rows[0]?.email, plan.rows[0]?.paymentReference], ['4829113', 'A@Example.com', '8UJ1']);
    await assert.rejects(() => csv('Order,Billing Email\n1,a@example.com\n', { columns }), /no column "Order ID" \(mapped to order\)/);
  });

  it('refuses a bad mapping with what is wrong', async () => {
    assert.throws(() => parseColumnMapping('email=Billing Email'), /needs the "order" field/);
    assert.throws(() => parseColumnMapping('order=Order ID,password=Pass'), /unknown field "password"/);
    assert.throws(() => parseColumnMapping('order'), /not field=Header/);
    assert.throws(() => parseColumnMapping('order=A,order=B'), /mapped twice/);
    assert.throws(() => parseColumnMapping('order='), ColumnMappingError);
  });

  it('refuses an empty file, and reports a quote left open and an oversized record', async () => {
    await assert.rejects(() => csv(''), /the file is empty/);
    assert.deepEqual((await csv('order,email\n1,"' + 'x'.repeat(70_000) + '"\n')).rejected, [{ at: 'line 2', reason: 'not valid CSV (CSV_MAX_RECORD_SIZE)' }]);
    assert.deepEqual((await csv('order,email\n4829113,a@example.com\n"open\n')).rejected, [{ at: 'line 3', reason: 'not valid CSV (CSV_QUOTE_NOT_CLOSED)' }]);
  });
});
