// npx tsx bench/diagnose-turn.ts: the turn benchmark's causes, one variable at a time — the database
// on tmpfs (fsync nearly free) and logging at warn instead of info. Prints req/s and p50/p99 per variant.
import autocannon from 'autocannon';
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { startDemoServer } from './lib/processes.js';

const variants: [string, Record<string, string>][] = [
  ['as shipped (disk, synchronous=FULL, info logs)', {}],
  ['database on /dev/shm (fsync ~free)', { DATABASE_PATH: join(mkdtempSync('/dev/shm/parley-'), 'p.db') }],
  ['LOG_LEVEL=warn', { LOG_LEVEL: 'warn' }],
  ['both', { DATABASE_PATH: join(mkdtempSync('/dev/shm/parley-'), 'p.db'), LOG_LEVEL: 'warn' }],
];
for (const [name, env] of variants) {
  const server = await startDemoServer({ env });
  const convs: { id: string; token: string }[] = [];
  for (let i = 0; i < 64; i++) {
    const r = (await (await fetch(`${server.url}/v1/conversations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).json()) as { conversation: { id: string }; token: string };
    convs.push({ id: r.conversation.id, token: r.token });
  }
  let n = 0;
  const next = () => {
    const c = convs[n++ % convs.length] as { id: string; token: string };
    return { method: 'POST', path: `/v1/conversations/${c.id}/messages`, headers: { 'content-type': 'application/json', authorization: `Bearer ${c.token}` }, body: JSON.stringify({ text: n % 2 ? 'hello there' : 'how long does delivery take?' }) };
  };
  await autocannon({ url: server.url, connections: 32, duration: 2, requests: [{ setupRequest: () => next() }] });
  const r = await autocannon({ url: server.url, connections: 32, duration: 5, requests: [{ setupRequest: () => next() }] });
  console.log(`${name.padEnd(48)} ${String(Math.round(r.requests.average)).padStart(6)} req/s  p50 ${r.latency.p50} ms  p99 ${r.latency.p99} ms  non2xx ${r.non2xx}`);
  await server.stop();
}
