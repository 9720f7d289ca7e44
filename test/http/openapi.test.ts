// GET /openapi.json: an OpenAPI 3.1 document made from the routes' own zod schemas, listing every
// API route the app registers, and every path in it described in docs/api.md.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { OPERATIONS } from '../../src/channels/openapi.js';
import { ERROR_CODES } from '../../src/errors.js';
import { HANDOFF_STATUSES } from '../../src/handoff/state-machine.js';
import { EVENT_TYPES } from '../../src/orders/webhook-event.js';
import { fromRoot } from '../../src/paths.js';
import { buildTestApp } from '../helpers/test-app.js';

interface Operation {
  summary?: string;
  tags?: string[];
  security?: Record<string, string[]>[];
  parameters?: { name: string; in: string; schema: { enum?: string[] } }[];
  requestBody?: { required: boolean; content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: JsonSchema }> }>;
}
interface JsonSchema {
  type?: string;
  required?: string[];
  properties?: Record<string, JsonSchema>;
  additionalProperties?: boolean;
  maxLength?: number;
  minLength?: number;
  enum?: string[];
  $ref?: string;
}
interface Document {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, JsonSchema>; securitySchemes: Record<string, { type: string; scheme?: string; in?: string; name?: string }> };
}

/** The pages in public/ (channels/pages.ts): files for browsers, not API, and not in the document. */
const PAGES = ['/widget.js', '/console', '/console.js', '/console.css', '/demo.css', '/favicon.svg'];
/** Every optional route on: Telegram's webhook exists only in that mode (nothing is called without listening). */
const EVERY_ROUTE = {
  env: { TELEGRAM_BOT_TOKEN: `123456789:${'A'.repeat(35)}`, TELEGRAM_MODE: 'webhook', TELEGRAM_WEBHOOK_SECRET: 'test-secret', TELEGRAM_API_BASE_URL: 'http://127.0.0.1:9',
    CHATWOOT_BASE_URL: 'http://127.0.0.1:9', CHATWOOT_BOT_TOKEN: 'test-bot-token', CHATWOOT_WEBHOOK_TOKEN: 'w'.repeat(32) },
};

async function fetchDocument(app: FastifyInstance): Promise<Document> {
  const res = await app.inject({ method: 'GET', url: '/openapi.json' });
  assert.equal(res.statusCode, 200);
  assert.match(String(res.headers['content-type']), /^application\/json/);
  return res.json<Document>();
}

/**
 * Every `METHOD /path` the app serves, read from fastify's own route tree (printRoutes), with
 * `:param` written `{param}` as OpenAPI does. HEAD (added for each GET) and CORS's OPTIONS left out.
 */
function registeredRoutes(app: FastifyInstance): string[] {
  const routes: string[] = [];
  const prefixes: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^((?:│ {3}| {4})*)(?:├── |└── )(\S+) \(([A-Z, ]+)\)$/.exec(line);
    if (!match) continue;
    const depth = (match[1] ?? '').length / 4;
    const path = (prefixes[depth - 1] ?? '') + (match[2] ?? '');
    prefixes[depth] = path;
    prefixes.length = depth + 1;
    for (const method of (match[3] ?? '').split(', ')) {
      if (method !== 'HEAD' && method !== 'OPTIONS') routes.push(`${method} ${path.replace(/:(\w+)/g, '{$1}')}`);
    }
  }
  return routes.sort();
}

const operationsOf = (doc: Document): string[] =>
  Object.entries(doc.paths).flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`)).sort();

describe('GET /openapi.json', () => {
  it('is an OpenAPI 3.1 document of this version, with the security schemes the routes name', async (t) => {
    const { app } = await buildTestApp(t);
    const doc = await fetchDocument(app);
    assert.match(doc.openapi, /^3\.1\.\d+$/);
    assert.equal(doc.info.title, 'Parley');
    assert.equal(doc.info.version, (JSON.parse(readFileSync(fromRoot('package.json'), 'utf8')) as { version: string }).version);
    const schemes = doc.components.securitySchemes;
    assert.deepEqual(schemes.agentToken, { ...schemes.agentToken, type: 'http', scheme: 'bearer' });
    assert.deepEqual(schemes.metricsToken, { ...schemes.metricsToken, type: 'http', scheme: 'bearer' });
    assert.deepEqual(schemes.webhookSignature, { ...schemes.webhookSignature, type: 'apiKey', in: 'header', name: 'parley-signature' });
    const text = JSON.stringify(doc);
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        const where = `${method} ${path}`;
        assert.ok(op.summary && op.tags?.length === 1, `${where} has a summary and a tag`);
        assert.ok(Array.isArray(op.security), `${where} says who may call it`);
        for (const requirement of op.security ?? []) for (const name of Object.keys(requirement)) assert.ok(schemes[name], `${where}: scheme ${name}`);
        assert.ok(Object.keys(op.responses).length > 0, `${where} has responses`);
      }
    }
    // Every reference resolves, and no schema carries its own dialect or id into the document.
    for (const [, name] of text.matchAll(/"#\/components\/schemas\/([^"]+)"/g)) assert.ok(doc.components.schemas[name ?? ''], `components/schemas/${name}`);
    assert.doesNotMatch(text, /"\$schema"|"\$id"/);
    assert.equal(doc.paths['/v1/handoffs']?.get?.security?.[0]?.agentToken?.length, 0);
    assert.deepEqual(doc.paths['/metrics']?.get?.security, [{ metricsToken: [] }]);
    assert.deepEqual(doc.paths['/v1/webhooks/panel']?.post?.security, [{ webhookSignature: [] }]);
    assert.deepEqual(doc.paths['/v1/conversations']?.post?.security, []);
  });

  it('lists every API route the app registers, and only those (a route missing from OPERATIONS fails here)', async (t) => {
    const apiRoutes = (app: FastifyInstance) => registeredRoutes(app).filter((route) => !PAGES.includes(route.slice(route.indexOf(' ') + 1)));
    const { app } = await buildTestApp(t);
    const api = apiRoutes(app);
    assert.ok(api.includes('POST /v1/conversations/{id}/messages') && api.includes('GET /metrics'), api.join('\n'));
    assert.deepEqual(operationsOf(await fetchDocument(app)), api);

    const every = (await buildTestApp(t, EVERY_ROUTE)).app;
    const all = apiRoutes(every);
    for (const channel of ['telegram', 'chatwoot']) {
      assert.ok(all.includes(`POST /v1/channels/${channel}/webhook`) && !api.includes(`POST /v1/channels/${channel}/webhook`), channel);
    }
    assert.deepEqual(operationsOf(await fetchDocument(every)), all);
    assert.deepEqual(Object.keys(OPERATIONS).map((key) => key.replace(/:(\w+)/g, '{$1}')).sort(), all);
  });

  it('leaves the pages out, in demo mode too', async (t) => {
    const { app } = await buildTestApp(t, { env: { PANEL_URL: '' } });
    const doc = await fetchDocument(app);
    assert.ok(registeredRoutes(app).includes('GET /'));
    for (const page of [...PAGES, '/']) assert.equal(doc.paths[page], undefined, page);
  });

  it("describes the request and answer schemas the routes validate with", async (t) => {
    const { app } = await buildTestApp(t);
    const doc = await fetchDocument(app);
    const message = doc.paths['/v1/conversations/{id}/messages']?.post;
    const body = message?.requestBody?.content['application/json']?.schema;
    assert.equal(message?.requestBody?.required, true);
    assert.deepEqual(body?.required, ['text']);
    assert.equal(body?.additionalProperties, false);
    assert.equal(body?.properties?.text?.maxLength, 2000);
    assert.deepEqual([body?.properties?.clientMessageId?.minLength, body?.properties?.clientMessageId?.maxLength], [1, 64]);
    assert.deepEqual(message?.parameters?.map((p) => `${p.in}:${p.name}`), ['path:id']);
    // What the document says about the body is what the route does with one.
    const { token, conversation } = (await app.inject({ method: 'POST', url: '/v1/conversations' })).json<{ token: string; conversation: { id: string } }>();
    const send = (payload: object) => app.inject({ method: 'POST', url: `/v1/conversations/${conversation.id}/messages`, headers: { authorization: `Bearer ${token}` }, payload });
    assert.equal((await send({ clientMessageId: 'm1' })).json<{ error: { code: string } }>().error.code, 'validation_failed');
    assert.equal((await send({ text: 'hello', extra: 1 })).json<{ error: { code: string } }>().error.code, 'validation_failed');
    assert.equal((await send({ text: 'x'.repeat(2001) })).json<{ error: { code: string } }>().error.code, 'validation_failed');

    // Every field optional, no body at all accepted: the document says so.
    assert.equal(doc.paths['/v1/conversations']?.post?.requestBody?.required, false);
    assert.equal(doc.paths['/v1/handoffs/{id}/resolve']?.post?.requestBody?.required, false);
    assert.deepEqual(doc.paths['/v1/handoffs']?.get?.parameters?.find((p) => p.name === 'status')?.schema.enum, [...HANDOFF_STATUSES]);
    const webhook = doc.paths['/v1/webhooks/panel']?.post?.requestBody?.content['application/json']?.schema;
    assert.deepEqual(webhook?.required, ['id', 'type', 'data']);
    assert.deepEqual(webhook?.properties?.type?.enum, [...EVENT_TYPES]);
    // The panel's ids are numbers or strings: both alternatives survive the conversion.
    assert.match(JSON.stringify(webhook?.properties?.data?.properties?.order), /"integer".*"string"|"string".*"integer"/);

    const reply = doc.paths['/v1/conversations/{id}/messages']?.post?.responses;
    assert.deepEqual(reply?.['200']?.content?.['application/json']?.schema.properties?.state, { $ref: '#/components/schemas/State' });
    assert.deepEqual(reply?.['400']?.content?.['application/json']?.schema, { $ref: '#/components/schemas/Error' });
    assert.match(reply?.['400']?.description ?? '', /validation_failed/);
    assert.deepEqual(doc.components.schemas.Error?.properties?.error?.properties?.code?.enum, Object.keys(ERROR_CODES));
    assert.ok(doc.paths['/v1/conversations/{id}/events']?.get?.responses['200']?.content?.['text/event-stream']);
    assert.ok(doc.paths['/metrics']?.get?.responses['200']?.content?.['text/plain']);
  });

  it('has every path in docs/api.md, with its method', async (t) => {
    const { app } = await buildTestApp(t, EVERY_ROUTE);
    const doc = await fetchDocument(app);
    const prose = readFileSync(fromRoot('docs', 'api.md'), 'utf8');
    assert.match(prose, /\/openapi\.json/);
    const missing = operationsOf(doc).filter((operation) => !prose.includes(operation));
    assert.deepEqual(missing, [], 'each `METHOD /path` of /openapi.json is written out in docs/api.md');
  });
});
