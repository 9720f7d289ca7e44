// The one normalisation before every rule (src/guard/normalise.ts): each obfuscation class of
// issue 18 is undone, real words of other scripts stay, and no digit is ever created or lost.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { checkReply } from '../../../src/guard/index.js';
import { CONFUSABLE_LETTERS, foldConfusables } from '../../../src/guard/confusables.js';
import { normaliseForGuard, visibleText } from '../../../src/guard/normalise.js';

const ids = (text: string, facts: readonly string[] = []) => checkReply(text, { facts }).map((v) => v.ruleId);

test('homoglyphs fold to their Latin skeleton (TR39 data), word by word', () => {
  assert.ok(CONFUSABLE_LETTERS > 1000, String(CONFUSABLE_LETTERS));
  assert.equal(normaliseForGuard('R\u0435fund \u0430ppr\u043eved'), 'refund approved');
  assert.equal(normaliseForGuard('\u211befund'), 'refund');
  assert.equal(normaliseForGuard('r\u0435f\u0456ll'), 'refill');
  // A word of its own script is a word, not a disguise.
  assert.equal(normaliseForGuard('Возврат средств одобрен'), 'возврат средств одобрен');
  assert.ok(ids('Your R\u0435fund is approved.').includes('no-refund-promise'));
});

test('letters written apart are joined; two letters are ordinary text', () => {
  assert.equal(normaliseForGuard('We will R e f u n d you'), 'we will refund you');
  assert.equal(normaliseForGuard('r.e.f.u.n.d and R-E-F-I-L-L'), 'refund and refill');
  assert.equal(normaliseForGuard('e.g. this'), 'e.g. this');
  assert.ok(ids('We will R e f u n d you.').includes('no-refund-promise'));
  assert.ok(ids('Your p-a-y-o-u-t has been sent.').includes('no-payout-promise'));
});

test('a bidi override is read in the order the visitor sees it, and the controls are dropped', () => {
  assert.equal(visibleText('\u202e.dednufer eb lliw uoY'), 'You will be refunded.');
  assert.equal(visibleText('ok \u202edevorppa\u202c then'), 'ok approved then');
  assert.ok(ids('\u202e.dednufer eb lliw uoY').includes('no-refund-promise'));
  // Digits under an override are shown reversed too, and the number rule reads them so.
  assert.equal(visibleText('\u202e05$'), '$50');
  assert.deepEqual(ids('The charge is \u202e05$\u202c.', ['charge 50']), []);
  assert.ok(ids('The charge is \u202e05$\u202c.', ['charge 5']).includes('no-unknown-number'));
});

test('invisible characters, accents and styled letters do not hide a word', () => {
  for (const hidden of ['re\u00adfund', 'ref\u2060und', 're\u200bfund', 're\ufe0ffund', 'ref\u{e0075}und']) assert.equal(normaliseForGuard(hidden), 'refund', JSON.stringify(hidden));
  assert.equal(normaliseForGuard('Remboursement accordé'), 'remboursement accorde');
  assert.equal(normaliseForGuard('İade onaylandı'), 'iade onaylandi');
  assert.equal(normaliseForGuard('اســترداد أموالك'), 'استرداد اموالك');
  assert.equal(normaliseForGuard('\u{1d42b}\u{1d41e}\u{1d41f}\u{1d42e}\u{1d427}\u{1d41d}'), 'refund');
  assert.equal(normaliseForGuard('R\u035fe\u035ff\u035fu\u035fn\u035fd\u035f'), 'refund');
});

test('the skeleton never maps to or from a digit ("б" looks like 6, "0" like O)', () => {
  assert.equal(foldConfusables('б0З1'), 'б0З1');
  assert.equal(foldConfusables('Order 4829113 is l0st'), 'Order 4829113 is l0st');
});

const digits = (s: string): string => [...s.normalize('NFKC').matchAll(/\p{Nd}/gu)].map((m) => m[0]).sort().join('');

test('normalisation neither creates nor destroys digits', () => {
  const pieces = fc.constantFrom(...['1', '0', '7', '٣', '５', '𝟖', 'з', 'б', 'О', 'l', 'I', ' ', '.', '-', 'a', 'r e f', '\u202e', '\u202c', '\u200b', '\u00ad', 'е', 'ı', '\n', '$']);
  fc.assert(fc.property(fc.array(pieces, { maxLength: 60 }).map((a) => a.join('')), (text) => {
    const seen = digits(text);
    return digits(visibleText(text)) === seen && digits(normaliseForGuard(text)) === seen;
  }), { numRuns: 400 });
});
