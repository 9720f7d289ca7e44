// MockAgent panel for unit tests: real network disabled, every request recorded as its form fields.
import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import { MockAgent, type Interceptable } from 'undici';

export const PANEL_ORIGIN = 'https://panel.test';
export const PANEL_URL = `${PANEL_ORIGIN}/api/v2`;
/** A recognisable key: any test output containing it is a leak. */
export const CANARY_KEY = 'canary-5f0c2d9e7a1b4c3d8e6f0a1b2c3d4e5f';

export interface MockPanel {
  agent: MockAgent;
  pool: Interceptable;
  /** Form fields of every request the mock answered, in order. */
  requests: URLSearchParams[];
  /** Headers of every request the mock answered, in order. */
  headers: Array<Record<string, string>>;
  /** Answers the next `times` requests whose action matches with `reply` (status, body, headers). */
  on(action: string, reply: MockReply | ((form: URLSearchParams) => MockReply), times?: number): void;
  close(): Promise<void>;
}

export interface MockReply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

function headersOf(raw: unknown): Record<string, string> {
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
    return Object.fromEntries(Object.entries(raw as Record<string, unknown>).map(([k, v]) => [k.toLowerCase(), String(v)]));
  }
  return {};
}

export function createMockPanel(): MockPanel {
  const agent = new MockAgent();
  agent.disableNetConnect();
  const pool = agent.get<Interceptable>(PANEL_ORIGIN);
  const requests: URLSearchParams[] = [];
  const headers: Array<Record<string, string>> = [];
  return {
    agent,
    pool,
    requests,
    headers,
    on(action, reply, times = 1) {
      pool
        .intercept({ path: '/api/v2', method: 'POST', body: (body: string) => new URLSearchParams(body).get('action') === action })
        .reply((opts) => {
          const form = new URLSearchParams(String(opts.body));
          requests.push(form);
          headers.push(headersOf(opts.headers));
          const answer = typeof reply === 'function' ? reply(form) : reply;
          const data = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
          return { statusCode: answer.status, data, responseOptions: { headers: answer.headers ?? { 'content-type': 'application/json' } } };
        })
        .times(times);
    },
    close: () => agent.close(),
  };
}

/** A pino logger at debug level whose output is kept in memory. */
export function captureLog(): { log: Logger; output(): string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  return { log: pino({ level: 'debug' }, stream), output: () => chunks.join('') };
}

/** A sleep that returns at once and remembers what it was asked to wait. */
export function recordingSleep(): { sleep: (ms: number) => Promise<void>; waits: number[] } {
  const waits: number[] = [];
  return { waits, sleep: async (ms) => { waits.push(ms); } };
}
