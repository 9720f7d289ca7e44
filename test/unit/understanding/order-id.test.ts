import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extractEntities } from '../../../src/understanding/entities.js';

const cases: [string, string[]][] = [
  ['#4829113', ['4829113']],
  ['order 4829113', ['4829113']],
  ['Order #4829113 please', ['4829113']],
  ['order id: 4829113', ['4829113']],
  ['order number is 4829113', ['4829113']],
  ['order no. 4829113 stuck', ['4829113']],
  ['orders 4829113, 4829114 and 4829115', ['4829113', '4829114', '4829115']],
  ['check 4829113 and #5510023', ['4829113', '5510023']],
  ['refill 6650123 please', ['6650123']],
  ['customer order 5012, panel order 7100233', ['5012', '7100233']],
  ['my ordr 88123456 is late', ['88123456']],
  ['ORDER-ID=991234', ['991234']],
  ['status of #12345', ['12345']],
  ['cancel 7120044 before it starts', ['7120044']],
  // Numbers that something else explains.
  ['text me on +44 7700 900123', []],
  ['call me at 0612345678', []],
  ['my whatsapp is 923001234567', []],
  ['(555) 123-4567 is my phone', []],
  ['I paid $12.50 yesterday', []],
  ['paid 1200 usd', []],
  ['paid 15000 inr for it', []],
  ['on 21/11/2023 at 10:30', []],
  ['since 2023-11-21', []],
  ['in 2024 i ordered', []],
  ['I want 5000 followers', []],
  ['1k likes and 10k views', []],
  ['500000 views please', []],
  ['service 1204 is down', []],
  ['service id 120456', []],
  ['paypal 8UJ12345AB678901C', []],
  ['tx 0x5f2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f809', []],
  ['batch 398812345 from perfect money', []],
  ['payeer P1098234567', []],
  ['transaction id 99887766', []],
  ['https://www.tiktok.com/@user/video/7234567890123456789', []],
  ['instagram.com/p/123456789', []],
  ['mail me at john1234567@gmail.com', []],
  ['40% of my likes came', []],
  ['took 48 hours', []],
  ['my checking account 20905432', []],
  ['square root of 1243435', []],
  ['I paid 12.50 on 21/11 and placed 2 orders', []],
  ['hello there', []],
];

describe('order IDs', () => {
  for (const [text, want] of cases) {
    it(`${JSON.stringify(text)} → ${JSON.stringify(want)}`, () => {
      assert.deepEqual(extractEntities(text).order_id ?? [], want);
    });
  }
});
