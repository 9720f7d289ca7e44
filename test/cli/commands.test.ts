// The command line as operators use it: a real process, a real database file.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { createAgentDirectory } from '../../src/agents/agent-directory.js';
import { systemClock } from '../../src/clock.js';
import { fromRoot } from '../../src/paths.js';
import { hashToken } from '../../src/security/tokens.js';
import { openSqliteStorage } from '../../src/storage/sqlite/index.js';
import { tempDatabasePath } from '../helpers/server-process.js';

function cli(args: string[], env: Record<string, string>, input?: string) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', fromRoot('src', 'cli.ts'), ...args], {
    cwd: fromRoot(), env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8', timeout: 60_000, ...(input ? { input } : {}),
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('parley agents', () => {
  it('prints a new token as the last line, stores only its hash, and revokes it', async () => {
    const DATABASE_PATH = tempDatabasePath();
    const added = cli(['agents', 'add', 'sam'], { DATABASE_PATH });
    assert.equal(added.code, 0, added.stderr);
    const token = added.stdout.trim().split('\n').at(-1) ?? '';
    assert.match(token, /^pa_[A-Za-z0-9_-]{32}$/);
    const storage = openSqliteStorage({ path: DATABASE_PATH });
    try {
      const stored = await storage.agents.byTokenHash(hashToken(token));
      assert.ok(stored?.tokenHash.equals(hashToken(token)), 'the hash is what is stored');
      assert.ok(!stored?.tokenHash.toString('latin1').includes(token));
      const agents = createAgentDirectory(storage.agents, systemClock);
      assert.deepEqual(await agents.authenticate(token), { name: 'sam', displayName: null });
      const revoked = cli(['agents', 'revoke', 'sam'], { DATABASE_PATH });
      assert.equal(revoked.code, 0, revoked.stderr);
      assert.equal(await agents.authenticate(token), undefined, 'revocation is effective at once');
    } finally {
      await storage.close();
    }
    assert.equal(cli(['agents', 'revoke', 'sam'], { DATABASE_PATH }).code, 1, 'revoking twice says there is nobody to revoke');
  });

  it('sets, keeps, changes and clears the display name visitors see; list shows it', async () => {
    const DATABASE_PATH = tempDatabasePath();
    const added = cli(['agents', 'add', 'sam', '--display-name', 'Sam from Support'], { DATABASE_PATH });
    assert.equal(added.code, 0, added.stderr);
    assert.equal(cli(['agents', 'add', 'kim'], { DATABASE_PATH }).code, 0);
    assert.equal(cli(['agents', 'list'], { DATABASE_PATH }).stdout.split('\n').map((l) => l.split('\t').at(-1)).join('|'), '|Sam from Support|');
    const rotated = cli(['agents', 'add', 'sam'], { DATABASE_PATH }); // a new token keeps the display name
    const renamed = cli(['agents', 'set-display-name', 'kim', 'Kim L.'], { DATABASE_PATH });
    assert.equal(renamed.code, 0, renamed.stderr);
    assert.match(renamed.stdout, /visitors now see kim as "Kim L\."/);
    const storage = openSqliteStorage({ path: DATABASE_PATH });
    try {
      const agents = createAgentDirectory(storage.agents, systemClock);
      assert.deepEqual(await agents.authenticate(rotated.stdout.trim().split('\n').at(-1)), { name: 'sam', displayName: 'Sam from Support' });
      assert.equal(cli(['agents', 'set-display-name', 'sam', '--clear'], { DATABASE_PATH }).code, 0);
      assert.deepEqual((await agents.list()).map((a) => [a.name, a.displayName]), [['kim', 'Kim L.'], ['sam', null]]);
    } finally {
      await storage.close();
    }
    assert.equal(cli(['agents', 'set-display-name', 'nobody', 'X'], { DATABASE_PATH }).code, 1, 'unknown agent');
    const control = cli(['agents', 'set-display-name', 'kim', 'Kim\u202Eevil'], { DATABASE_PATH });
    assert.equal(control.code, 1);
    assert.match(control.stderr, /display name is 1-64 characters/);
  });

  it('refuses a bad name and bad usage', () => {
    const DATABASE_PATH = tempDatabasePath();
    assert.notEqual(cli(['agents', 'add', '<script>'], { DATABASE_PATH }).code, 0);
    assert.notEqual(cli(['agents', 'add', 'sam', '--display-name', ''], { DATABASE_PATH }).code, 0);
    for (const args of [[], ['add', 'sam', '--clear'], ['set-display-name', 'sam'], ['set-display-name', 'sam', 'X', '--clear'], ['revoke', 'sam', '--display-name', 'X']]) {
      assert.equal(cli(['agents', ...args], { DATABASE_PATH }).code, 2, args.join(' '));
    }
  });
});

describe('parley purge', () => {
  it('needs --older-than with a whole number of days', () => {
    const DATABASE_PATH = tempDatabasePath();
    assert.equal(cli(['purge'], { DATABASE_PATH }).code, 2);
    assert.equal(cli(['purge', '--older-than', 'ten'], { DATABASE_PATH }).code, 2);
    const ok = cli(['purge', '--older-than', '30'], { DATABASE_PATH });
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /purged 0 conversation/);
  });
});

describe('parley understand', () => {
  it('answers one JSON line per input line, in order, with secrets redacted and logs kept off stdout', () => {
    const input = [
      JSON.stringify({ id: 1, text: 'where is my order #4829113?' }),
      'not json',
      JSON.stringify({ id: 3, text: 'my api key is 9f86d081884c7d659a2feaa0c55ad015 and it fails' }),
    ].join('\n');
    const r = cli(['understand'], {}, `${input}\n`);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(lines.length, 3);
    assert.equal(lines[0]?.id, 1);
    assert.deepEqual((lines[0]?.entities as Record<string, string[]>).order_id, ['4829113']);
    assert.ok('error' in (lines[1] ?? {}));
    assert.deepEqual(lines[2]?.secrets, ['api_key']);
    assert.ok(!r.stdout.includes('9f86d081884c7d659a2feaa0c55ad015'));
  });
});

describe('parley (no command)', () => {
  it('prints usage and exits 2', () => {
    const r = cli([], {});
    assert.equal(r.code, 2);
    assert.match(r.stderr, /usage: parley <command>/);
  });
});
