// Upstream text and low-level error messages may echo the key (SEC-02, SEC-03); pino redaction only
// works on object keys, so anything textual is scrubbed before it is stored, thrown or logged.

const REDACTED = '[redacted]';
const SNIPPET_LENGTH = 200;

/** The forms a secret can take in text we receive: raw, URL-encoded, form-encoded. */
function secretForms(secret: string): string[] {
  const forms = new Set([secret, encodeURIComponent(secret), new URLSearchParams({ s: secret }).toString().slice(2)]);
  return [...forms].filter((form) => form.length > 0);
}

export type Scrubber = (text: string) => string;

export function createScrubber(secrets: readonly string[]): Scrubber {
  const forms = secrets.filter((s) => s.length > 0).flatMap(secretForms).sort((a, b) => b.length - a.length);
  return (text) => forms.reduce((out, form) => out.split(form).join(REDACTED), text);
}

/** A short, scrubbed, single-line excerpt of an upstream body for diagnostics. */
export function snippet(text: string, scrub: Scrubber): string {
  // Scrub before truncating so a key cut in half at the boundary cannot survive.
  const clean = scrub(text).replace(/\s+/g, ' ').trim();
  return clean.length > SNIPPET_LENGTH ? `${clean.slice(0, SNIPPET_LENGTH)}…` : clean;
}

/**
 * A plain Error that keeps only the name, code and scrubbed message of a low-level failure. undici
 * errors are safe today, but a cause is serialisable, so we never attach foreign objects as is.
 */
export function safeCause(err: unknown, scrub: Scrubber): Error {
  const source = err instanceof Error ? err : new Error(String(err));
  const copy = new Error(scrub(source.message));
  copy.name = source.name;
  const code = (source as { code?: unknown }).code;
  if (typeof code === 'string') Object.assign(copy, { code });
  copy.stack = `${copy.name}: ${copy.message}`;
  return copy;
}
