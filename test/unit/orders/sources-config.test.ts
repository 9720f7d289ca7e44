// ORDERS_IMPORT_* and OWNERSHIP_* as config.ts reads them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../../../src/config.js';

const SECRET = 'own_sec_0123456789abcdefghijklmnopqrstu';

describe('order source configuration', () => {
  it('reads a mapping, a delimiter and the defaults', () => {
    const config = loadConfig({ ORDERS_IMPORT_URL: 'https://shop.example/orders.csv', ORDERS_IMPORT_TOKEN: 'tok_0123456789', ORDERS_IMPORT_COLUMNS: 'order=Panel Order ID, email=Billing Email', ORDERS_IMPORT_DELIMITER: 'semicolon' });
    assert.deepEqual([...(config.ORDERS_IMPORT_COLUMNS ?? [])], [['order', 'Panel Order ID'], ['email', 'Billing Email']]);
    assert.equal(config.ORDERS_IMPORT_DELIMITER, 'semicolon');
    assert.equal(config.ORDERS_IMPORT_MINUTES, 15);
    assert.equal(config.OWNERSHIP_TIMEOUT_MS, 3000);
    // Blank values (as .env.example leaves them) mean unset.
    const blank = loadConfig({ ORDERS_IMPORT_FILE: '', ORDERS_IMPORT_URL: '', ORDERS_IMPORT_MINUTES: '', ORDERS_IMPORT_COLUMNS: '', OWNERSHIP_URL: '', OWNERSHIP_SECRET: '', OWNERSHIP_TIMEOUT_MS: '' });
    assert.equal(blank.ORDERS_IMPORT_URL, undefined);
    assert.equal(blank.ORDERS_IMPORT_COLUMNS, undefined);
  });

  it('refuses what would go wrong later, without echoing a secret', () => {
    const refused = (env: Record<string, string>, why: RegExp) => assert.throws(() => loadConfig(env), (err: unknown) => err instanceof ConfigError && why.test(err.message));
    refused({ ORDERS_IMPORT_URL: 'http://shop.example/orders.csv' }, /ORDERS_IMPORT_URL: an https:\/\/ URL/);
    refused({ ORDERS_IMPORT_FILE: '/srv/orders.csv', ORDERS_IMPORT_URL: 'https://shop.example/o.csv' }, /not both/);
    refused({ ORDERS_IMPORT_FILE: '/srv/orders.csv', ORDERS_IMPORT_TOKEN: 'tok_0123456789' }, /ORDERS_IMPORT_TOKEN: is sent only to ORDERS_IMPORT_URL/);
    refused({ ORDERS_IMPORT_FILE: '/srv/orders.csv', ORDERS_IMPORT_COLUMNS: 'email=Billing Email' }, /ORDERS_IMPORT_COLUMNS: the mapping needs the "order" field/);
    refused({ ORDERS_IMPORT_FILE: '/srv/orders.csv', ORDERS_IMPORT_DELIMITER: '|' }, /ORDERS_IMPORT_DELIMITER/);
    refused({ OWNERSHIP_URL: 'https://shop.example/parley/owns' }, /OWNERSHIP_SECRET: OWNERSHIP_URL and OWNERSHIP_SECRET go together/);
    refused({ OWNERSHIP_SECRET: SECRET }, /OWNERSHIP_URL: OWNERSHIP_URL and OWNERSHIP_SECRET go together/);
    refused({ OWNERSHIP_URL: 'https://shop.example/owns', OWNERSHIP_SECRET: 'short-secret' }, /OWNERSHIP_SECRET: a secret of 32-256 characters/);
    assert.throws(() => loadConfig({ OWNERSHIP_URL: 'https://shop.example/owns', OWNERSHIP_SECRET: 'short-secret' }), (err: unknown) => !(err as Error).message.includes('short-secret'));
    assert.equal(loadConfig({ OWNERSHIP_URL: 'http://127.0.0.1:8080/owns', OWNERSHIP_SECRET: SECRET }).OWNERSHIP_URL, 'http://127.0.0.1:8080/owns');
  });
});
