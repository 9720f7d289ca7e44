import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_ORDERS_PER_TURN, readMessage } from '../../../src/policy/read.js';
import { extractEntities } from '../../../src/understanding/entities.js';
import type { Intent } from '../../../src/understanding/vocabulary.js';
import { lexicon } from '../../helpers/test-app.js';

const read = (text: string, intent: Intent = 'other', confidence = 0.9, orderIdPattern = /^[0-9]{3,20}$/) =>
  readMessage(text, { role: 'unknown', roleConfidence: 0, intent, confidence, entities: extractEntities(text) }, { lexicon, orderIdPattern });

describe('reading a message for everything in it', () => {
  it('keeps a confident intent only', () => {
    assert.equal(read('where is my order', 'order_status', 0.9).intent, 'order_status');
    assert.equal(read('hmm', 'order_status', 0.3).intent, null);
  });

  it('takes every order ID up to the limit, in the panel’s own ID shape', () => {
    assert.deepEqual(read('orders 4831239, 4832177, 4830353 and 4829893').orderIds.length, MAX_ORDERS_PER_TURN);
    assert.deepEqual(read('where is ORD-7K2M9Q?', 'order_status', 0.9, /^ORD-[A-Z0-9]{6}$/).orderIds, ['ORD-7K2M9Q']);
    assert.deepEqual(read('order 4831239', 'order_status', 0.9, /^ORD-[A-Z0-9]{6}$/).orderIds, []);
  });

  it('drops a value the visitor takes back', () => {
    assert.deepEqual(read('wait sorry i meant service 2305 not 2310').serviceIds, ['2305']);
  });

  it('finds proof of ownership: email, link, an account ID after its label or in its own shape', () => {
    assert.deepEqual(read('account id u-10745').proof, { accountId: 'u-10745' });
    assert.deepEqual(read('my account is 55120, email a@b.co').proof, { email: 'a@b.co', accountId: '55120' });
    assert.deepEqual(read('its instagram.com/tomasz.visuals').proof, { link: 'instagram.com/tomasz.visuals' });
    assert.deepEqual(read('my account email is maria.lopez88@gmail.com').proof, { email: 'maria.lopez88@gmail.com' });
  });

  it('reads a referral code after its label, never a plain word', () => {
    assert.equal(read('my friend used my ref link (code JADE10)').referral, 'JADE10');
    assert.equal(read('my ref link is not working').referral, null);
  });

  it('reads services named in words and the rules asked about', () => {
    const r = read('how much for 1000 insta reels views? and can i drip feed them');
    assert.deepEqual([r.platforms, r.kinds, r.attributes], [['instagram'], ['reels_views'], ['price', 'dripfeed']]);
    assert.deepEqual(read('when will it finish').attributes, ['speed']);
  });

  it('reads the quantity an API request sent, not an identifier', () => {
    assert.equal(read('api says quantity less than minimal for service 2310, i sent 300').quantity, 300);
    assert.equal(read('"Quantity less than minimal 100" for service 1201, quantity=50').quantity, 50);
  });

  it('cuts a message into its questions', () => {
    assert.deepEqual(read('when do i get paid? and can i use my own ref link?').questions, ['when do i get paid?', 'and can i use my own ref link?']);
  });

  it('tells social talk from a question that starts with it', () => {
    assert.equal(read('thanks, that helped!').social, 'thanks');
    assert.equal(read('ok thanks bye').social, 'goodbye');
    assert.equal(read('ok, and when will it finish?').social, null);
    assert.equal(read('hi! my email is a@b.co').social, null);
  });
});

describe('reading a correction of a service named in words', () => {
  it('takes back a platform or kind right after a negation', () => {
    const r = read('sorry i meant instagram not tiktok');
    assert.deepEqual([r.platforms, r.kinds], [['instagram'], []]);
    assert.deepEqual(read('likes, not followers').kinds, ['likes']);
  });
});
