import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toTerm } from '../../../src/knowledge/terms.js';
import { asPhrase, isOnTopic, topicOf } from '../../../src/knowledge/topic.js';

const refill = toTerm('refill') ?? '';
const request = toTerm('request') ?? '';
const topic = topicOf(['refill', 'add request', 'API key'], '"Too many requests" (HTTP 429) and "Bad"');

test('one-word keywords are terms; longer ones and the heading\'s quotes are phrases', () => {
  assert.deepEqual([...topic.words], [toTerm('refill')]);
  // "Bad" alone names a thing, not a message: a quote needs two terms.
  assert.deepEqual(topic.phrases, [' add request ', ' api key ', ' many request '].map((p) => p.replace('request', request)));
});

test('a one-word keyword counts when the index matched it in the keyword field', () => {
  assert.equal(isOnTopic(topic, asPhrase('refills please'), { [refill]: ['topic', 'body'] }, 'topic'), true);
  assert.equal(isOnTopic(topic, asPhrase('refills please'), { [refill]: ['body'] }, 'topic'), false);
  // "request" is in the field only as part of "add request".
  assert.equal(isOnTopic(topic, asPhrase('vacation request'), { [request]: ['topic'] }, 'topic'), false);
});

test('a phrase counts only whole and in order, whatever its words\' endings', () => {
  assert.equal(isOnTopic(topic, asPhrase('my Add requests time out'), {}, 'topic'), true);
  assert.equal(isOnTopic(topic, asPhrase('add up 8 and 7'), {}, 'topic'), false);
  assert.equal(isOnTopic(topic, asPhrase('a request to add'), {}, 'topic'), false);
  assert.equal(isOnTopic(topic, asPhrase('I got "Too many requests" again'), {}, 'topic'), true);
});
