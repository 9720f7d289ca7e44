import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extractEntities } from '../../../src/understanding/entities.js';

const payments: [string, string[]][] = [
  ['paypal 8UJ12345AB678901C', ['8UJ12345AB678901C']],
  ['ids 4TR55612KJ889021X and 4TR55612KJ889022Y', ['4TR55612KJ889021X', '4TR55612KJ889022Y']],
  ['stripe pi_3NkXyZ2eZvKYlo2C1aBcDeFg charged', ['pi_3NkXyZ2eZvKYlo2C1aBcDeFg']],
  ['charge ch_1NbCdEfGhIjKlMnO', ['ch_1NbCdEfGhIjKlMnO']],
  ['ref TRX-20231121-8841', ['TRX-20231121-8841']],
  ['bank transfer ref BT-99812-AX not credited', ['BT-99812-AX']],
  ['tx 0x5f2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f809', ['0x5f2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f809']],
  ['Payeer P1098234567', ['P1098234567']],
  ['perfect money batch 398812345', ['398812345']],
  ['coinbase charge code 7XK2M9QA', ['7XK2M9QA']],
  ['txid: 9f2c0b1a77', ['9f2c0b1a77']],
  ['order 4829113', []],
  ['I paid 20 usd', []],
  ['COVID-19 delayed it', []],
  ['my referral link', []],
];
const services: [string, string[]][] = [
  ['service 1204', ['1204']],
  ['service ID 1204 and service #88', ['1204', '88']],
  ['action=add&service=1540', ['1540']],
  ['services 101, 102 and 103', ['101', '102', '103']],
  ['great service, order 4829113', []],
];
const quantities: [string, string[]][] = [
  ['10k', ['10000']],
  ['1k followers', ['1000']],
  ['2.5k likes', ['2500']],
  ['5000 followers', ['5000']],
  ['2,000 instagram likes', ['2000']],
  ['50k tiktok views', ['50000']],
  ['1m views', ['1000000']],
  ['quantity: 300', ['300']],
  ['order 4829113', []],
  // The order's ID, not a quantity: "order" as a noun before it.
  ['my order 4830254 views dropped', []],
  ['order #4830254 likes', []],
  // "order" as a verb: a quantity.
  ['I want to order 100000 tiktok followers', ['100000']],
  ['$5 please', []],
  ['10 min ago', []],
];

describe('payment references', () => {
  for (const [text, want] of payments) it(JSON.stringify(text), () => assert.deepEqual(extractEntities(text).payment_reference ?? [], want));
});
describe('service IDs', () => {
  for (const [text, want] of services) it(JSON.stringify(text), () => assert.deepEqual(extractEntities(text).service_id ?? [], want));
});
describe('quantities', () => {
  for (const [text, want] of quantities) it(JSON.stringify(text), () => assert.deepEqual(extractEntities(text).quantity ?? [], want));
});
