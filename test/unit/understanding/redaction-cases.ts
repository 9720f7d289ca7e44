// One test per [text, secret types, redacted text] case: the redaction, the secrets it names, and
// that redacting the result again changes nothing.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { redact } from '../../../src/understanding/redact.js';
import type { SecretType } from '../../../src/understanding/vocabulary.js';

export function checkRedactions(cases: readonly [string, SecretType[], string][]): void {
  for (const [text, secrets, out] of cases) {
    it(JSON.stringify(text.length > 90 ? `${text.slice(0, 60)}…(${text.length} chars)` : text), () => {
      const r = redact(text);
      assert.equal(r.text, out);
      assert.deepEqual([...r.secrets].sort(), [...secrets].sort());
      assert.equal(redact(r.text).text, r.text, 'idempotent');
    });
  }
}
