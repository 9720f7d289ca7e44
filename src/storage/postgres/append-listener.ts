// Tells this instance about appends committed on the others: one connection of its own LISTENs
// on the channel every append notifies in its transaction (conversations.ts), so a notification
// arrives only for a committed append. The connection is checked every HEARTBEAT_MS (a dead TCP
// peer is otherwise noticed only after minutes); when it is lost it is opened again, with a
// growing pause, up to `retries` times, and the conversations updated meanwhile are told then,
// since notifications sent while nobody listened are not kept. Past the retries it gives up and
// says so (`failure`): the readiness probe fails and the instance is taken out of rotation.
import pg from 'pg';
import type { Clock } from '../../clock.js';
import type { Log } from '../../observability/logger.js';
import type { AppendListener } from '../port.js';

export const APPENDS_CHANNEL = 'parley_appends';

/** A notification's payload, kept short (PostgreSQL's limit is 8,000 bytes). `o`: the instance that appended. */
export interface AppendNotice {
  c: string;
  s: number;
  o: string;
}

export interface AppendListenerOptions {
  config: pg.ClientConfig;
  /** This instance: its own appends are told locally at commit, not a second time from here. */
  origin: string;
  onChange: AppendListener;
  /** Conversations updated since `since` (ISO time), with their lastSeq: told after a reconnection. */
  updatedSince: (since: string) => Promise<{ conversationId: string; lastSeq: number }[]>;
  clock: Clock;
  log?: Log;
  retries?: number;
  heartbeatMs?: number;
}

export interface AppendListenerHandle {
  /** Why notifications stopped for good, or undefined while they arrive (or are being restored). */
  failure(): Error | undefined;
  close(): Promise<void>;
}

export const HEARTBEAT_MS = 15_000;
const HEARTBEAT_TIMEOUT_MS = 5_000;
export const RECONNECT_RETRIES = 10;
const FIRST_PAUSE_MS = 200;
const LONGEST_PAUSE_MS = 10_000;
/** How far before the last sign of life the catch-up looks: the instances' clocks may differ a little. */
export const CATCH_UP_MARGIN_MS = 60_000;

export async function startAppendListener(options: AppendListenerOptions): Promise<AppendListenerHandle> {
  const { clock, log } = options;
  const retries = options.retries ?? RECONNECT_RETRIES;
  const heartbeatMs = options.heartbeatMs ?? HEARTBEAT_MS;
  let client: pg.Client | undefined;
  let closed = false;
  let failure: Error | undefined;
  let lastHeard = clock();
  let heartbeat: NodeJS.Timeout | undefined;
  let pause: { timer: NodeJS.Timeout; resolve: () => void } | undefined;

  const tell = (change: { conversationId: string; lastSeq: number }) => {
    try {
      options.onChange(change);
    } catch (err) {
      log?.error({ err }, 'an append listener failed');
    }
  };

  const connect = async (): Promise<pg.Client> => {
    const c = new pg.Client({ ...options.config, application_name: 'parley-listener', query_timeout: HEARTBEAT_TIMEOUT_MS });
    // A broken connection may emit more than one error; all but the first are only noise.
    c.on('error', (err) => lost(c, err));
    c.on('end', () => lost(c));
    c.on('notification', (message) => {
      lastHeard = clock();
      if (message.channel !== APPENDS_CHANNEL || !message.payload) return;
      let notice: AppendNotice;
      try {
        notice = JSON.parse(message.payload) as AppendNotice;
      } catch {
        return; // not one of ours
      }
      if (notice.o === options.origin || typeof notice.c !== 'string' || typeof notice.s !== 'number') return;
      tell({ conversationId: notice.c, lastSeq: notice.s });
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${APPENDS_CHANNEL}`);
    } catch (err) {
      c.removeAllListeners('end');
      await c.end().catch(() => undefined);
      throw err;
    }
    return c;
  };

  const lost = (c: pg.Client, err?: Error) => {
    if (c !== client || closed) return;
    client = undefined;
    clearInterval(heartbeat);
    void c.end().catch(() => undefined);
    log?.warn({ err }, 'the PostgreSQL notification connection was lost; opening it again');
    void reconnect();
  };

  const sleep = (ms: number) => new Promise<void>((resolve) => {
    pause = { timer: setTimeout(resolve, ms), resolve };
  });

  const listen = (c: pg.Client) => {
    client = c;
    lastHeard = clock();
    heartbeat = setInterval(() => {
      c.query('SELECT 1').then(() => {
        lastHeard = clock();
      }, (err: Error) => lost(c, err));
    }, heartbeatMs);
    heartbeat.unref();
  };

  const reconnect = async () => {
    const since = new Date(lastHeard.getTime() - CATCH_UP_MARGIN_MS).toISOString();
    for (let attempt = 1; attempt <= retries && !closed; attempt++) {
      await sleep(Math.min(FIRST_PAUSE_MS * 2 ** (attempt - 1), LONGEST_PAUSE_MS));
      if (closed) return;
      let c: pg.Client;
      try {
        c = await connect();
      } catch (err) {
        log?.warn({ err, attempt }, 'could not open the PostgreSQL notification connection');
        continue;
      }
      if (closed) {
        await c.end().catch(() => undefined);
        return;
      }
      listen(c);
      log?.info({ attempt }, 'the PostgreSQL notification connection is back');
      // Listening again first, then the catch-up: an append committed in between is told twice, never missed.
      try {
        for (const change of await options.updatedSince(since)) tell(change);
      } catch (err) {
        log?.error({ err }, 'could not read the conversations updated while notifications were lost');
      }
      return;
    }
    if (closed) return;
    failure = new Error(`notifications of other instances' appends stopped: no connection after ${retries} attempts`);
    log?.error({ err: failure }, 'live updates from other instances are off');
  };

  listen(await connect());

  return {
    failure: () => failure,
    async close() {
      closed = true;
      clearInterval(heartbeat);
      if (pause) {
        clearTimeout(pause.timer);
        pause.resolve();
      }
      const c = client;
      client = undefined;
      await c?.end().catch(() => undefined);
    },
  };
}
