// node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/profile-turn.ts: 3,000 visitor turns
// over inject against the app as `serve` builds it, for a CPU profile of the turn.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/observability/logger.js';
import { startServer } from '../src/server.js';

const config = loadConfig({ DATABASE_PATH: join(mkdtempSync(join(tmpdir(), 'parley-prof-')), 'p.db'), HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', RATE_LIMIT_PER_IP_PER_MINUTE: '0', RATE_LIMIT_PER_CONVERSATION_PER_MINUTE: '0' });
const server = await startServer(config, createLogger('silent'));
const convs: { id: string; token: string }[] = [];
for (let i = 0; i < 64; i++) {
  const r = (await server.app.inject({ method: 'POST', url: '/v1/conversations', headers: { 'content-type': 'application/json' }, payload: '{}' })).json() as { conversation: { id: string }; token: string };
  convs.push({ id: r.conversation.id, token: r.token });
}
const texts = ['hello there', 'how long does delivery take?', 'I want a refund', 'my api says Incorrect request'];
const started = performance.now();
for (let n = 0; n < 3000; n++) {
  const c = convs[n % convs.length] as { id: string; token: string };
  await server.app.inject({ method: 'POST', url: `/v1/conversations/${c.id}/messages`, headers: { 'content-type': 'application/json', authorization: `Bearer ${c.token}` }, payload: JSON.stringify({ text: texts[n % texts.length] }) });
}
console.log(`${((performance.now() - started) / 3000).toFixed(3)} ms per turn (inject, sequential)`);
await server.close();
