// A fastify app that speaks SMM API v2 at POST /api/v2 from a seed, form-encoded or JSON, with
// runtime fault injection. It never logs (so never the key) and compares keys in constant time.
import { createHash, timingSafeEqual } from 'node:crypto';
import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { zodSchemaController } from '../channels/schema-controller.js';
import { verifySignature } from '../panel/signing.js';
import { runAction, type Form } from './actions.js';
import { createFaultController, type Fault, type FaultController } from './faults.js';
import type { Seed } from './seed.js';
import { createState } from './state.js';

export interface SandboxAppOptions {
  seed: Seed;
  key: string;
  faults?: FaultController;
  /** Require seeds/002 request signatures with this secret. */
  signing?: { secret: string };
  clock?: () => number;
}

export const SANDBOX_PATH = '/api/v2';

const CHALLENGE_PAGE = `<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title>
<meta http-equiv="refresh" content="390"></head><body><div class="main-wrapper"><h1>panel.example</h1>
<p>Checking if the site connection is secure</p><div id="challenge-running"></div>
<p>Ray ID: <code>8e2f1a9b7c3d4e5f</code> • Performance &amp; security by Cloudflare</p></div></body></html>`;
const HALF_STATUS = '{"charge":"0.90000","start_count":"1520","status":"In progr';

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();
const sameSecret = (given: string, expected: string): boolean => timingSafeEqual(digest(given), digest(expected));

/** JSON bodies may carry numbers and arrays; the API itself only knows strings. */
function toForm(body: unknown): Form {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return {};
  const entries = Object.entries(body as Record<string, unknown>)
    .filter(([, value]) => ['string', 'number', 'boolean'].includes(typeof value) || Array.isArray(value))
    .map(([name, value]) => [name, Array.isArray(value) ? value.join(',') : String(value)]);
  return Object.fromEntries(entries) as Form;
}

function* oversizeBody(bytes: number): Generator<string> {
  const item = '{"service":1,"name":"Padding service to exceed the size cap","rate":"1.00","min":"1","max":"2"},';
  yield '[';
  for (let sent = 1; sent < bytes; sent += item.length) yield item;
  yield '{"service":2,"name":"last","rate":"1","min":"1","max":"2"}]';
}

export function buildSandboxApp(opts: SandboxAppOptions): FastifyInstance {
  const { key } = opts;
  const faults = opts.faults ?? createFaultController();
  const clock = opts.clock ?? Date.now;
  const state = createState(opts.seed);
  const rawBodies = new WeakMap<IncomingMessage, string>();
  const held = new Set<ServerResponse>();
  const closing = new AbortController();

  const app = Fastify({ logger: false, forceCloseConnections: true, bodyLimit: 1024 * 1024, schemaController: zodSchemaController });

  app.removeAllContentTypeParsers();
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    rawBodies.set(request.raw, String(body));
    parseJson(request, String(body), done);
  });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (request, body, done) => {
    rawBodies.set(request.raw, String(body));
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });

  app.setErrorHandler((error: { statusCode?: number }, _request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    return reply.code(status).send({ error: status < 500 ? 'Incorrect request' : 'There was an error processing your request. Please try again later' });
  });
  app.setNotFoundHandler((_request, reply) => reply.code(404).send({ error: 'Not found' }));

  // Held (stalled) responses would keep close() waiting forever.
  app.addHook('preClose', async () => {
    closing.abort();
    for (const res of held) res.destroy();
  });

  const hold = (reply: FastifyReply): ServerResponse => {
    reply.hijack();
    const res = reply.raw;
    held.add(res);
    res.on('close', () => held.delete(res));
    return res;
  };

  /** Answers the request if the fault replaces the answer; `false` lets the normal answer follow. */
  async function applyFault(fault: Fault, form: Form, reply: FastifyReply): Promise<boolean> {
    switch (fault.kind) {
      case 'latency':
        await delay(fault.ms, undefined, { signal: closing.signal });
        return false;
      case 'status':
        await reply.code(fault.status).send({ error: STATUS_CODES[fault.status] ?? 'Server Error' });
        return true;
      case 'rate_limit':
        await reply.code(429).header('retry-after', String(fault.retryAfterSeconds)).send({ error: 'Too many requests' });
        return true;
      case 'html':
        await reply.code(fault.status ?? 503).type('text/html; charset=UTF-8').send(CHALLENGE_PAGE);
        return true;
      case 'broken_json':
        await reply.code(200).type('application/json').send(HALF_STATUS);
        return true;
      case 'echo_key':
        await reply.code(200).send({ error: `Invalid API key: ${form.key ?? ''}` });
        return true;
      case 'redirect':
        await reply.code(fault.status ?? 302).header('location', fault.location).send();
        return true;
      case 'stall':
        hold(reply);
        return true;
      case 'stall_body': {
        const res = hold(reply);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write(HALF_STATUS);
        return true;
      }
      case 'oversize': {
        const res = hold(reply);
        res.writeHead(200, { 'content-type': 'application/json' });
        Readable.from(oversizeBody(fault.bytes)).pipe(res);
        return true;
      }
    }
  }

  function signatureValid(form: Form, request: { url: string; raw: IncomingMessage; headers: Record<string, string | string[] | undefined> }): boolean {
    if (!opts.signing) return true;
    const header = (name: string): string | undefined => {
      const value = request.headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    const apiKey = header('x-api-key') ?? form.key ?? '';
    return sameSecret(apiKey, key) && verifySignature(opts.signing.secret, {
      method: 'POST', path: request.url, body: rawBodies.get(request.raw) ?? '',
      timestamp: header('x-timestamp'), signature: header('x-signature'), nowSeconds: Math.floor(clock() / 1000),
    });
  }

  app.post(SANDBOX_PATH, async (request, reply) => {
    faults.countRequest();
    const form = toForm(request.body);
    const fault = faults.take();
    if (fault && (await applyFault(fault, form, reply))) return reply;
    if (!signatureValid(form, request)) return reply.code(401).send({ error: 'Invalid signature' });
    // Perfect Panel answers a bad key with HTTP 200 and an error body (§3.2).
    if (!form.key || !sameSecret(form.key, key)) return reply.code(200).send({ error: 'Invalid API key' });
    const answer = runAction(state, form);
    return reply.code(answer.status).send(answer.body);
  });
  app.route({
    method: ['GET', 'PUT', 'PATCH', 'DELETE'],
    url: SANDBOX_PATH,
    handler: async (_request, reply) => reply.code(405).send({ error: 'Method Not Allowed' }),
  });

  return app;
}
