// `parley purge --older-than <days>`: deletes conversations (and their events) idle that long.
import { systemClock } from '../clock.js';
import { loadConfig } from '../config.js';
import { purgeIdle, retentionCutoff } from '../lifecycle/retention.js';
import { openConfiguredStorage } from '../storage/open-configured.js';

export function parseOlderThan(args: string[]): number | undefined {
  const i = args.indexOf('--older-than');
  const raw = i >= 0 ? args[i + 1] : undefined;
  if (!raw || !/^\d{1,5}$/.test(raw)) return undefined;
  return Number(raw);
}

export async function runPurgeCommand(args: string[]): Promise<number> {
  const days = parseOlderThan(args);
  if (days === undefined) {
    process.stderr.write('usage: parley purge --older-than <days>   (a whole number of days, 0 or more)\n');
    return 2;
  }
  const storage = await openConfiguredStorage(loadConfig());
  try {
    const cutoff = retentionCutoff(systemClock(), days);
    // In batches: the running server's commits get in between (retention.ts PURGE_BATCH).
    const purged = await purgeIdle(storage.conversations, cutoff);
    process.stdout.write(`purged ${purged} conversation(s) idle since before ${cutoff}\n`);
    return 0;
  } finally {
    await storage.close();
  }
}
