// Card numbers, both sides of the line: lists of numbers that happen to add up to a Luhn-valid
// 13–19 digits are not cards (gap a), a number called a card is one however it is grouped, and a
// card after a payment word is still a card (gap b),
// while payment references keep being extracted as entities, never redacted.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extractEntities } from '../../../src/understanding/entities.js';
import { passesLuhn } from '../../../src/understanding/luhn.js';
import { redact } from '../../../src/understanding/redact.js';
import { checkRedactions } from './redaction-cases.js';

describe('redact: lists of numbers are not card numbers', () => {
  // Each of these digit strings passes Luhn: only the way it is written says it is not a card.
  it('the fixtures are Luhn-valid', () => {
    for (const digits of ['1000200030004000', '4000300020001000', '1500250035004500', '48291124829119', '4829121482912800'])
      assert.ok(passesLuhn(digits), digits);
  });
  checkRedactions([
    // Round amounts: every group a multiple of 100.
    ['amounts 1000 2000 3000 4000', [], 'amounts 1000 2000 3000 4000'],
    ['1000 2000 3000 4000', [], '1000 2000 3000 4000'],
    ['prices 4000 3000 2000 1000 ok?', [], 'prices 4000 3000 2000 1000 ok?'],
    ['tiers 1500 2500 3500 4500', [], 'tiers 1500 2500 3500 4500'],
    ['amounts 1000 2000 3000 4000 5000', [], 'amounts 1000 2000 3000 4000 5000'],
    ['ranges 1000-2000-3000-4000', [], 'ranges 1000-2000-3000-4000'],
    // Groups not laid out the way cards are printed: two order IDs, an order ID and a quantity.
    ['orders 4829112 4829119 not started', [], 'orders 4829112 4829119 not started'],
    ['order 4829121 4829128 00', [], 'order 4829121 4829128 00'],
    // Mixed separators: not how a card is written.
    ['1000-2000 3000-4000', [], '1000-2000 3000-4000'],
    ['4111 1111-1111 1111', [], '4111 1111-1111 1111'],
    // Card numbers never start with 0.
    ['ref 0000000000000', [], 'ref 0000000000000'],
  ]);
});

describe('redact: still cards', () => {
  checkRedactions([
    ['card 4111 1111 1111 1111 was charged', ['card_number'], 'card [redacted] was charged'],
    ['4111-1111-1111-1111', ['card_number'], '[redacted]'],
    ['5500 0000 0000 0004', ['card_number'], '[redacted]'],
    ['4000 0000 0000 0002', ['card_number'], '[redacted]'],
    ['amex 3782 822463 10005', ['card_number'], 'amex [redacted]'],
    ['diners 3056 930902 5904', ['card_number'], 'diners [redacted]'],
    ['19 digits 6011 1111 1111 1111 110', ['card_number'], '19 digits [redacted]'],
    ['amounts 1000 2000 3000 4000 and card 4111 1111 1111 1111', ['card_number'], 'amounts 1000 2000 3000 4000 and card [redacted]'],
    ['1000 4111 1111 1111 1111', ['card_number'], '1000 [redacted]'],
  ]);
});

describe('redact: called a card, any grouping is a card', () => {
  checkRedactions([
    ['my card 4111 11111111 1111', ['card_number'], 'my card [redacted]'],
    ['card 41111111 11111111', ['card_number'], 'card [redacted]'],
    ['card 4111-1111 1111-1111', ['card_number'], 'card [redacted]'],
    ['card 378282 246310005', ['card_number'], 'card [redacted]'],
    ['my card number is 4111 11111111 1111', ['card_number'], 'my card number is [redacted]'],
    ['visa: 41111111 11111111 thanks', ['card_number'], 'visa: [redacted] thanks'],
    // Still not cards: no card word, the word in another clause, or round amounts.
    ['4111 11111111 1111', [], '4111 11111111 1111'],
    ['I paid by card, orders 4829112 4829119', [], 'I paid by card, orders 4829112 4829119'],
    ['card amounts 1000 2000 3000 4000', [], 'card amounts 1000 2000 3000 4000'],
  ]);
});

describe('redact: a card after a payment word is redacted', () => {
  checkRedactions([
    ['paid with card 4111 1111 1111 1111', ['card_number'], 'paid with card [redacted]'],
    ['paid with card 4111111111111111', ['card_number'], 'paid with card [redacted]'],
    ['payment 4111111111111111', ['card_number'], 'payment [redacted]'],
    ['payment 4111 1111 1111 1111', ['card_number'], 'payment [redacted]'],
    ['payment: 4111-1111-1111-1111 failed', ['card_number'], 'payment: [redacted] failed'],
    ['charge 5555555555554444 declined', ['card_number'], 'charge [redacted] declined'],
    ['invoice #4242424242424242', ['card_number'], 'invoice #[redacted]'],
    ['ref 4111111111111111', ['card_number'], 'ref [redacted]'],
    ['stripe 4242 4242 4242 4242', ['card_number'], 'stripe [redacted]'],
    ['batch 5500000000000004', ['card_number'], 'batch [redacted]'],
  ]);
});

describe('redact: payment references stay, and are still extracted', () => {
  const refs: [string, string][] = [
    ['payment 4111111111111112 not credited', '4111111111111112'],
    ['transaction id 1234567 not credited', '1234567'],
    ['txid 20231121884455 please check', '20231121884455'],
    ['batch 398726511', '398726511'],
    ['paypal 8UJ12345AB678901C', '8UJ12345AB678901C'],
    ['charge code 7XK2M9QA', '7XK2M9QA'],
    ['ref TRX-20231121-8841', 'TRX-20231121-8841'],
    ['payeer P1098234567', 'P1098234567'],
    ['stripe pi_3NkXyZ2eZvKYlo2C1aBcDeFg', 'pi_3NkXyZ2eZvKYlo2C1aBcDeFg'],
  ];
  for (const [text, ref] of refs) {
    it(JSON.stringify(text), () => {
      assert.deepEqual(redact(text), { text, secrets: [] });
      assert.deepEqual(extractEntities(redact(text).text).payment_reference, [ref]);
    });
  }
  it('a card after a payment word is not extracted as a payment reference', () => {
    assert.equal(extractEntities(redact('payment 4111111111111111').text).payment_reference, undefined);
  });
});
