// npx tsx bench/kill-loop.ts [kills=20] [conversations=6] [seed=1]
// SIGKILLs a real server process under concurrent load, restarts it, and checks that every
// acknowledged message survived (security.md §7.3). Prints each round and a summary; exits 1 on loss.
import { runKillLoop } from './lib/kill-loop.js';

const [kills = 20, conversations = 6, seed = 1] = process.argv.slice(2).map(Number);
console.log(`kill loop: ${kills} SIGKILLs, ${conversations} concurrent conversations, seed ${seed}`);
const summary = await runKillLoop({
  kills, conversations, seed,
  onRound: (r) => console.log(
    `  kill ${String(r.round + 1).padStart(2)} after ${String(r.killAfterMs).padStart(3)} ms: ${String(r.acknowledgedThisRound).padStart(4)} acknowledged, ` +
      `restart ${r.restartMs} ms, integrity ${r.integrity}, lost ${r.lost.length}`),
});
console.log('');
console.log(`kills:          ${summary.kills}`);
console.log(`acknowledged:   ${summary.acknowledged}`);
console.log(`lost:           ${summary.lost}${summary.lost ? ` (${summary.lostMessages.slice(0, 5).join(' | ')})` : ''}`);
console.log(`integrity:      ${summary.integrityOk ? 'ok after every kill' : 'FAILED'}`);
console.log(`restart (ms):   min ${summary.restartMs.min}, median ${summary.restartMs.median}, max ${summary.restartMs.max} (process spawn to listening, tsx included)`);
process.exitCode = summary.lost === 0 && summary.integrityOk ? 0 : 1;
