// Runtime fault injection for tests: each API request takes the first queued fault, which can be
// limited to its next N requests. Covers UP-01..08 and SEC-02 of security.md.

export type Fault =
  /** Answer normally, but only after `ms`. */
  | { kind: 'latency'; ms: number }
  /** A 5xx (or any status) with a JSON error body. */
  | { kind: 'status'; status: number }
  /** 429 with Retry-After. */
  | { kind: 'rate_limit'; retryAfterSeconds: number }
  /** A Cloudflare-like challenge page (HTML). */
  | { kind: 'html'; status?: number }
  /** 200 with truncated JSON. */
  | { kind: 'broken_json' }
  /** Accept the request and never send headers. */
  | { kind: 'stall' }
  /** Send headers and half a body, then nothing. */
  | { kind: 'stall_body' }
  /** An error body that echoes the caller's key (a panel bug the client must survive). */
  | { kind: 'echo_key' }
  /** A 200 JSON body of about `bytes` bytes. */
  | { kind: 'oversize'; bytes: number }
  /** A redirect that must not be followed. */
  | { kind: 'redirect'; status?: 301 | 302 | 307 | 308; location: string };

interface Queued {
  fault: Fault;
  /** Requests left; `null` = until cleared. */
  left: number | null;
}

export interface FaultController {
  /** Queue a fault; `times` limits it to the next N requests that reach it. */
  inject(fault: Fault, options?: { times?: number }): void;
  clear(): void;
  /** The fault for the request being handled now, if any. */
  take(): Fault | undefined;
  /** API requests received so far (faulted or not). */
  readonly requests: number;
  /** Called by the app once per API request. */
  countRequest(): void;
}

export function createFaultController(): FaultController {
  let queue: Queued[] = [];
  let requests = 0;
  return {
    inject(fault, options = {}) {
      const times = options.times;
      if (times !== undefined && (!Number.isInteger(times) || times < 1)) throw new RangeError('times must be a positive integer');
      queue.push({ fault, left: times ?? null });
    },
    clear() {
      queue = [];
    },
    take() {
      const head = queue[0];
      if (!head) return undefined;
      if (head.left !== null) {
        head.left -= 1;
        if (head.left === 0) queue.shift();
      }
      return head.fault;
    },
    get requests() {
      return requests;
    },
    countRequest() {
      requests += 1;
    },
  };
}
