// Rotating every credential Parley holds (docs/operations.md "Rotation"): the panel key (restart
// with the new one; nothing kept the old one), webhook secrets (old only → old+new → new only, on
// one database), the identity secret (one at a time: a restart) and agent tokens (re-issue or
// revoke: effective on the next request).
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { describe, it, type TestContext } from 'node:test';
import { systemClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import { createOrderDirectory } from '../../src/orders/directory.js';
import { openSqliteStorage } from '../../src/storage/sqlite/index.js';
import { importSeedOrders } from '../../src/sandbox/seed-orders.js';
import { createLogger } from '../../src/observability/logger.js';
import { checkIdentity, identityHash } from '../../src/orders/identity.js';
import { signatureHeader } from '../../src/orders/webhook-signature.js';
import { createPanelClient } from '../../src/panel/client.js';
import { startServer } from '../../src/server.js';
import { demoSeed, startTestSandbox } from '../helpers/panel-sandbox.js';
import { tempDatabasePath } from '../helpers/server-process.js';
import { buildTestApp } from '../helpers/test-app.js';

const json = { 'content-type': 'application/json' };
const OLD_KEY = 'old-panel-key-0123456789abcdef-ROTATE';
const NEW_KEY = 'new-panel-key-fedcba9876543210-ROTATE';

/** The real process wiring (config → panel client → app) on a database file, listening on a port. */
async function serve(t: TestContext, env: Record<string, string>) {
  let logs = '';
  const sink = new Writable({ write(chunk: Buffer, _e, done) { logs += chunk.toString('utf8'); done(); } });
  const server = await startServer(loadConfig({ PORT: '0', LOG_LEVEL: 'debug', ...env }), createLogger('debug', sink));
  let closed = false;
  const close = async () => {
    if (!closed) await server.close();
    closed = true;
  };
  t.after(close);
  const say = async (text: string) => {
    const opened = await (await fetch(`${server.url}/v1/conversations`, { method: 'POST', headers: json, body: '{}' })).json() as { conversation: { id: string }; token: string };
    const res = await fetch(`${server.url}/v1/conversations/${opened.conversation.id}/messages`, { method: 'POST', headers: { ...json, authorization: `Bearer ${opened.token}` }, body: JSON.stringify({ text }) });
    assert.equal(res.status, 200);
    return ((await res.json()) as { messages: { text: string }[] }).messages.map((m) => m.text);
  };
  return { say, close, logs: () => logs };
}

const fileBytes = (path: string) => [path, `${path}-wal`].filter(existsSync).map((p) => readFileSync(p).toString('latin1')).join('');
const ORDER_QUESTION = 'Order 4831239 - my email is maria.lopez88@gmail.com, any update?';

describe('panel key rotation', () => {
  it('restart with the new key: it works, the old key is refused, and no file or log kept either key', async (t) => {
    const DATABASE_PATH = tempDatabasePath();
    // The order directory is filled the way a shop does it (webhooks/import); here from the demo seed.
    const setup = openSqliteStorage({ path: DATABASE_PATH });
    await importSeedOrders(createOrderDirectory(setup.orders, systemClock), demoSeed(), systemClock);
    await setup.close();

    // Before: the panel and Parley share the old key.
    const oldPanel = await startTestSandbox(t, { key: OLD_KEY });
    const before = await serve(t, { PANEL_URL: oldPanel.url, PANEL_API_KEY: OLD_KEY, DATABASE_PATH });
    assert.ok((await before.say(ORDER_QUESTION)).some((text) => /In progress/.test(text)));
    await before.close();

    // The shop issues a new key in the panel (the old one stops working there), then restarts Parley with it.
    const newPanel = await startTestSandbox(t, { key: NEW_KEY });
    const stale = createPanelClient({ url: newPanel.url, key: OLD_KEY, timeoutMs: 10_000, retries: 0 });
    t.after(() => stale.close());
    await assert.rejects(stale.services(), (err: unknown) => (err as { code?: string }).code === 'panel_auth');
    const fresh = createPanelClient({ url: newPanel.url, key: NEW_KEY, timeoutMs: 10_000, retries: 0 });
    t.after(() => fresh.close());
    assert.ok((await fresh.services()).length > 0);
    const after = await serve(t, { PANEL_URL: newPanel.url, PANEL_API_KEY: NEW_KEY, DATABASE_PATH });
    assert.ok((await after.say(ORDER_QUESTION)).some((text) => /In progress/.test(text)));
    await after.close();

    // Nothing persisted or logged a key: the key lives in the environment only.
    const stored = fileBytes(DATABASE_PATH);
    for (const key of [OLD_KEY, NEW_KEY, 'ROTATE']) {
      assert.ok(!stored.includes(key), `the database holds ${key}`);
      assert.ok(!before.logs().includes(key) && !after.logs().includes(key), `a log line holds ${key}`);
    }
  });
});

describe('webhook secret rotation', () => {
  const OLD = 'whsec_old_0123456789abcdefghijklmnopqrstu';
  const NEW = 'whsec_new_0123456789abcdefghijklmnopqrstu';
  const event = (id: string, status: string) => JSON.stringify({ id, type: 'order.updated', data: { order: 4829113, status } });

  it('old only → new,old (both accepted) → new only (old refused), one database throughout', async (t) => {
    const databasePath = tempDatabasePath();
    const phase = async (secrets: string) => {
      const testApp = await buildTestApp(t, { env: { WEBHOOK_SECRETS: secrets }, databasePath });
      const now = Math.floor(testApp.clock().getTime() / 1000);
      const send = async (id: string, secret: string) => {
        const body = event(id, 'In progress');
        const res = await testApp.app.inject({ method: 'POST', url: '/v1/webhooks/panel', headers: { ...json, 'parley-signature': signatureHeader([secret], now, body) }, payload: body });
        return res.statusCode;
      };
      return { send, close: () => testApp.app.close() };
    };

    // 1. Today: the panel signs with OLD; Parley knows OLD only.
    const one = await phase(OLD);
    assert.equal(await one.send('evt_1', OLD), 200);
    assert.equal(await one.send('evt_2', NEW), 401);
    await one.close();
    // 2. Restart Parley with "new,old" first; deliveries signed with either are accepted.
    const two = await phase(`${NEW},${OLD}`);
    assert.equal(await two.send('evt_3', OLD), 200, 'deliveries still signed with the old secret');
    // 3. Switch the panel to NEW (any order of in-flight deliveries is fine).
    assert.equal(await two.send('evt_4', NEW), 200);
    assert.equal(await two.send('evt_5', OLD), 200, 'a retry of an old delivery');
    await two.close();
    // 4. Restart with NEW only: the old secret is dead.
    const three = await phase(NEW);
    assert.equal(await three.send('evt_6', NEW), 200);
    assert.equal(await three.send('evt_7', OLD), 401);
    // Dedupe survived the restarts: the same event id is not applied twice.
    assert.equal(await three.send('evt_4', NEW), 200);
  });

  it('accepts at most two secrets (the configuration refuses three)', () => {
    assert.throws(() => loadConfig({ WEBHOOK_SECRETS: `${NEW},${OLD},whsec_third_0123456789abcdefghijklmnopqr` }), /WEBHOOK_SECRETS/);
  });
});

describe('identity secret rotation', () => {
  // One secret at a time: there is no second-secret window, so rotating is a restart, after which
  // hashes the host site made with the old secret no longer verify. Switch the shop's server and
  // Parley together (a verified visitor whose page still carries an old hash just gets asked for
  // the usual proof instead).
  const OLD = 'idsec_old_0123456789abcdefghijklmnopqrstu';
  const NEW = 'idsec_new_0123456789abcdefghijklmnopqrstu';

  it('a restart with the new secret verifies new hashes only', () => {
    const user = 'maria.lopez88@gmail.com';
    const before = loadConfig({ IDENTITY_SECRET: OLD });
    assert.ok(checkIdentity(before.IDENTITY_SECRET, user, identityHash(OLD, user)));
    const after = loadConfig({ IDENTITY_SECRET: NEW });
    assert.equal(checkIdentity(after.IDENTITY_SECRET, user, identityHash(OLD, user)), null);
    assert.ok(checkIdentity(after.IDENTITY_SECRET, user, identityHash(NEW, user)));
  });

  it('over HTTP: after the restart an old hash opens no conversation (401); conversations verified before keep their user', async (t) => {
    const user = 'maria.lopez88@gmail.com';
    const databasePath = tempDatabasePath();
    const create = (app: Awaited<ReturnType<typeof buildTestApp>>['app'], secret: string) =>
      app.inject({ method: 'POST', url: '/v1/conversations', headers: json, payload: { identity: { userId: user, userHash: identityHash(secret, user) } } });
    const before = await buildTestApp(t, { env: { IDENTITY_SECRET: OLD }, databasePath });
    const opened = await create(before.app, OLD);
    assert.equal(opened.statusCode, 201);
    const id = (opened.json() as { conversation: { id: string } }).conversation.id;
    await before.app.close();
    const after = await buildTestApp(t, { env: { IDENTITY_SECRET: NEW }, databasePath });
    const stale = await create(after.app, OLD);
    assert.equal(stale.statusCode, 401);
    assert.equal((stale.json() as { error: { code: string } }).error.code, 'unauthorized');
    assert.equal((await after.deps.storage.conversations.get(id))?.state.verifiedUserId, user, 'checked once, at creation');
    // (A fresh database: the test apps' sequential ids would collide with the first app's.)
    const fresh = await buildTestApp(t, { env: { IDENTITY_SECRET: NEW } });
    assert.equal((await create(fresh.app, NEW)).statusCode, 201);
  });

  it('a comma does not make two secrets: "new,old" is one (wrong) secret', () => {
    const user = 'maria.lopez88@gmail.com';
    const both = loadConfig({ IDENTITY_SECRET: `${NEW},${OLD}` });
    assert.equal(checkIdentity(both.IDENTITY_SECRET, user, identityHash(NEW, user)), null);
    assert.equal(checkIdentity(both.IDENTITY_SECRET, user, identityHash(OLD, user)), null);
  });
});

describe('agent token rotation', () => {
  it('agents add again issues a new token and the old one stops at once; revoke stops the new one', async (t) => {
    const { app, deps } = await buildTestApp(t);
    const me = (token: string) => app.inject({ method: 'GET', url: '/v1/agents/me', headers: { authorization: `Bearer ${token}` } });
    const first = await deps.agents.issueToken('sam');
    assert.equal((await me(first)).statusCode, 200);
    const second = await deps.agents.issueToken('sam'); // what `parley agents add sam` does
    assert.notEqual(second, first);
    const refused = await me(first);
    assert.equal(refused.statusCode, 401);
    assert.deepEqual(refused.json(), { error: { code: 'unauthorized', message: 'missing or invalid credentials' } });
    assert.equal((await me(second)).statusCode, 200);
    assert.equal(await deps.agents.revoke('sam'), true); // `parley agents revoke sam`
    assert.equal((await me(second)).statusCode, 401);
    // Re-adding a revoked agent gives a working token again; the revoked one stays dead.
    const third = await deps.agents.issueToken('sam');
    assert.equal((await me(third)).statusCode, 200);
    assert.equal((await me(second)).statusCode, 401);
    assert.deepEqual((await deps.agents.list()).map((a) => [a.name, a.revoked]), [['sam', false]]);
  });
});
