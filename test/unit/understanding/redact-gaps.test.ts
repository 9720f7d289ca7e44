// The three redaction gaps found by fuzzing (test/fuzz/extractors.fuzz.test.ts), each from both
// sides of the line: long tokens, several cards in one run of digit groups, and idempotence at the
// text limit. Plus a worst-case timing check on adversarial 2000-character inputs.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_TEXT_CHARS } from '../../../src/understanding/limits.js';
import { passesLuhn } from '../../../src/understanding/luhn.js';
import { REDACTED, redact } from '../../../src/understanding/redact.js';
import { checkRedactions } from './redaction-cases.js';
import { cpuMs } from '../../helpers/cpu-time.js';

const hex = (n: number): string => '0f1e2d3c4b5a6978'.repeat(Math.ceil(n / 16)).slice(0, n);
const base62 = (n: number): string => 'aB3dE5fG7hJ9kL1mN3pQ5rS7'.repeat(Math.ceil(n / 24)).slice(0, n);
const hash64 = '5f2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f809';

describe('redact gap 1: tokens longer than 128 characters are redacted whole', () => {
  checkRedactions([
    [`here ${hex(129)} thanks`, ['api_key'], 'here [redacted] thanks'],
    [`here ${hex(400)}`, ['api_key'], 'here [redacted]'],
    [`${base62(300)} is my token`, ['api_key'], '[redacted] is my token'],
    [`key=${base62(210)}&action=balance`, ['api_key'], 'key=[redacted]&action=balance'],
    [`api key: ${hex(150)}`, ['api_key'], 'api key: [redacted]'],
    [`password: ${base62(120)} ok`, ['password'], 'password: [redacted] ok'],
    // No payment reference is that long, even after a payment word.
    [`ref ${hex(144)}`, ['api_key'], 'ref [redacted]'],
    // The other side: what was never a secret stays, however long.
    [`tx 0x${hash64}`, [], `tx 0x${hash64}`],
    [`txid ${hash64}`, [], `txid ${hash64}`],
    [`hash ${hash64} paid`, [], `hash ${hash64} paid`],
    [`ref ${hex(32)}`, [], `ref ${hex(32)}`],
    [`stripe pi_${base62(140)}`, [], `stripe pi_${base62(140)}`],
    [`slug ${'abcdefghijklmnopqrstuvwxyz0'.repeat(6)}`, [], `slug ${'abcdefghijklmnopqrstuvwxyz0'.repeat(6)}`],
    [`https://drive.google.com/file/d/${base62(180)}/view`, [], `https://drive.google.com/file/d/${base62(180)}/view`],
    [`my handle is @${'superlong_username_2024_'.repeat(8)}`, [], `my handle is @${'superlong_username_2024_'.repeat(8)}`],
  ]);
});

describe('redact gap 2: every card inside a longer run of digit groups', () => {
  checkRedactions([
    ['cards 4111 1111 1111 1111 5500 0000 0000 0004', ['card_number'], 'cards [redacted] [redacted]'],
    ['cards 4111111111111111 5500-0000-0000-0004', ['card_number'], 'cards [redacted] [redacted]'],
    ['cards 4222222222222 5500 0000 0000 0004', ['card_number'], 'cards [redacted] [redacted]'],
    ['4111-1111-1111-1111 5500-0000-0000-0004 4242-4242-4242-4242', ['card_number'], '[redacted] [redacted] [redacted]'],
    ['3782 822463 10005 4111 1111 1111 1111', ['card_number'], '[redacted] [redacted]'],
    ['qty 2 4111 1111 1111 1111', ['card_number'], 'qty 2 [redacted]'],
    ['ids 1234 5678 4111 1111 1111 1111', ['card_number'], 'ids 1234 5678 [redacted]'],
    // A card next to another secret is still found (and nothing is left to find on a second pass).
    ['pw=1234 4111 1111 1111 1111', ['password', 'card_number'], 'pw=[redacted] [redacted]'],
    // Redacting the card uncovers a password (no word boundary before "pw" until the card is gone).
    ['5555555555554444pw=abc1', ['password', 'card_number'], '[redacted]pw=[redacted]'],
    // The other side: long numbers with no Luhn-valid card in them.
    ['+1 415 555 2671 415 555 2672', [], '+1 415 555 2671 415 555 2672'],
    ['orders 4829113 4829114 4829115 4829116', [], 'orders 4829113 4829114 4829115 4829116'],
    ['order 12345678901234567890123', [], 'order 12345678901234567890123'],
    ['1234 5678 9012 3456 7890', [], '1234 5678 9012 3456 7890'],
    ['4111 1111 1111 1112 5500 0000 0000 0005', [], '4111 1111 1111 1112 5500 0000 0000 0005'],
    ['tracking 9400 1000 0000 0000 0000 00', [], 'tracking 9400 1000 0000 0000 0000 00'],
    ['call 0044 7700 900123 or 0044 7700 900456', [], 'call 0044 7700 900123 or 0044 7700 900456'],
    ['4111-1111-1111-1111-5500-0000-0000-0004', [], '4111-1111-1111-1111-5500-0000-0000-0004'],
    [`tx 0x${hash64} 4111`, [], `tx 0x${hash64} 4111`],
    // Glued to a word or a decimal part, as before: not a card.
    ['ab4111 1111 1111 1111', [], 'ab4111 1111 1111 1111'],
    ['4111 1111 1111 1111.5', [], '4111 1111 1111 1111.5'],
  ]);

});

describe('redact gap 3: idempotent at the text limit, nothing secret kept', () => {
  const cases: [string, string, (out: string) => void][] = [
    ['short passwords that grow past the limit', 'pw=abc '.repeat(400), (out) => assert.ok(!out.includes('abc'))],
    ['growth from "password is …" over the limit', 'password is xyz1 '.repeat(130), (out) => assert.ok(!out.includes('xyz1'), out.slice(-40))],
    ['a card across the cut', `${'a '.repeat(995)}4111 1111 1111 1111 tail`, (out) => {
      assert.ok(out.endsWith(` ${REDACTED}`) && !out.includes('4111'), out.slice(-40));
    }],
    ['a long token across the cut', `${'b '.repeat(990)}${hex(300)} tail`, (out) => {
      assert.ok(out.endsWith(` ${REDACTED}`) && !/[0-9a-f]{20}/.test(out), out.slice(-40));
    }],
    ['a password across the cut', `${'c '.repeat(992)}pw=hunter22hunter22 tail`, (out) => {
      assert.ok(out.endsWith(`pw=${REDACTED}`) && !out.includes('hunt'), out.slice(-40));
    }],
    ['a token from the first character on', hex(30_000), (out) => assert.equal(out, REDACTED)],
    ['a secret just inside the limit', `${'d'.repeat(1979)} 4111111111111111`, (out) => assert.ok(out.endsWith(` ${REDACTED}`), out.slice(-40))],
  ];
  for (const [name, text, more] of cases) {
    it(name, () => {
      const once = redact(text);
      assert.ok(once.text.length <= MAX_TEXT_CHARS, `${once.text.length} chars`);
      assert.equal(redact(once.text).text, once.text);
      assert.ok(once.secrets.length > 0, 'secrets reported');
      assert.ok(!/\[redac(?!ted\])/.test(once.text), 'no cut marker');
      more(once.text);
    });
  }

  it('text without secrets is still just cut at the limit', () => {
    for (const text of ['a'.repeat(5000), 'order 12345 '.repeat(400), `${'e'.repeat(1995)} 4111 1111 1111 1112`]) {
      const r = redact(text);
      assert.deepEqual(r, { text: text.slice(0, MAX_TEXT_CHARS), secrets: [] });
    }
  });

  it('never longer than the limit, always a fixed point (mixed growth near the cut)', () => {
    const parts = ['pw=ab1', 'password: x1y', '4111 1111 1111 1111', hex(40), 'order 4829113', 'ok', '5500 0000 0000 0004'];
    for (let seed = 1; seed <= 60; seed++) {
      let text = '';
      for (let i = 0; text.length < 2100 + seed * 7; i++) text += `${parts[(i * seed + (i >> 2)) % parts.length]} `;
      const once = redact(text).text;
      assert.ok(once.length <= MAX_TEXT_CHARS, `seed ${seed}: ${once.length}`);
      assert.equal(redact(once).text, once, `seed ${seed}`);
      assert.ok(![...once.matchAll(/\d(?:[ -]?\d){12,18}/g)].some((m) => passesLuhn(m[0].replace(/[ -]/g, ''))), `seed ${seed}`);
    }
  });
});

describe('redact: worst-case time on adversarial 2000-character inputs', () => {
  const units = [
    '1', '1 ', '1-', '1 -', '4111 ', '4111-', '0000 ', '1111 1111 1111 1111 ', 'a', 'a1', 'A1b', 'a1-', 'a1_', '0x',
    'key ', 'key=a1', 'token: ', 'api key ', 'password is ', 'pw=', 'pw=abc ', 'password is password ', '@', 'x@a1.',
    'http://', 'https://a.co/', '.', '#', '1.', '+1 ', 'ref ', 'txid 1', 'sk_live_', 'pi_',
  ];
  const bound = 15; // ms of CPU, best of 5: ten times today's worst; quadratic work would exceed it
  redact('warm up 4111 1111 1111 1111 key=a1b2c3d4e5f6g7 pw=abc');
  for (const unit of units) {
    it(JSON.stringify(unit), () => {
      for (const n of [MAX_TEXT_CHARS, 30_000]) {
        const text = unit.repeat(Math.ceil(n / unit.length)).slice(0, n);
        let best = Infinity;
        for (let k = 0; k < 5; k++) {
          best = Math.min(best, cpuMs(() => redact(text)));
        }
        assert.ok(best < bound, `${best.toFixed(1)} ms on ${n} chars of ${JSON.stringify(unit)}`);
      }
    });
  }
});
