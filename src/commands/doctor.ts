// `parley doctor`: checks the set-up the way the service will use it (the configuration, the
// prompts with the operator's PROMPTS_DIR, the panel and its key, its services answer, the
// database, the LLM endpoint, the Telegram bot) and prints one line per
// problem (exit 1), or warnings and a one-line "ok" (exit 0). Every call it makes has a deadline,
// the database write it makes is taken back, and no line carries a secret: each is scrubbed of
// every secret the configuration holds before it is printed.
import { ConfigError, loadConfig, type Config } from '../config.js';
import { AppError } from '../errors.js';
import { createPanelClient, errorCode } from '../panel/client.js';
import { isPanelError } from '../panel/errors.js';
import { createScrubber } from '../panel/scrub.js';
import { openConfiguredStorage } from '../storage/open-configured.js';
import { loadPromptContent } from '../prompt-content.js';
import { createPrompts } from '../prompts.js';
import { isLoopback } from '../outbound/url.js';
import { createTelegramClient, TelegramError } from '../messaging/telegram/client.js';
import type { Storage } from '../storage/port.js';

export interface DoctorReport {
  problems: string[];
  warnings: string[];
  /** What was checked and found working, for the summary line. */
  passed: string[];
}

const USAGE = 'usage: parley doctor   (reads the same environment as parley serve; exit 1 when something is wrong)\n';
/** The LLM's model list is read this far at most (OpenAI's is ~10 KiB); a longer one is not searched. */
const MAX_MODELS_BYTES = 1024 * 1024;
const LLM_TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);
// The database probe: one counter hit dated at the epoch, which no real counter uses (they count
// recent hits), then forgotten with every hit older than a millisecond after it: only the probe.
const PROBE_KEY = 'parley-doctor-probe';
const PROBE_AT = new Date(0).toISOString();
const PROBE_PURGE_BEFORE = new Date(1).toISOString();

const empty = (): DoctorReport => ({ problems: [], warnings: [], passed: [] });

function merge(reports: readonly DoctorReport[]): DoctorReport {
  return {
    problems: reports.flatMap((r) => r.problems),
    warnings: reports.flatMap((r) => r.warnings),
    passed: reports.flatMap((r) => r.passed),
  };
}

const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err)).replace(/\s+/g, ' ').trim();

/** Production gaps a valid configuration can still have. Demo mode is said once; the rest only matter for a shop. */
export function checkSettings(config: Config): DoctorReport {
  const report = empty();
  if (config.demoMode) {
    report.warnings.push('demo mode: PANEL_URL is unset, so orders are answered from a sandbox panel with demo data (the panel checks are skipped)');
    return report;
  }
  if (config.CORS_ORIGINS.length === 0) {
    report.warnings.push('CORS_ORIGINS is empty: the widget works only on pages Parley serves itself, not on the shop\'s help site');
  }
  for (const origin of config.CORS_ORIGINS) {
    if (origin.startsWith('http:') && !isLoopback(new URL(origin))) {
      report.warnings.push(`CORS_ORIGINS has ${origin}: a help site served over https sends an https:// origin, which this does not match`);
    }
  }
  if (!config.WEBHOOK_SECRETS) report.warnings.push('WEBHOOK_SECRETS is unset: the panel\'s signed order webhooks are refused, so only imports fill the order directory');
  if (!config.METRICS_TOKEN) report.warnings.push('METRICS_TOKEN is unset: /metrics answers anyone who can reach it (keep it off the public internet)');
  return report;
}

function panelProblem(err: unknown, config: Config): string {
  const where = `the panel at ${new URL(config.PANEL_URL as string).origin}`;
  if (!isPanelError(err)) {
    // The client refuses a URL it would not use (plain http to a remote host, credentials in it).
    return err instanceof AppError ? `panel: ${err.message}` : `panel: unexpected failure: ${messageOf(err)}`;
  }
  // Panels answer most errors with 200 and an error object: only another status says more.
  const status = err.upstreamStatus === undefined || err.upstreamStatus < 300 ? '' : `, HTTP ${err.upstreamStatus}`;
  switch (err.kind) {
    case 'invalid_key':
      return `panel: ${where} refused PANEL_API_KEY (invalid_key${status}): copy the key again from the panel's API page`;
    case 'ip_not_allowed':
      return `panel: ${where} refused this server's address (ip_not_allowed${status}): allow it in the panel's API settings`;
    case 'timeout':
      return `panel: ${where} did not answer within PANEL_TIMEOUT_MS (${config.PANEL_TIMEOUT_MS} ms)`;
    case 'network': {
      const code = errorCode(err.cause);
      return `panel: ${where} could not be reached${code ? ` (${code})` : ''}: check PANEL_URL and this server's network`;
    }
    default:
      return `panel: ${where} gave an answer Parley cannot use (${err.kind}${status}: ${err.message}): is PANEL_URL the API v2 endpoint?`;
  }
}

/** The panel: one `services` call, which proves the address, the key and the answer the rules are built from. */
export async function checkPanel(config: Config): Promise<DoctorReport> {
  const report = empty();
  if (config.demoMode) {
    report.passed.push('panel skipped (demo mode)');
    return report;
  }
  let panel: ReturnType<typeof createPanelClient> | undefined;
  // The client tells its log how many services it could not read (and left out of the rules).
  let skipped = 0;
  const ignore = () => undefined;
  try {
    panel = createPanelClient({
      url: config.PANEL_URL as string,
      key: config.PANEL_API_KEY as string,
      timeoutMs: config.PANEL_TIMEOUT_MS,
      retries: config.PANEL_RETRIES,
      signing: { enabled: config.PANEL_SIGNING },
      log: { debug: ignore, info: ignore, warn: (entry) => { skipped = (entry as { panel?: { skipped?: number } }).panel?.skipped ?? skipped; } },
    });
    const services = await panel.services();
    if (services.length === 0) report.problems.push('services: the panel accepted the key but listed no services, so the bot has no service rules to answer from');
    else report.passed.push(`panel accepted the key and listed ${services.length} services`);
    if (skipped > 0) report.warnings.push(`services: ${skipped} of the panel's services could not be read (an id, name, rate, min or max missing or malformed) and are left out of the service rules`);
  } catch (err) {
    report.problems.push(panelProblem(err, config));
  } finally {
    await panel?.close();
  }
  return report;
}

function databaseName(config: Config): string {
  if (!config.DATABASE_URL) return `SQLite ${config.DATABASE_PATH}`;
  const url = new URL(config.DATABASE_URL);
  return `PostgreSQL ${url.hostname}:${url.port || '5432'}${url.pathname}`; // no user, no password
}

/** The database: opened as the service opens it (migrations included), pinged, written to and the write taken back. */
export async function checkDatabase(config: Config): Promise<DoctorReport> {
  const report = empty();
  const name = databaseName(config);
  let storage: Storage | undefined;
  try {
    storage = await openConfiguredStorage(config);
    await storage.ping();
    await storage.counters.hit(PROBE_KEY, PROBE_AT, PROBE_AT);
    await storage.counters.purgeBefore(PROBE_PURGE_BEFORE);
    report.passed.push(`database writable (${name})`);
    const orders = await storage.orders.count();
    const fed = config.ORDERS_IMPORT_FILE ?? config.ORDERS_IMPORT_URL ?? config.OWNERSHIP_URL ?? config.WEBHOOK_SECRETS;
    if (!config.demoMode && orders === 0 && !fed) {
      report.warnings.push('the order directory is empty and nothing fills it: no visitor can prove an order is theirs, so every order question ends with "couldn\'t find"; run parley orders import, or set ORDERS_IMPORT_FILE / ORDERS_IMPORT_URL, WEBHOOK_SECRETS or OWNERSHIP_URL (docs/orders-and-webhooks.md)');
    }
  } catch (err) {
    const code = errorCode(err);
    const detail = messageOf(err);
    report.problems.push(`database: ${name} cannot be opened and written${code && !detail.startsWith(code) ? ` (${code})` : ''}: ${detail}`);
  } finally {
    await storage?.close().catch(() => undefined);
  }
  return report;
}

async function readCapped(body: AsyncIterable<Uint8Array>, max: number): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > max) return undefined;
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The ids an OpenAI-compatible `GET /models` lists (`{data: [{id}]}`), or undefined for another shape. */
function modelIds(text: string | undefined): string[] | undefined {
  try {
    const data = (JSON.parse(text ?? '') as { data?: unknown }).data;
    if (!Array.isArray(data)) return undefined;
    return data.flatMap((m) => (m && typeof (m as { id?: unknown }).id === 'string' ? [(m as { id: string }).id] : []));
  } catch {
    return undefined;
  }
}

/** The LLM endpoint, when one is configured: `GET {LLM_BASE_URL}/models` with the key, under LLM_TIMEOUT_MS. */
export async function checkLlm(config: Config): Promise<DoctorReport> {
  const report = empty();
  if (config.LLM_PROVIDER === 'none' || !config.LLM_BASE_URL) {
    report.passed.push('LLM off');
    return report;
  }
  const base = new URL(config.LLM_BASE_URL);
  const where = `the LLM endpoint at ${base.origin}`;
  if (config.LLM_API_KEY && base.protocol === 'http:' && !isLoopback(base)) {
    report.warnings.push(`LLM_BASE_URL uses plain http to ${base.host}: LLM_API_KEY crosses the network unencrypted`);
  }
  const path = `${base.pathname.replace(/\/+$/, '')}/models`;
  const ms = config.LLM_TIMEOUT_MS;
  // A client of its own, destroyed at the end: a kept-alive socket would hold the command open.
  let client: import('undici').Client | undefined;
  try {
    const { Client } = await import('undici');
    client = new Client(base.origin, { connectTimeout: ms, headersTimeout: ms, bodyTimeout: ms });
    const res = await client.request({
      method: 'GET',
      path,
      headers: { accept: 'application/json', ...(config.LLM_API_KEY ? { authorization: `Bearer ${config.LLM_API_KEY}` } : {}) },
      signal: AbortSignal.timeout(ms),
    });
    if (res.statusCode === 401 || res.statusCode === 403) {
      await res.body.dump();
      report.problems.push(`llm: ${where} refused LLM_API_KEY (HTTP ${res.statusCode})`);
      return report;
    }
    if (res.statusCode >= 300) {
      await res.body.dump();
      report.problems.push(`llm: ${where} answered HTTP ${res.statusCode} to GET ${path}: LLM_BASE_URL is the API root (it ends in /v1 for OpenAI and Ollama)`);
      return report;
    }
    const ids = modelIds(await readCapped(res.body, MAX_MODELS_BYTES));
    if (ids === undefined) {
      report.problems.push(`llm: ${where} answered GET ${path} with something that is not a model list: is LLM_BASE_URL an OpenAI-compatible API?`);
      return report;
    }
    // Ollama lists "llama3.2:latest" for a model pulled as "llama3.2".
    if (!ids.includes(config.LLM_MODEL) && !ids.includes(`${config.LLM_MODEL}:latest`)) {
      report.warnings.push(`LLM_MODEL ${config.LLM_MODEL} is not among the ${ids.length} models ${where} lists`);
    }
    report.passed.push(`LLM reachable (${config.LLM_PROVIDER})`);
  } catch (err) {
    const code = errorCode(err);
    report.problems.push(err instanceof Error && (err.name === 'TimeoutError' || (code !== undefined && LLM_TIMEOUT_CODES.has(code)))
      ? `llm: ${where} did not answer within LLM_TIMEOUT_MS (${ms} ms)`
      : `llm: ${where} could not be reached${code ? ` (${code})` : ''}: check LLM_BASE_URL and this server's network`);
  } finally {
    await client?.destroy();
  }
  return report;
}

/** Every secret the configuration holds, as the scrubber takes them (the database password decoded). */
/** The prompts as serve loads them: the built-in ones with PROMPTS_DIR laid over them; the first file refused. */
export function checkPrompts(config: Config): DoctorReport {
  const report = empty();
  try {
    const prompts = createPrompts(config.PROMPTS_DIR);
    loadPromptContent(prompts);
    const { replaced, added } = prompts.layered;
    report.passed.push(config.PROMPTS_DIR ? `prompts readable (PROMPTS_DIR: ${replaced.length} replaced, ${added.length} added)` : 'prompts readable');
  } catch (err) {
    report.problems.push(`prompts: ${messageOf(err)}`);
  }
  return report;
}

/** Every secret the configuration holds: no printed line may carry one. */
function secretsOf(config: Config): string[] {
  const password = config.DATABASE_URL ? decodeURIComponent(new URL(config.DATABASE_URL).password) : '';
  return [
    config.PANEL_API_KEY, config.LLM_API_KEY, config.IDENTITY_SECRET, config.METRICS_TOKEN, password, ...(config.WEBHOOK_SECRETS ?? []),
    config.HANDOFF_NOTIFY_SECRET, config.ORDERS_IMPORT_TOKEN, config.OWNERSHIP_SECRET,
    config.TELEGRAM_BOT_TOKEN, config.TELEGRAM_WEBHOOK_SECRET, config.CHATWOOT_BOT_TOKEN, config.CHATWOOT_WEBHOOK_TOKEN,
  ].filter((s): s is string => typeof s === 'string' && s.length > 0);
}

/** The Telegram bot, when one is configured: `getMe` with its token, one attempt under 5 s. */
export async function checkTelegram(config: Config): Promise<DoctorReport> {
  const report = empty();
  if (!config.TELEGRAM_BOT_TOKEN) return report;
  const where = `the Bot API at ${new URL(config.TELEGRAM_API_BASE_URL).origin}`;
  const client = createTelegramClient({ baseUrl: config.TELEGRAM_API_BASE_URL, token: config.TELEGRAM_BOT_TOKEN, retries: 0, timeoutMs: 5_000 });
  try {
    const me = await client.call<{ username?: unknown }>('getMe', {});
    report.passed.push(`Telegram bot ${typeof me.username === 'string' ? `@${me.username}` : 'found'} (${config.TELEGRAM_MODE})`);
  } catch (err) {
    report.problems.push(err instanceof TelegramError && err.kind === 'refused'
      ? `telegram: ${where} refused TELEGRAM_BOT_TOKEN: copy it again from BotFather (/token), or it was revoked`
      : `telegram: ${where} could not be asked for the bot (${err instanceof TelegramError ? err.kind : 'error'}): check TELEGRAM_API_BASE_URL and this server's network`);
  } finally {
    await client.close();
  }
  return report;
}

/** The whole check. `env` is for tests; the command reads the process environment through loadConfig. */
export async function doctor(env?: NodeJS.ProcessEnv): Promise<{ lines: string[]; code: 0 | 1 }> {
  let config: Config;
  try {
    config = loadConfig(env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    // The other checks need a valid configuration; zod's messages name the variable, never the value.
    return { lines: err.problems.map((p) => `problem: config: ${p}`), code: 1 };
  }
  const report = merge([checkSettings(config), checkPrompts(config), ...await Promise.all([checkPanel(config), checkDatabase(config), checkLlm(config), checkTelegram(config)])]);
  const scrub = createScrubber(secretsOf(config));
  const lines = [
    ...report.problems.map((p) => `problem: ${p}`),
    ...report.warnings.map((w) => `warning: ${w}`),
    ...(report.problems.length === 0 ? [`ok: configuration valid; ${report.passed.join('; ')}`] : []),
  ].map(scrub);
  return { lines, code: report.problems.length === 0 ? 0 : 1 };
}

export async function runDoctorCommand(args: string[]): Promise<number> {
  if (args.length > 0) {
    process.stderr.write(USAGE);
    return 2;
  }
  const { lines, code } = await doctor();
  process.stdout.write(lines.map((line) => `${line}\n`).join(''));
  return code;
}
