import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { redact } from '../../../src/understanding/redact.js';
import type { SecretType } from '../../../src/understanding/vocabulary.js';

const secretCases: [string, SecretType[], string][] = [
  ['my key is a7f3e9b21c4d58e6f0a1b2c3d4e5f607 why', ['api_key'], 'my key is [redacted] why'],
  ['key=9f8e7d6c5b4a39281716aa&action=balance', ['api_key'], 'key=[redacted]&action=balance'],
  ['api key: Xk29fLm3Qp8vZr7tYw2sNb4', ['api_key'], 'api key: [redacted]'],
  ['here it is 0f1e2d3c4b5a69788796a5b4c3d2e1f0', ['api_key'], 'here it is [redacted]'],
  ['token aB3dE5fG7hJ9kL1mN3pQ5rS7', ['api_key'], 'token [redacted]'],
  ['sk_live_51HabcdEFGhijkLMNop', ['api_key'], '[redacted]'],
  ['my password is Hunter22!', ['password'], 'my password is [redacted]'],
  ['pass: s3cr3t99', ['password'], 'pass: [redacted]'],
  ['pwd=letmein1', ['password'], 'pwd=[redacted]'],
  ['login maria, password - sunshine', ['password'], 'login maria, password - [redacted]'],
  ['card 4111 1111 1111 1111 was charged', ['card_number'], 'card [redacted] was charged'],
  ['4242-4242-4242-4242', ['card_number'], '[redacted]'],
  ['5555555555554444', ['card_number'], '[redacted]'],
  ['key abcdef0123456789abcdef0123456789 and password is qwerty12', ['api_key', 'password'], 'key [redacted] and password is [redacted]'],
];

const clean: string[] = [
  'order 4829113',
  'my password is not working',
  'forgot my password',
  'password reset link expired',
  'my key is not working',
  'tx 0x5f2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f809',
  'txid 5f2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f809',
  'hash 5f2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f809',
  'paypal 8UJ12345AB678901C',
  'stripe pi_3NkXyZ2eZvKYlo2C1aBcDeFg',
  'ch_1NbCdEfGhIjKlMnO refund',
  'https://www.tiktok.com/@user/video/7234567890123456789',
  'https://www.youtube.com/watch?v=aBcD123xYz9',
  'https://drive.google.com/file/d/1aB2cD3eF4gH5iJ6kL7mN8oP9qR/view',
  'text me on +44 7700 900123',
  'maria.lopez88@gmail.com',
  'my handle is @superlongusername_2024_official',
  '4111 1111 1111 1112 is not a valid card',
  'orders 4829113 4829114 4829115',
];

describe('redact: secrets', () => {
  for (const [text, secrets, out] of secretCases) {
    it(JSON.stringify(text), () => {
      const r = redact(text);
      assert.deepEqual([...r.secrets].sort(), [...secrets].sort());
      assert.equal(r.text, out);
    });
  }
});

describe('redact: no false secrets', () => {
  for (const text of clean) {
    it(JSON.stringify(text), () => assert.deepEqual(redact(text), { text, secrets: [] }));
  }
  it('truncates very long input', () => assert.equal(redact('a'.repeat(5000)).text.length, 2000));
});
