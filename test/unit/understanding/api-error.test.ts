import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extractEntities } from '../../../src/understanding/entities.js';

const cases: [string, string[]][] = [
  ['the api keeps answering with Invalid API key', ['Invalid API key']],
  ['action=add gives {"error":"Incorrect service ID"}', ['Incorrect service ID']],
  ["Getting 'You have active order with this link' again", ['You have active order with this link']],
  ['Not enough funds on balance', ['Not enough funds on balance']],
  ["my panel gets 'Not enough funds'", ['Not enough funds']],
  ['error: Quantity less than minimal 100', ['Quantity less than minimal 100']],
  ['it says neworder.error.link_duplicate', ['neworder.error.link_duplicate']],
  ['429 Too Many Requests', ['429 Too Many Requests']],
  ['Refill not found for my order', ['Refill not found']],
  ['it said "permission denied for this user"', ['permission denied for this user']],
  ['api returns "Incorrect request"', ['Incorrect request']],
  ['my bio says "welcome to my page"', []],
  ['where is my order', []],
];

describe('API errors', () => {
  for (const [text, want] of cases) it(JSON.stringify(text), () => assert.deepEqual(extractEntities(text).api_error ?? [], want));
});
