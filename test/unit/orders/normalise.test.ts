import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonicalLinksMatch, normaliseAccountId, normaliseEmail, normaliseLink, normaliseOrderId, normaliseReference } from '../../../src/orders/normalise.js';

const same = (a: string, b: string) => {
  const na = normaliseLink(a);
  const nb = normaliseLink(b);
  return na !== null && nb !== null && canonicalLinksMatch(na, nb);
};

describe('normaliseLink', () => {
  for (const [raw, expected] of [
    ['https://www.instagram.com/fitwithjade', 'instagram.com/fitwithjade'],
    ['http://Instagram.com/FitWithJade/', 'instagram.com/fitwithjade'],
    ['instagram.com/fitwithjade?igsh=abc123#top', 'instagram.com/fitwithjade'],
    ['https://m.tiktok.com/@Chloe.Bakes', 'tiktok.com/@chloe.bakes'],
    ['https://twitter.com/SomeOne', 'x.com/someone'],
    ['@FitWithJade', '@fitwithjade'],
    ['https://www.youtube.com/watch?v=Lf7Tr3aMz9B&t=42s', 'youtube.com/watch?v=Lf7Tr3aMz9B'],
    ['https://youtu.be/Lf7Tr3aMz9B', 'youtube.com/watch?v=Lf7Tr3aMz9B'],
    ['https://www.instagram.com/p/C8xYz12AbCd/', 'instagram.com/p/C8xYz12AbCd'],
    ['https://www.youtube.com/@AishaBelloMedia', 'youtube.com/@aishabellomedia'],
  ] as const) {
    it(`${raw} → ${expected}`, () => assert.equal(normaliseLink(raw), expected));
  }

  it('is idempotent', () => {
    for (const raw of ['https://www.instagram.com/fitwithjade', 'https://youtu.be/abc', '@x', 'https://www.tiktok.com/@a/video/1?lang=en']) {
      const once = normaliseLink(raw) as string;
      assert.equal(normaliseLink(once), once);
    }
  });

  it('keeps case in paths that are case-sensitive (post codes, video ids)', () => {
    assert.notEqual(normaliseLink('instagram.com/p/AbC'), normaliseLink('instagram.com/p/abc'));
    assert.notEqual(normaliseLink('youtube.com/watch?v=AbC'), normaliseLink('youtube.com/watch?v=abc'));
  });

  it('rejects empty, over-long and spaced input', () => {
    assert.equal(normaliseLink('   '), null);
    assert.equal(normaliseLink(`https://a.com/${'x'.repeat(3000)}`), null);
    assert.equal(normaliseLink('my instagram'), null);
    assert.equal(normaliseLink('fitwithjade'), null);
  });
});

describe('canonicalLinksMatch', () => {
  it('matches a handle with its profile, in any case and form', () => {
    assert.ok(same('@fitwithjade', 'https://www.instagram.com/fitwithjade'));
    assert.ok(same('instagram.com/FitWithJade/', 'https://www.instagram.com/fitwithjade'));
    assert.ok(same('@chloe.bakes', 'https://www.tiktok.com/@chloe.bakes'));
  });

  it('never matches different pages, hosts, a bare host or an id-less watch page', () => {
    assert.ok(!same('instagram.com', 'instagram.com'), 'a bare host proves nothing');
    assert.ok(!same('https://www.youtube.com/watch', 'https://www.youtube.com/watch?v=Lf7Tr3aMz9B'));
    assert.ok(!same('https://www.youtube.com/watch?v=other', 'https://www.youtube.com/watch?v=Lf7Tr3aMz9B'));
    assert.ok(!same('instagram.com/fitwithjade', 'tiktok.com/@fitwithjade'));
    assert.ok(!same('@p', 'instagram.com/p/C8xYz12AbCd'));
    assert.ok(!same('@someoneelse', 'instagram.com/fitwithjade'));
  });
});

describe('other identifiers', () => {
  it('lower-cases emails and keeps dots and tags', () => {
    assert.equal(normaliseEmail('  Maria.Lopez88+shop@GMAIL.com '), 'maria.lopez88+shop@gmail.com');
    assert.equal(normaliseEmail('not-an-email'), null);
  });
  it('accepts order ids with a leading # and rejects junk', () => {
    assert.equal(normaliseOrderId(' #4829113 '), '4829113');
    assert.equal(normaliseOrderId(4829113), '4829113');
    assert.equal(normaliseOrderId('48 29'), null);
    assert.equal(normaliseOrderId("1' OR 1=1"), null);
  });
  it('refuses control characters (a NUL cannot be stored in PostgreSQL text, and no identifier has one)', () => {
    assert.equal(normaliseEmail('maria\u0000@gmail.com'), null);
    assert.equal(normaliseAccountId('u-10633\u0000'), null);
    assert.equal(normaliseAccountId('u-\u000710633'), null);
    assert.equal(normaliseReference('8UJ123\u000045AB'), null);
    assert.equal(normaliseReference(' 8UJ12345AB678901C '), '8UJ12345AB678901C');
    assert.equal(normaliseAccountId('u-10633'), 'u-10633');
  });
});
