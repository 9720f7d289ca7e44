// The browser-facing files in public/: the embeddable widget, the agent console and, in demo mode,
// a help page. A fixed allow-list (nothing else on disk is reachable), read per request so edits
// show up without a restart, with strict security headers on every one of them.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { notFound } from '../errors.js';

export interface PagesOptions {
  /** The folder holding the files (public/). */
  dir: string;
  /** Serve the demo help page at `/`. */
  demo: boolean;
}

const TYPES = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  svg: 'image/svg+xml',
} as const;

interface Page {
  file: string;
  type: keyof typeof TYPES;
  /** Loaded by other sites' pages (the widget): no cross-origin resource blocking. */
  embeddable?: boolean;
}

const PAGES: Readonly<Record<string, Page>> = {
  '/widget.js': { file: 'widget.js', type: 'js', embeddable: true },
  '/console': { file: 'console.html', type: 'html' },
  '/console.js': { file: 'console.js', type: 'js' },
  '/console.css': { file: 'console.css', type: 'css' },
  '/demo.css': { file: 'demo.css', type: 'css' },
  '/favicon.svg': { file: 'favicon.svg', type: 'svg' },
};
const DEMO_PAGE: Page = { file: 'index.html', type: 'html' };

/** Exactly the policy the console and the widget are written for: no inline code, no third parties. */
export const CONTENT_SECURITY_POLICY = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'frame-ancestors': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
};

export const pages: FastifyPluginAsync<PagesOptions> = async (app, opts) => {
  const serve = (page: Page) => async (request: FastifyRequest, reply: FastifyReply) => {
    const body = await readFile(join(opts.dir, page.file)).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') throw notFound('page');
      throw err;
    });
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
    reply
      .header('content-type', TYPES[page.type])
      .header('cache-control', 'no-cache') // small files; revalidate so a deploy shows at once
      .header('etag', etag);
    if (page.embeddable) reply.header('cross-origin-resource-policy', 'cross-origin');
    if (request.headers['if-none-match'] === etag) return reply.status(304).send();
    return reply.send(body);
  };

  // On top of the API's helmet options (channels/hardening.ts): the pages' strict CSP.
  const helmet = { contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY } };
  for (const [path, page] of Object.entries(PAGES)) app.get(path, { helmet }, serve(page));
  if (opts.demo) app.get('/', { helmet }, serve(DEMO_PAGE));
};
