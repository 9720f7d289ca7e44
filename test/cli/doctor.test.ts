// `parley doctor` against loopback stand-ins: a panel that accepts, refuses the key, refuses the
// address, is down, hangs, answers garbage or lists nothing; an LLM endpoint that accepts or
// refuses its key; a database path that cannot be written. Each failure is exactly one line, and no
// line ever carries a secret.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import { promisify } from 'node:util';
import { doctor } from '../../src/commands/doctor.js';
import { fromRoot } from '../../src/paths.js';
import { loopbackServer, type RecordedRequest } from '../helpers/loopback.js';
import { FAKE_TOKEN, startFakeBotApi } from '../helpers/telegram-api.js';
import { createTestDatabase, postgresSkipReason } from '../helpers/postgres.js';
import { tempDatabasePath } from '../helpers/server-process.js';

const PANEL_KEY = 'panel-key-canary-7d1e4b2a9c';
const LLM_KEY = 'llm-key-canary-3f8a6c0e5b';
const WEBHOOK_SECRET = 'webhook-secret-canary-0123456789abcdef';
const METRICS_TOKEN = 'metrics-token-canary-0123456789abcdef';
const SECRETS = [PANEL_KEY, LLM_KEY, WEBHOOK_SECRET, METRICS_TOKEN];

/** A loopback server answering with `handler`; its URL (closed when the test ends). */
const loopback = async (t: TestContext, handler: (request: RecordedRequest, res: ServerResponse) => void) => (await loopbackServer(t, handler)).url;

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

const SERVICES = [
  { service: 1, name: 'Followers', type: 'Default', category: 'Instagram', rate: '0.90', min: 100, max: 10000 },
  { service: 2, name: 'Views', type: 'Default', category: 'TikTok', rate: '0.10', min: 100, max: 100000 },
];

/** A panel that checks the key the way panels do: an error object with status 200. */
const panelAnswering = (t: TestContext, answer: (form: URLSearchParams, res: ServerResponse) => void) =>
  loopback(t, (request, res) => {
    const form = new URLSearchParams(request.body);
    if (form.get('key') !== PANEL_KEY) return json(res, 200, { error: 'Invalid API key' });
    return answer(form, res);
  });

/** Production settings with nothing to warn about, on a fresh SQLite file. */
const production = (panelUrl: string, extra: Record<string, string> = {}): Record<string, string> => ({
  PANEL_URL: `${panelUrl}/api/v2`,
  PANEL_API_KEY: PANEL_KEY,
  PANEL_RETRIES: '0',
  DATABASE_PATH: tempDatabasePath(),
  CORS_ORIGINS: 'https://help.example.com',
  WEBHOOK_SECRETS: WEBHOOK_SECRET,
  METRICS_TOKEN,
  ...extra,
});

function assertNoSecret(lines: readonly string[]): void {
  const text = lines.join('\n');
  for (const secret of SECRETS) assert.ok(!text.includes(secret), `a line carries a secret: ${text}`);
}

/** Exactly one problem line, matching `pattern`, and exit code 1. */
async function assertOneProblem(env: Record<string, string>, pattern: RegExp): Promise<string[]> {
  const { lines, code } = await doctor(env);
  assert.equal(code, 1, lines.join('\n'));
  const problems = lines.filter((l) => l.startsWith('problem: '));
  assert.equal(problems.length, 1, lines.join('\n'));
  assert.match(problems[0] ?? '', pattern);
  assert.ok(!lines.some((l) => l.startsWith('ok: ')), 'no ok line when something is wrong');
  assertNoSecret(lines);
  return lines;
}

describe('parley doctor: configuration', () => {
  it('prints each invalid variable on its own line, never its value', async () => {
    const { lines, code } = await doctor({
      PANEL_URL: 'https://panel.example/api/v2', // without PANEL_API_KEY
      WEBHOOK_SECRETS: 'short-canary-secret',
      METRICS_TOKEN: 'token with spaces canary',
      CORS_ORIGINS: 'https://help.example.com,mailto:help@example.com',
      LLM_PROVIDER: 'openai', // without LLM_BASE_URL
    });
    assert.equal(code, 1);
    assert.equal(lines.length, 5, lines.join('\n'));
    for (const variable of ['PANEL_API_KEY', 'WEBHOOK_SECRETS', 'METRICS_TOKEN', 'CORS_ORIGINS.1', 'LLM_BASE_URL']) {
      assert.ok(lines.some((l) => l.startsWith(`problem: config: ${variable}: `)), `${variable}: ${lines.join('\n')}`);
    }
    const text = lines.join('\n');
    for (const value of ['short-canary-secret', 'token with spaces canary', 'mailto']) assert.ok(!text.includes(value), text);
  });
});

describe('parley doctor: demo mode', () => {
  it('says so, checks the rest and passes', async () => {
    const { lines, code } = await doctor({ DATABASE_PATH: tempDatabasePath() });
    assert.equal(code, 0, lines.join('\n'));
    assert.equal(lines.length, 2, lines.join('\n'));
    assert.match(lines[0] ?? '', /^warning: demo mode: PANEL_URL is unset/);
    assert.match(lines[1] ?? '', /^ok: configuration valid; prompts readable; panel skipped \(demo mode\); database writable \(SQLite .*\); LLM off$/);
  });
});

describe('parley doctor: prompts', () => {
  it("reads the operator's PROMPTS_DIR as serve does, and names the first file it refuses", async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-doctor-prompts-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    mkdirSync(join(dir, 'replies'));
    writeFileSync(join(dir, 'replies', 'thanks.md'), 'Glad to help!\n');
    const fine = await doctor({ DATABASE_PATH: tempDatabasePath(), PROMPTS_DIR: dir });
    assert.equal(fine.code, 0, fine.lines.join('\n'));
    assert.match(fine.lines.at(-1) ?? '', /; prompts readable \(PROMPTS_DIR: 1 replaced, 0 added\);/);
    // A promise the reply guard refuses, in the operator's words.
    writeFileSync(join(dir, 'replies', 'thanks.md'), 'Your refund is guaranteed within 24 hours!\n');
    await assertOneProblem({ DATABASE_PATH: tempDatabasePath(), PROMPTS_DIR: dir }, /^problem: prompts: .*replies[/\\]thanks\.md/);
  });
});

describe('parley doctor: panel', () => {
  it('passes with one ok line when the panel accepts the key and lists services', async (t) => {
    const panel = await panelAnswering(t, (form, res) => json(res, 200, form.get('action') === 'services' ? SERVICES : { error: 'Incorrect request' }));
    const { lines, code } = await doctor(production(panel));
    assert.equal(code, 0, lines.join('\n'));
    assert.deepEqual(lines.length, 1, lines.join('\n'));
    assert.match(lines[0] ?? '', /^ok: configuration valid; prompts readable; panel accepted the key and listed 2 services; database writable \(SQLite .*\); LLM off$/);
  });

  it('warns about services it cannot read', async (t) => {
    const panel = await panelAnswering(t, (_form, res) => json(res, 200, [...SERVICES, { service: 3, name: 'No limits' }]));
    const { lines, code } = await doctor(production(panel));
    assert.equal(code, 0, lines.join('\n'));
    assert.deepEqual(lines.slice(0, -1), ['warning: services: 1 of the panel\'s services could not be read (an id, name, rate, min or max missing or malformed) and are left out of the service rules']);
    assert.match(lines.at(-1) ?? '', /listed 2 services/);
  });

  it('a refused key', async (t) => {
    const panel = await panelAnswering(t, (_form, res) => json(res, 200, SERVICES));
    await assertOneProblem(production(panel, { PANEL_API_KEY: 'wrong-key-canary-11111' }), /^problem: panel: the panel at http:\/\/127\.0\.0\.1:\d+ refused PANEL_API_KEY \(invalid_key\)/);
    const { lines } = await doctor(production(panel, { PANEL_API_KEY: 'wrong-key-canary-11111' }));
    assert.ok(!lines.join('\n').includes('wrong-key-canary-11111'), 'the refused key is not printed either');
  });

  it('a refused address', async (t) => {
    const panel = await panelAnswering(t, (_form, res) => json(res, 403, { error: 'Your IP is not allowed' }));
    await assertOneProblem(production(panel), /^problem: panel: .* refused this server's address \(ip_not_allowed, HTTP 403\)/);
  });

  it('a panel that is down', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    await assertOneProblem(production(`http://127.0.0.1:${port}`), /^problem: panel: .* could not be reached \(ECONNREFUSED\): check PANEL_URL/);
  });

  it('a panel that does not answer in time', async (t) => {
    const panel = await loopback(t, () => undefined); // never answers
    await assertOneProblem(production(panel, { PANEL_TIMEOUT_MS: '300' }), /^problem: panel: .* did not answer within PANEL_TIMEOUT_MS \(300 ms\)$/);
  });

  it('a panel that answers garbage', async (t) => {
    const panel = await loopback(t, (_request, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>Welcome to our shop</html>');
    });
    await assertOneProblem(production(panel), /^problem: panel: .* gave an answer Parley cannot use \(not_json: .*\): is PANEL_URL the API v2 endpoint\?$/);
  });

  it('a panel that lists no services', async (t) => {
    const panel = await panelAnswering(t, (_form, res) => json(res, 200, []));
    await assertOneProblem(production(panel), /^problem: services: the panel accepted the key but listed no services/);
  });

  it('plain http to a remote panel', async () => {
    await assertOneProblem(production('http://panel.example'), /^problem: panel: panel URL must use https$/);
  });
});

describe('parley doctor: database', () => {
  it('a database path that cannot be created', async () => {
    const file = tempDatabasePath();
    writeFileSync(file, 'not a folder');
    const lines = await assertOneProblem({ DATABASE_PATH: join(file, 'parley.db') }, /^problem: database: SQLite .*parley\.db cannot be opened and written: EEXIST: file already exists, mkdir /);
    assert.ok(lines.some((l) => l.startsWith('warning: demo mode')), 'demo mode still checks the database');
  });

  it('leaves nothing behind', async () => {
    const DATABASE_PATH = tempDatabasePath();
    assert.equal((await doctor({ DATABASE_PATH })).code, 0);
    const { openSqliteStorage } = await import('../../src/storage/sqlite/index.js');
    const storage = openSqliteStorage({ path: DATABASE_PATH });
    try {
      assert.equal(await storage.counters.count('parley-doctor-probe', new Date(0).toISOString()), 0);
    } finally {
      await storage.close();
    }
  });

  it('an unreachable PostgreSQL server, without the password', async () => {
    const lines = await assertOneProblem(
      { DATABASE_URL: 'postgres://parley:pw-canary-5150@127.0.0.1:1/parley' },
      /^problem: database: PostgreSQL 127\.0\.0\.1:1\/parley cannot be opened and written \(ECONNREFUSED\)/,
    );
    assert.ok(!lines.join('\n').includes('pw-canary-5150'));
  });
});

describe('parley doctor: order directory', () => {
  it('warns when the directory is empty and nothing fills it, not when a source is set', async (t) => {
    const panel = await panelAnswering(t, (_form, res) => json(res, 200, SERVICES));
    const bare = await doctor(production(panel, { WEBHOOK_SECRETS: '' }));
    assert.equal(bare.code, 0, bare.lines.join('\n'));
    assert.ok(bare.lines.some((l) => /^warning: the order directory is empty and nothing fills it/.test(l)), bare.lines.join('\n'));
    const fed = await doctor(production(panel, { WEBHOOK_SECRETS: '', ORDERS_IMPORT_FILE: join(tmpdir(), 'orders.csv') }));
    assert.ok(!fed.lines.some((l) => l.includes('order directory is empty')), fed.lines.join('\n'));
  });
});

describe('parley doctor: Telegram', () => {
  it('asks the Bot API who the bot is; a refused token or an unreachable API is one line, never the token', async (t) => {
    const api = await startFakeBotApi(t);
    const demo = (token: string, base: string) => ({ DATABASE_PATH: tempDatabasePath(), TELEGRAM_BOT_TOKEN: token, TELEGRAM_API_BASE_URL: base });
    const fine = await doctor(demo(FAKE_TOKEN, api.url));
    assert.equal(fine.code, 0, fine.lines.join('\n'));
    assert.match(fine.lines.at(-1) ?? '', /; Telegram bot found \(polling\)$/);
    assert.equal(api.calls.at(-1)?.method, 'getMe');
    const other = '999999999:AAwrongwrongwrongwrongwrongwrongwrong';
    const refused = await assertOneProblem(demo(other, api.url), /^problem: telegram: the Bot API at http:\/\/127\.0\.0\.1:\d+ refused TELEGRAM_BOT_TOKEN/);
    assert.ok(!refused.join('\n').includes('AAwrongwrong'), 'the token is never printed');
    await assertOneProblem(demo(FAKE_TOKEN, 'http://127.0.0.1:1'), /^problem: telegram: .* could not be asked for the bot \(network\)/);
  });
});

describe('parley doctor: PostgreSQL', { skip: postgresSkipReason }, () => {
  it('writes and takes the write back, and names the database without its password', async () => {
    const db = await createTestDatabase();
    try {
      const { lines, code } = await doctor({ DATABASE_URL: db.url });
      assert.equal(code, 0, lines.join('\n'));
      const url = new URL(db.url);
      assert.match(lines.at(-1) ?? '', new RegExp(`database writable \\(PostgreSQL ${url.hostname}:\\d+/${db.name}\\)`));
      assert.ok(!lines.join('\n').includes(decodeURIComponent(url.password)), 'no password');
      const { openConfiguredStorage } = await import('../../src/storage/open-configured.js');
      const storage = await openConfiguredStorage({ DATABASE_URL: db.url, DATABASE_PATH: '', DB_SYNCHRONOUS: 'full', DB_CACHE_MIB: 4 });
      try {
        assert.equal(await storage.counters.count('parley-doctor-probe', new Date(0).toISOString()), 0);
      } finally {
        await storage.close();
      }
    } finally {
      await db.drop();
    }
  });
});

describe('parley doctor: LLM', () => {
  const llm = (t: TestContext, models: string[]) => loopback(t, (request, res) => {
    if (request.url !== '/v1/models') return json(res, 404, { error: 'not found' });
    if (request.headers.authorization !== `Bearer ${LLM_KEY}`) return json(res, 401, { error: { message: `Incorrect API key provided: ${String(request.headers.authorization)}` } });
    return json(res, 200, { object: 'list', data: models.map((id) => ({ id, object: 'model' })) });
  });
  const withLlm = (base: string, extra: Record<string, string> = {}) => ({
    DATABASE_PATH: tempDatabasePath(), LLM_PROVIDER: 'openai', LLM_BASE_URL: `${base}/v1`, LLM_API_KEY: LLM_KEY, LLM_MODEL: 'gpt-4o-mini', ...extra,
  });

  it('passes when the endpoint lists the model', async (t) => {
    const { lines, code } = await doctor(withLlm(await llm(t, ['gpt-4o', 'gpt-4o-mini'])));
    assert.equal(code, 0, lines.join('\n'));
    assert.match(lines.at(-1) ?? '', /; LLM reachable \(openai\)$/);
    assert.ok(!lines.some((l) => l.includes('LLM_MODEL')), lines.join('\n'));
  });

  it('warns when the model is not listed', async (t) => {
    const { lines, code } = await doctor(withLlm(await llm(t, ['llama3.2:latest']), { LLM_MODEL: 'mistral' }));
    assert.equal(code, 0);
    assert.ok(lines.some((l) => /^warning: LLM_MODEL mistral is not among the 1 models the LLM endpoint at http:\/\/127\.0\.0\.1:\d+ lists$/.test(l)), lines.join('\n'));
    const ollama = await doctor(withLlm(await llm(t, ['llama3.2:latest']), { LLM_MODEL: 'llama3.2' }));
    assert.ok(!ollama.lines.some((l) => l.includes('LLM_MODEL')), 'an Ollama tag is the model');
  });

  it('a refused key, which is never printed', async (t) => {
    await assertOneProblem(withLlm(await llm(t, []), { LLM_API_KEY: `${LLM_KEY}-old` }), /^problem: llm: the LLM endpoint at http:\/\/127\.0\.0\.1:\d+ refused LLM_API_KEY \(HTTP 401\)$/);
  });

  it('a wrong base URL', async (t) => {
    const base = await llm(t, []);
    await assertOneProblem({ ...withLlm(base), LLM_BASE_URL: base }, /^problem: llm: .* answered HTTP 404 to GET \/models: LLM_BASE_URL is the API root/);
  });

  it('an endpoint that is down or too slow', async (t) => {
    await assertOneProblem(withLlm('http://127.0.0.1:1'), /^problem: llm: .* could not be reached \(ECONNREFUSED\)/);
    await assertOneProblem(withLlm(await loopback(t, () => undefined), { LLM_TIMEOUT_MS: '300' }), /^problem: llm: .* did not answer within LLM_TIMEOUT_MS \(300 ms\)$/);
  });
});

describe('parley doctor: several problems at once', () => {
  it('one line each, then the warnings', async (t) => {
    const panel = await panelAnswering(t, (_form, res) => json(res, 200, SERVICES));
    const file = tempDatabasePath();
    writeFileSync(file, '');
    const { lines, code } = await doctor({
      ...production(panel, { PANEL_API_KEY: 'another-wrong-key' }),
      DATABASE_PATH: join(file, 'x.db'),
      METRICS_TOKEN: '',
      LLM_PROVIDER: 'ollama',
      LLM_BASE_URL: 'http://127.0.0.1:1/v1',
    });
    assert.equal(code, 1);
    assert.deepEqual(lines.map((l) => l.split(':').slice(0, 2).join(':')), [
      'problem: panel', 'problem: database', 'problem: llm', 'warning: METRICS_TOKEN is unset',
    ]);
  });
});

describe('parley doctor: the command', () => {
  const run = promisify(execFile);
  const cli = async (args: string[], env: Record<string, string>) => {
    try {
      const { stdout } = await run(process.execPath, ['--import', 'tsx', fromRoot('src', 'cli.ts'), 'doctor', ...args], {
        cwd: fromRoot(), env: { PATH: process.env.PATH ?? '', ...env }, timeout: 60_000,
      });
      return { code: 0, stdout };
    } catch (err) {
      const failed = err as { code?: number; stdout?: string };
      return { code: failed.code, stdout: failed.stdout ?? '' };
    }
  };

  it('exits 0 when all is well, 1 with a line per problem, 2 on bad usage', async (t) => {
    const ok = await cli([], { DATABASE_PATH: tempDatabasePath() });
    assert.equal(ok.code, 0, ok.stdout);
    assert.match(ok.stdout, /^warning: demo mode.*\nok: configuration valid; /);
    const panel = await panelAnswering(t, (_form, res) => json(res, 200, SERVICES));
    const refused = await cli([], production(panel, { PANEL_API_KEY: 'wrong-key-canary-22222' }));
    assert.equal(refused.code, 1);
    assert.match(refused.stdout, /^problem: panel: .* refused PANEL_API_KEY \(invalid_key\).*\n$/);
    assert.ok(!refused.stdout.includes('wrong-key-canary-22222'));
    assert.equal((await cli(['--verbose'], {})).code, 2);
  });
});
