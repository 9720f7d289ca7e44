import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, it, type TestContext } from 'node:test';
import { createOrderDirectory } from '../../../src/orders/directory.js';
import { parseColumnMapping } from '../../../src/orders/columns.js';
import { createScheduledImport, type ImportRunResult, type ScheduledImportOptions } from '../../../src/orders/scheduled-import.js';
import { createLogger } from '../../../src/observability/logger.js';
import { openSqliteStorage } from '../../../src/storage/sqlite/index.js';
import { fixedClock } from '../../helpers/deterministic.js';
import { loopbackServer } from '../../helpers/loopback.js';

const TOKEN = 'exp_tok_0123456789abcdefghijklmnopqrstuv';
const EXPORT = 'Order ID;Billing Email;Total\n4829113;maria@example.com;9,90\n4829114;not-an-email;1,00\n4829115;ana@example.com;2,00\n';
const columns = parseColumnMapping('order=Order ID,email=Billing Email');

function setup(t: TestContext, options: Partial<ScheduledImportOptions> & Pick<ScheduledImportOptions, 'source'>) {
  const storage = openSqliteStorage({ path: ':memory:' });
  const directory = createOrderDirectory(storage.orders, fixedClock());
  let logs = '';
  const log = createLogger('debug', new Writable({ write: (chunk: Buffer, _e, done) => ((logs += chunk.toString()), done()) }));
  const runs: ImportRunResult[] = [];
  const schedule = createScheduledImport({ csv: { columns }, directory, everyMs: 60_000, log, onRun: (r) => runs.push(r), timeoutMs: 2_000, ...options });
  t.after(async () => {
    await schedule.stop();
    await storage.close();
  });
  return { schedule, directory, runs, logs: () => logs };
}

describe('scheduled order import', () => {
  it('downloads the export with the bearer token, imports the good rows and reports the bad ones by line only', async (t) => {
    const shop = await loopbackServer(t, (req, res) => {
      if (req.headers.authorization !== `Bearer ${TOKEN}`) return void res.writeHead(401).end();
      res.writeHead(200, { 'content-type': 'text/csv' }).end(EXPORT);
    });
    const w = setup(t, { source: { kind: 'url', url: `${shop.url}/export/orders?key=in-the-query`, token: TOKEN } });
    assert.deepEqual(await w.schedule.run(), { ok: true, imported: 2, rejected: 1 });
    assert.equal((await w.directory.get('4829115'))?.email, 'ana@example.com');
    assert.equal(await w.directory.get('4829114'), undefined);
    assert.equal(shop.requests[0]?.method, 'GET');
    assert.match(w.logs(), /line 3: email: not an email address/);
    for (const secret of [TOKEN, 'not-an-email', 'in-the-query', 'maria@example.com']) assert.ok(!w.logs().includes(secret), `${secret} is not logged`);
    assert.deepEqual(w.runs, [{ ok: true, imported: 2, rejected: 1 }]);
  });

  it('runs one import at a time: a second call while one runs joins it', async (t) => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const shop = await loopbackServer(t, async (_req, res) => {
      await held;
      res.writeHead(200).end(EXPORT);
    });
    const w = setup(t, { source: { kind: 'url', url: `${shop.url}/orders.csv` } });
    const first = w.schedule.run();
    const second = w.schedule.run();
    assert.equal(first, second);
    release();
    await first;
    assert.equal(shop.requests.length, 1);
    assert.equal(w.runs.length, 1);
  });

  it('retries a 503 within its bounds, and gives up on a timeout and on a download over the limit', async (t) => {
    let calls = 0;
    const shop = await loopbackServer(t, (req, res) => {
      if (req.url === '/flaky') return void (++calls === 1 ? res.writeHead(503).end() : res.writeHead(200).end(EXPORT));
      if (req.url === '/big') return void res.writeHead(200).end('order,email\n' + '1,a@example.com\n'.repeat(1000));
      if (req.url === '/down') return void res.writeHead(503).end();
      // /slow: never answers
    });
    const flaky = setup(t, { source: { kind: 'url', url: `${shop.url}/flaky` } });
    assert.deepEqual(await flaky.schedule.run(), { ok: true, imported: 2, rejected: 1 });
    assert.equal(calls, 2);
    const down = setup(t, { source: { kind: 'url', url: `${shop.url}/down` }, retries: 1 });
    assert.deepEqual(await down.schedule.run(), { ok: false, error: 'the export answered HTTP 503' });
    assert.equal(shop.requests.filter((r) => r.url === '/down').length, 2, 'one retry, then it gives up');
    const slow = setup(t, { source: { kind: 'url', url: `${shop.url}/slow` }, timeoutMs: 300 });
    assert.deepEqual(await slow.schedule.run(), { ok: false, error: 'download failed: timeout' });
    const big = setup(t, { source: { kind: 'url', url: `${shop.url}/big` }, maxBytes: 1024 });
    assert.deepEqual(await big.schedule.run(), { ok: false, error: 'download failed: larger than the limit' });
    assert.match(big.logs(), /"error":"download failed: larger than the limit".*order import failed/);
  });

  it('refuses plain http to another machine, and a URL with credentials', () => {
    const base = { csv: {}, directory: { upsert: async () => undefined }, everyMs: 1000, log: createLogger('silent') };
    assert.throws(() => createScheduledImport({ ...base, source: { kind: 'url', url: 'http://shop.example/orders.csv' } }), /https/);
    assert.throws(() => createScheduledImport({ ...base, source: { kind: 'url', url: 'https://u:p@shop.example/orders.csv' } }), /credentials/);
  });

  it('reads a file, and reports one it cannot read', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-scheduled-'));
    const path = join(dir, 'orders.csv');
    writeFileSync(path, EXPORT.replaceAll(';', '\t'));
    const w = setup(t, { source: { kind: 'file', path } });
    assert.deepEqual(await w.schedule.run(), { ok: true, imported: 2, rejected: 1 });
    const missing = setup(t, { source: { kind: 'file', path: join(dir, 'none.csv') } });
    assert.deepEqual(await missing.schedule.run(), { ok: false, error: 'file not found' });
    const unmapped = setup(t, { source: { kind: 'file', path }, csv: {} });
    assert.equal((await unmapped.schedule.run()).ok, false);
  });

  it('start runs at once; stop cuts a download short and reports nothing for it', async (t) => {
    const shop = await loopbackServer(t, () => undefined);
    const w = setup(t, { source: { kind: 'url', url: `${shop.url}/orders.csv` }, timeoutMs: 30_000 });
    w.schedule.start();
    while (shop.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    await w.schedule.stop();
    assert.deepEqual(w.runs, []);
    assert.doesNotMatch(w.logs(), /order import failed/);
  });
});
