// Generates docs/conversations.md: ten real conversations with the running demo service (started
// here in demo mode on a free loopback port, over HTTP like the widget). Run: npx tsx scripts/transcripts.ts
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAgentDirectory } from '../src/agents/agent-directory.js';
import { systemClock } from '../src/clock.js';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/open-database.js';
import { createLogger } from '../src/observability/logger.js';
import { fromRoot } from '../src/paths.js';
import { startServer } from '../src/server.js';

type Turn = string | { agent: 'claim' | 'resolve' } | { agentSays: string };
interface Dialogue { title: string; turns: Turn[] }

const dialogues: Dialogue[] = [
  { title: 'A buyer checks an order (buyer)', turns: ['hi! where is my order?', '4831239', 'maria.lopez88@gmail.com', 'thanks a lot'] },
  { title: 'A wrong email reveals nothing (buyer)', turns: ['status of order 4831239 please, my email is someone.else@gmail.com', 'ok I will check my details, never mind'] },
  { title: 'A refund request on a Partial order (buyer)', turns: ['I want my money back for order 4830353', 'maria.lopez88@gmail.com'] },
  { title: 'A refill request (buyer)', turns: ['my tiktok followers dropped, can you refill order 4829079?', 'chloe.nguyen.studio@yahoo.com'] },
  { title: "A reseller asks about a client's order (reseller)", turns: ["I'm a reseller, one of my clients asks about order 4831305 - my panel email is dev.patel.music@outlook.com"] },
  { title: 'An API error (api_user)', turns: ['my api says Invalid API key', 'action=status with order=4831239', 'today 09:40 UTC'] },
  { title: 'A pasted key is removed (api_user)', turns: ['here is my key 3f7a9c2e1b8d4f6a0c5e7b9d2f4a6c8e, why does action=balance fail?'] },
  { title: 'Duplicate WooCommerce orders (woocommerce_seller)', turns: ['my woocommerce store sends every order twice to the panel', 'thanks, that helped!'] },
  { title: 'Affiliate commission (affiliate)', turns: ['when do I get my affiliate commission?', 'my referral code is JADE10', 'maria.lopez88@gmail.com', 'October'] },
  { title: 'A person takes over (buyer and agent)', turns: ['I want to talk to a human', { agent: 'claim' }, 'hello? my order 4832177 is still pending', { agentSays: "Hi, I'm Sam from support. I can see order 4832177; it is queued at the provider and I'll keep an eye on it." }, { agent: 'resolve' }, 'thanks, bye'] },
];

interface Message { id: string; from: string; text: string; agent?: string }

async function call(url: string, method: string, body?: unknown, token?: string) {
  const res = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!res.ok) throw new Error(`${method} ${url} → ${res.status} ${await res.text()}`);
  return (await res.json()) as Record<string, unknown>;
}

const speaker = (m: Message) => (m.from === 'user' ? '**Visitor**' : m.from === 'bot' ? '**Parley**' : m.from === 'agent' ? `**Agent (${m.agent ?? 'support'})**` : '*System*');

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'parley-transcripts-'));
  const databasePath = join(dir, 'parley.db');
  const config = loadConfig({ DATABASE_PATH: databasePath, PORT: '0', LOG_LEVEL: 'silent', RATE_LIMIT_PER_IP_PER_MINUTE: '0', RATE_LIMIT_PER_CONVERSATION_PER_MINUTE: '0' });
  const server = await startServer(config, createLogger('silent'));
  const db = openDatabase(databasePath);
  const agentToken = createAgentDirectory(db, systemClock).issueToken('sam');
  const sections: string[] = [];
  try {
    for (const dialogue of dialogues) {
      const opened = await call(`${server.url}/v1/conversations`, 'POST', {});
      const id = (opened.conversation as { id: string }).id;
      const token = opened.token as string;
      for (const turn of dialogue.turns) {
        if (typeof turn === 'string') {
          await call(`${server.url}/v1/conversations/${id}/messages`, 'POST', { text: turn }, token);
          continue;
        }
        const handoffs = (await call(`${server.url}/v1/handoffs?status=${'agentSays' in turn || turn.agent === 'resolve' ? 'assigned' : 'queued'}`, 'GET', undefined, agentToken)).handoffs as { id: string; conversationId: string }[];
        const handoff = handoffs.find((h) => h.conversationId === id);
        if (!handoff) throw new Error(`${dialogue.title}: no handoff to act on`);
        if ('agentSays' in turn) await call(`${server.url}/v1/handoffs/${handoff.id}/messages`, 'POST', { text: turn.agentSays }, agentToken);
        else await call(`${server.url}/v1/handoffs/${handoff.id}/${turn.agent}`, 'POST', {}, agentToken);
      }
      const transcript = await call(`${server.url}/v1/conversations/${id}`, 'GET', undefined, token);
      const lines = (transcript.messages as Message[]).slice(1).map((m) => `${speaker(m)}: ${m.text.replace(/\n+/g, ' ')}`);
      const state = transcript.state as Record<string, unknown>;
      sections.push(`## ${dialogue.title}\n\n${lines.join('\n\n')}\n\n<sub>final state: role \`${String(state.role)}\`, handoff \`${String(state.handoff)}\`</sub>\n`);
    }
  } finally {
    db.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const header = `# Conversations with the demo\n\nGenerated by \`npx tsx scripts/transcripts.ts\` against the running demo service (sandbox panel, demo seed), over HTTP as the widget talks to it. Not edited by hand: regenerate after changing replies or policy.\n`;
  writeFileSync(fromRoot('docs', 'conversations.md'), `${header}\n${sections.join('\n')}`);
  process.stdout.write(`wrote docs/conversations.md (${dialogues.length} conversations)\n`);
}

await main();
