// Where Parley may send a secret (a key, a token, a signature): https, or plain http only to this
// machine (tests, a local stand-in). The operator's URLs are checked with it in config.ts, and the
// clients check again when they are made.
export const isLoopback = (url: URL): boolean => LOOPBACK_HOSTS.has(url.hostname);

const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['127.0.0.1', '[::1]', 'localhost']);

export function httpsUnlessLoopback(value: string): boolean {
  // zod runs a refinement even after z.url() said no: an unparsable value is that check's to report.
  if (!URL.canParse(value)) return true;
  const url = new URL(value);
  return url.protocol === 'https:' || isLoopback(url);
}
