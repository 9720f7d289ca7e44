// The JSON API's security headers, worked out once by helmet. @fastify/helmet builds helmet's
// middleware afresh for every request (about 5% of a visitor turn's CPU in bench/profile-server.ts),
// while the headers depend on the options alone; so helmet runs once here, against a response that
// only records what it is told, and each request copies the result.
import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet, { type HelmetOptions } from 'helmet';

export function helmetHeaders(options: Readonly<HelmetOptions>): Readonly<Record<string, string>> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  let done = false;
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, (err?: unknown) => {
    if (err) throw err;
    done = true;
  });
  // helmet's middleware is synchronous today; a future asynchronous one must not ship headerless.
  if (!done) throw new Error('helmet did not finish synchronously');
  return Object.freeze(headers);
}
