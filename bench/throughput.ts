// A full visitor turn under load: autocannon at 32 connections against the demo server (the build),
// each round on a fresh server until it has answered 30,000 turns, and that server's resident
// memory then. The turns are those of live dialogues (lib/dialogues.ts), each from a conversation
// opened before the load (opening is not measured). The first turns of a round warm the JIT and
// are not timed; they count toward the 30,000.
import autocannon from 'autocannon';
import { createDialogues, openConversations, turnRequest } from './lib/dialogues.js';
import { startDemoServer } from './lib/processes.js';

export interface LoadRound {
  turnsPerSecond: number;
  p50: number;
  p99: number;
  max: number;
  /** Timed turns (the warm-up's are not). */
  timed: number;
  errors: number;
  non2xx: number;
  timeouts: number;
  /** Resident memory after every turn of the round, and its peak, in MiB; null without /proc. */
  rssMiB: number | null;
  peakRssMiB: number | null;
}

export interface LoadOptions {
  connections?: number;
  /** Turns each server answers, the warm-up's included. */
  turns?: number;
  warmupTurns?: number;
  mode?: 'tsx' | 'dist';
}

/** Dialogues under way at once: several per connection, so one conversation's turns never overlap. */
const SLOTS = 128;

export async function runLoadRound(opts: LoadOptions = {}): Promise<LoadRound> {
  const connections = opts.connections ?? 32;
  const turns = opts.turns ?? 30_000;
  const warmupTurns = opts.warmupTurns ?? 2_000;
  const server = await startDemoServer({ mode: opts.mode ?? 'dist' });
  try {
    const dialogues = createDialogues(SLOTS);
    dialogues.add(await openConversations(server.url, dialogues.shortfall(turns)));
    const load = { url: server.url, connections, requests: [{ setupRequest: () => turnRequest(dialogues.next()) }] };
    const warm = await autocannon({ ...load, amount: warmupTurns });
    const r = await autocannon({ ...load, amount: turns - warmupTurns });
    const memory = server.memoryMiB();
    return {
      turnsPerSecond: r.duration > 0 ? r.requests.total / r.duration : 0,
      p50: r.latency.p50,
      p99: r.latency.p99,
      max: r.latency.max,
      timed: r.requests.total,
      errors: warm.errors + r.errors,
      non2xx: warm.non2xx + r.non2xx,
      timeouts: warm.timeouts + r.timeouts,
      rssMiB: memory?.rss ?? null,
      peakRssMiB: memory?.peak ?? null,
    };
  } finally {
    await server.stop();
  }
}
