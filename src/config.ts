// The only reader of process.env. Validated once with zod, frozen, passed down explicitly.
import { z } from 'zod';
import { httpsUnlessLoopback } from './outbound/url.js';
import { DELIMITERS, parseColumnMapping, type DelimiterName } from './orders/columns.js';

const flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const nonNegativeInt = z.coerce.number().int().min(0);
const csv = z.string().transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean));
/** Empty strings in .env files mean "unset", not "set to nothing". */
const blank = (v: unknown) => (v === '' ? undefined : v);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

/** An operator's URL Parley sends a secret to (outbound/url.ts). */
const secretUrl = z.url({ protocol: /^https?$/ }).refine(httpsUnlessLoopback, 'an https:// URL (http only for 127.0.0.1 or localhost)');
/** An API's root, which a token or a path is added to: nothing else in the URL. */
const apiBaseUrl = z.url({ protocol: /^https?$/ }).max(2048)
  .refine((v) => httpsUnlessLoopback(v) && bareUrl(v), 'an https:// URL (http only for 127.0.0.1 or localhost) without credentials, query or fragment');

const Env = z.object({
  NODE_ENV: optional(z.enum(['development', 'production', 'test'])),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_PATH: z.string().min(1).default('./data/parley.db'),
  // PostgreSQL instead of SQLite, for several instances on one database. It holds a password:
  // never logged (observability/logger.ts redacts the key), and an invalid one is refused without echoing it.
  DATABASE_URL: optional(z.string().max(2048).refine(isPostgresUrl, 'a postgres:// or postgresql:// URL (postgres://user:password@host:5432/database)')),
  // full: fsync at every commit (survives power loss). normal: survives crashes and kill -9, not power loss.
  DB_SYNCHRONOUS: z.enum(['full', 'normal']).default('full'),
  // SQLite's page cache per connection, in MiB (storage/sqlite/open.ts says why 4 and not better-sqlite3's 16).
  DB_CACHE_MIB: z.coerce.number().int().min(1).max(1024).default(4),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

  PANEL_URL: optional(z.url({ protocol: /^https?$/ })),
  PANEL_API_KEY: optional(z.string().min(8).max(256)),
  PANEL_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5000),
  PANEL_RETRIES: z.coerce.number().int().min(0).max(5).default(2),
  PANEL_SIGNING: flag.default(false),
  SANDBOX_SEED: optional(z.string().min(1)),
  // The shape of the panel's order IDs (a regular expression matched against the whole ID): most
  // panels number orders; set e.g. ORD-[A-Z0-9]{6} for one that does not.
  ORDER_ID_PATTERN: z.preprocess(blank, z.string().min(1).max(200).default('[0-9]{3,20}').refine(compiles, 'not a valid regular expression')),
  // The shop's own prompts, laid over prompts/ file by file (src/prompts.ts, docs/customising.md).
  PROMPTS_DIR: optional(z.string().min(1).max(1024)),

  RATE_LIMIT_PER_IP_PER_MINUTE: nonNegativeInt.default(120),
  RATE_LIMIT_PER_CONVERSATION_PER_MINUTE: nonNegativeInt.default(20),
  // Conversations one address (an IPv6 /64) may open per hour; 0 turns it off; unset: conversationOpensPerHour().
  RATE_LIMIT_CONVERSATIONS_PER_IP_PER_HOUR: optional(nonNegativeInt),
  // Addresses or CIDRs of the proxies in front; a hop count is refused (fastify 5.12.1 dropped it: spoofable).
  TRUST_PROXY: optional(z.string().regex(/^(?=.*[.:])[0-9a-fA-F.:/,\s]+$/, 'a list of proxy addresses or CIDRs, e.g. 10.0.0.1,10.0.0.0/8')),
  // Browsers send an origin (scheme, host, port): "https://help.example.com/" would never match as written.
  CORS_ORIGINS: csv.pipe(z.array(z.url({ protocol: /^https?$/ }).transform((url) => new URL(url).origin))).default([]),
  // 404s per client address per minute (URL guessing); 0 turns the limit off.
  RATE_LIMIT_NOT_FOUND_PER_MINUTE: nonNegativeInt.default(30),
  // Deadline for receiving a whole request (headers and body), and the socket idle timeout, in ms.
  HTTP_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(30_000),
  HTTP_CONNECTION_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(60_000),
  // Load shedding (503 + Retry-After): mean event-loop delay in ms, heap used in MiB; 0 turns a check off.
  MAX_EVENT_LOOP_DELAY_MS: nonNegativeInt.default(1000),
  MAX_HEAP_USED_MB: nonNegativeInt.default(0),
  // Days a conversation may sit idle before the daily purge deletes it; 0 keeps everything.
  RETENTION_DAYS: nonNegativeInt.max(36_500).default(0),
  // Hours an opened conversation in which the visitor said nothing is kept (held in memory, or stored by a graceful stop).
  RETENTION_UNUSED_HOURS: z.preprocess(blank, z.coerce.number().int().min(1).max(720).default(24)),
  HANDOFF_EXPIRE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  // The shop's endpoint told (a signed POST) about a handoff nobody claimed within HANDOFF_NOTIFY_AFTER_MINUTES; unset: off.
  HANDOFF_NOTIFY_URL: optional(secretUrl),
  HANDOFF_NOTIFY_SECRET: optional(z.string().regex(/^\S{32,256}$/, 'a secret of 32-256 characters, no spaces')),
  HANDOFF_NOTIFY_AFTER_MINUTES: z.preprocess(blank, z.coerce.number().int().min(1).max(24 * 60).default(5)),
  // Panel webhook secrets: current[,previous] while rotating; whitespace is a copy-paste bug, so it fails start-up.
  WEBHOOK_SECRETS: optional(z.string().regex(/^[^\s,]{32,256}(,[^\s,]{32,256})?$/, 'one or two comma-separated secrets of 32-256 characters, no spaces').transform((v) => v.split(','))),
  // Host-site identity verification (HMAC-SHA256 user hash); unset turns it off.
  IDENTITY_SECRET: optional(z.string().regex(/^\S{32,256}$/, 'a secret of 32-256 characters, no spaces')),
  // When set, GET /metrics asks for `Authorization: Bearer <METRICS_TOKEN>` (the scraper's bearer token).
  METRICS_TOKEN: optional(z.string().regex(/^\S{32,256}$/, 'a token of 32-256 characters, no spaces')),
  // How often the panel's services answer is fetched again, and when the cached one is called out of date.
  RULES_REFRESH_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(15),
  RULES_STALE_MINUTES: z.coerce.number().int().min(1).max(7 * 24 * 60).default(120),
  // The scheduled order import (docs/orders-and-webhooks.md): a file or an export URL (bearer token), every N minutes.
  ORDERS_IMPORT_FILE: optional(z.string().min(1).max(4096)),
  ORDERS_IMPORT_URL: optional(secretUrl),
  ORDERS_IMPORT_TOKEN: optional(z.string().regex(/^\S{8,1024}$/, 'a token of 8-1024 characters, no spaces')),
  ORDERS_IMPORT_MINUTES: z.preprocess(blank, z.coerce.number().int().min(1).max(7 * 24 * 60).default(15)),
  // field=Header pairs naming the export's own columns, e.g. order=Order ID,email=Billing Email.
  ORDERS_IMPORT_COLUMNS: optional(z.string().max(2000).transform((v, ctx) => {
    try {
      return parseColumnMapping(v);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: (err as Error).message });
      return z.NEVER;
    }
  })),
  // Unset: the one of , ; tab that the header line holds most of.
  ORDERS_IMPORT_DELIMITER: optional(z.enum(Object.keys(DELIMITERS) as [DelimiterName, ...DelimiterName[]])),
  // The shop's ownership endpoint, asked about orders the directory cannot judge; the secret signs each request.
  OWNERSHIP_URL: optional(secretUrl),
  OWNERSHIP_SECRET: optional(z.string().regex(/^\S{32,256}$/, 'a secret of 32-256 characters, no spaces')),
  OWNERSHIP_TIMEOUT_MS: z.preprocess(blank, z.coerce.number().int().min(100).max(30_000).default(3000)),
  // Optional LLM reply writer (docs/llm.md); 'none' means nothing touches a model or the network for it.
  // (A blank value, as .env.example leaves them, means the default.)
  LLM_PROVIDER: z.preprocess(blank, z.enum(['none', 'openai', 'ollama']).default('none')),
  LLM_BASE_URL: optional(z.url({ protocol: /^https?$/ })),
  LLM_API_KEY: optional(z.string().min(1).max(512)),
  LLM_MODEL: z.preprocess(blank, z.string().min(1).max(200).default('gpt-4o-mini')),
  LLM_TIMEOUT_MS: z.preprocess(blank, z.coerce.number().int().min(100).max(60_000).default(4000)),
  // Telegram (docs/channels.md): the bot's token from BotFather turns the channel on. It is a
  // secret: never logged (observability/logger.ts redacts the key), an invalid one refused without echoing it.
  TELEGRAM_BOT_TOKEN: optional(z.string().regex(/^[0-9]{1,20}:[A-Za-z0-9_-]{30,100}$/, 'a bot token as BotFather gives it (123456789:AA…)')),
  TELEGRAM_MODE: z.preprocess(blank, z.enum(['polling', 'webhook']).default('polling')),
  // Telegram sends it back as X-Telegram-Bot-Api-Secret-Token on every webhook call (setWebhook's secret_token).
  TELEGRAM_WEBHOOK_SECRET: optional(z.string().regex(/^[A-Za-z0-9_-]{1,256}$/, '1-256 characters of A-Z a-z 0-9 _ -')),
  // The token goes into every path: https only, or http to a local stand-in; nothing else in the URL.
  TELEGRAM_API_BASE_URL: z.preprocess(blank, apiBaseUrl.default('https://api.telegram.org')),
  // Chatwoot Agent Bot (docs/channels.md): the installation's URL turns the channel on; Parley calls
  // only this URL, never one from an event. The bot's access token goes in the api_access_token header.
  CHATWOOT_BASE_URL: optional(apiBaseUrl),
  CHATWOOT_BOT_TOKEN: optional(z.string().regex(/^[A-Za-z0-9_-]{8,256}$/, "the Agent Bot's access token (8-256 characters of A-Z a-z 0-9 _ -)")),
  // The operator puts it in the bot's webhook URL (?token=): Chatwoot signs nothing.
  CHATWOOT_WEBHOOK_TOKEN: optional(z.string().regex(/^[A-Za-z0-9_-]{32,256}$/, '32-256 characters of A-Z a-z 0-9 _ - (openssl rand -hex 32)')),
}).superRefine((env, ctx) => {
  if (env.CHATWOOT_BASE_URL) {
    for (const name of ['CHATWOOT_BOT_TOKEN', 'CHATWOOT_WEBHOOK_TOKEN'] as const) {
      if (!env[name]) ctx.addIssue({ code: 'custom', path: [name], message: 'is required when CHATWOOT_BASE_URL is set' });
    }
  }
  if (env.TELEGRAM_BOT_TOKEN && env.TELEGRAM_MODE === 'webhook' && !env.TELEGRAM_WEBHOOK_SECRET) {
    ctx.addIssue({ code: 'custom', path: ['TELEGRAM_WEBHOOK_SECRET'], message: 'is required when TELEGRAM_MODE is webhook' });
  }
  if (env.ORDERS_IMPORT_FILE && env.ORDERS_IMPORT_URL) {
    ctx.addIssue({ code: 'custom', path: ['ORDERS_IMPORT_URL'], message: 'set ORDERS_IMPORT_FILE or ORDERS_IMPORT_URL, not both' });
  }
  if (env.ORDERS_IMPORT_TOKEN && !env.ORDERS_IMPORT_URL) {
    ctx.addIssue({ code: 'custom', path: ['ORDERS_IMPORT_TOKEN'], message: 'is sent only to ORDERS_IMPORT_URL, which is unset' });
  }
  if (Boolean(env.OWNERSHIP_URL) !== Boolean(env.OWNERSHIP_SECRET)) {
    ctx.addIssue({ code: 'custom', path: [env.OWNERSHIP_URL ? 'OWNERSHIP_SECRET' : 'OWNERSHIP_URL'], message: 'OWNERSHIP_URL and OWNERSHIP_SECRET go together' });
  }
  if (env.PANEL_URL && !env.PANEL_API_KEY) {
    ctx.addIssue({ code: 'custom', path: ['PANEL_API_KEY'], message: 'is required when PANEL_URL is set' });
  }
  if (env.HANDOFF_NOTIFY_URL && !env.HANDOFF_NOTIFY_SECRET) {
    ctx.addIssue({ code: 'custom', path: ['HANDOFF_NOTIFY_SECRET'], message: 'is required when HANDOFF_NOTIFY_URL is set (the alerts are signed with it)' });
  }
  if (env.HANDOFF_NOTIFY_URL && env.HANDOFF_NOTIFY_AFTER_MINUTES >= env.HANDOFF_EXPIRE_MINUTES) {
    ctx.addIssue({ code: 'custom', path: ['HANDOFF_NOTIFY_AFTER_MINUTES'], message: `must be less than HANDOFF_EXPIRE_MINUTES (${env.HANDOFF_EXPIRE_MINUTES}): a handoff expires before it would be alerted` });
  }
  if (env.LLM_PROVIDER !== 'none' && !env.LLM_BASE_URL) {
    ctx.addIssue({ code: 'custom', path: ['LLM_BASE_URL'], message: `is required when LLM_PROVIDER is ${env.LLM_PROVIDER}` });
  }
});

function isPostgresUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && url.hostname !== '';
  } catch {
    return false;
  }
}

function bareUrl(value: string): boolean {
  if (!URL.canParse(value)) return true; // z.url() reports it
  const url = new URL(value);
  return !url.username && !url.password && !url.search && !url.hash;
}

function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern, 'u');
    return true;
  } catch {
    return false;
  }
}

/** The order ID shape as a whole-ID test. */
export const orderIdPattern = (config: Pick<Config, 'ORDER_ID_PATTERN'>): RegExp => new RegExp(`^(?:${config.ORDER_ID_PATTERN})$`, 'u');

/**
 * The per-address hourly limit on opening conversations: as set, else 60, or off when per-address
 * limits are (RATE_LIMIT_PER_IP_PER_MINUTE=0: a proxy in front limits, or every visitor shares its address).
 */
export const conversationOpensPerHour = (config: Pick<Config, 'RATE_LIMIT_CONVERSATIONS_PER_IP_PER_HOUR' | 'RATE_LIMIT_PER_IP_PER_MINUTE'>): number =>
  config.RATE_LIMIT_CONVERSATIONS_PER_IP_PER_HOUR ?? (config.RATE_LIMIT_PER_IP_PER_MINUTE > 0 ? 60 : 0);

export type Config = Readonly<z.infer<typeof Env>> & { readonly demoMode: boolean };

/** One `VARIABLE: what is wrong` per problem (`parley doctor` prints them a line each); never the value. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || '(environment)'}: ${i.message}`));
  }
  return Object.freeze({ ...parsed.data, demoMode: !parsed.data.PANEL_URL });
}
