import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../../../src/config.js';

describe('loadConfig', () => {
  it('defaults to demo mode on 127.0.0.1:3000', () => {
    const config = loadConfig({});
    assert.equal(config.demoMode, true);
    assert.equal(config.PORT, 3000);
    assert.equal(config.HOST, '127.0.0.1');
    assert.equal(config.DATABASE_PATH, './data/parley.db');
    assert.equal(config.DB_SYNCHRONOUS, 'full');
    assert.equal(config.DB_CACHE_MIB, 4);
    assert.ok(Object.isFrozen(config));
  });

  it('takes a postgres:// or postgresql:// DATABASE_URL, and never echoes a refused one (it holds a password)', () => {
    assert.equal(loadConfig({}).DATABASE_URL, undefined);
    assert.equal(loadConfig({ DATABASE_URL: '' }).DATABASE_URL, undefined);
    for (const url of ['postgres://parley:s3cret@db.internal:5432/parley', 'postgresql://parley:s3cret@10.0.0.5/parley?sslmode=require']) {
      assert.equal(loadConfig({ DATABASE_URL: url }).DATABASE_URL, url);
    }
    assert.throws(() => loadConfig({ DATABASE_URL: 'mysql://parley:hunter2-secret@db/parley' }), (err: unknown) =>
      err instanceof ConfigError && err.message.includes('DATABASE_URL') && !err.message.includes('hunter2-secret'));
  });

  it('treats empty values as unset', () => {
    assert.equal(loadConfig({ PANEL_URL: '', PANEL_API_KEY: '' }).demoMode, true);
  });

  for (const [env, variable] of [
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ PANEL_URL: 'ftp://panel.example/api/v2', PANEL_API_KEY: 'x'.repeat(32) }, 'PANEL_URL'],
    [{ PANEL_URL: 'https://panel.example/api/v2' }, 'PANEL_API_KEY'],
    [{ RATE_LIMIT_PER_IP_PER_MINUTE: '-1' }, 'RATE_LIMIT_PER_IP_PER_MINUTE'],
    [{ CORS_ORIGINS: '*' }, 'CORS_ORIGINS'],
    // A URL whose origin is "null" (mailto:, file:) would match only the browsers' own "null" origin.
    [{ CORS_ORIGINS: 'https://help.example.com,mailto:help@example.com' }, 'CORS_ORIGINS'],
    [{ TRUST_PROXY: 'true' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: '1' }, 'TRUST_PROXY'],
    [{ DB_SYNCHRONOUS: 'off' }, 'DB_SYNCHRONOUS'],
    [{ DB_CACHE_MIB: '0' }, 'DB_CACHE_MIB'],
    [{ DB_CACHE_MIB: 'lots' }, 'DB_CACHE_MIB'],
    [{ METRICS_TOKEN: 'short' }, 'METRICS_TOKEN'],
    [{ DATABASE_URL: 'mysql://u:p@db.example/parley' }, 'DATABASE_URL'],
    [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL'],
  ] as const) {
    it(`refuses a bad ${variable} and names it`, () => {
      assert.throws(() => loadConfig(env), (err: unknown) => err instanceof ConfigError && err.message.includes(variable));
    });
  }

  it('never echoes a secret value in its error', () => {
    try {
      loadConfig({ PANEL_URL: 'not a url', PANEL_API_KEY: 'super-secret-panel-key' });
      assert.fail('expected a ConfigError');
    } catch (err) {
      assert.ok(err instanceof ConfigError);
      assert.ok(!err.message.includes('super-secret-panel-key'));
    }
  });

  it('leaves live mode when a panel is configured', () => {
    const config = loadConfig({ PANEL_URL: 'https://panel.example/api/v2', PANEL_API_KEY: 'k'.repeat(32), RATE_LIMIT_PER_IP_PER_MINUTE: '0', CORS_ORIGINS: 'https://help.example.com, https://shop.example.com' });
    assert.equal(config.demoMode, false);
    assert.equal(config.RATE_LIMIT_PER_IP_PER_MINUTE, 0);
    assert.deepEqual(config.CORS_ORIGINS, ['https://help.example.com', 'https://shop.example.com']);
  });
});
