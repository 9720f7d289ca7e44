// Generates docs/conversations.md: real conversations with the running demo service (started
// here in demo mode on a free loopback port, over HTTP like the widget). Run: npx tsx scripts/transcripts.ts
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAgentDirectory } from '../src/agents/agent-directory.js';
import { systemClock } from '../src/clock.js';
import { loadConfig } from '../src/config.js';
import { openSqliteStorage } from '../src/storage/sqlite/index.js';
import { createLogger } from '../src/observability/logger.js';
import { fromRoot } from '../src/paths.js';
import { startServer } from '../src/server.js';

type Turn = string | { agent: 'claim' | 'resolve' } | { agentSays: string };
interface Dialogue { title: string; turns: Turn[] }

const dialogues: Dialogue[] = [
  { title: 'A buyer checks an order, then asks when it finishes (buyer)', turns: ['hi where is my order?? #4831239 its been a few days and the followers barely moved', 'maria.lopez88@gmail.com', 'ok so roughly when will the rest come in? i have a collab next week', 'thanks a lot'] },
  { title: 'Two orders and proof in one message (buyer)', turns: ['can u check 4831239 and 4832177 pls, both on maria.lopez88@gmail.com', 'can i still cancel the comments one? changed my mind'] },
  { title: 'A wrong email reveals nothing; the corrected one is checked (buyer)', turns: ['hey can you check order 4831305, my email is dev.patel@outlook.com', 'oops typo, its dev.patel.music@outlook.com'] },
  { title: 'A refund on a Partial order, then "yes or no?" (buyer)', turns: ['i want a refund for 4830568, only got some of the subs aisha.bello.media@gmail.com', 'so is the refund approved or not?? yes or no'] },
  { title: 'Follow-ups about the order in view (buyer)', turns: ['status on 4831239? link is instagram.com/fitwithjade', 'ok and can i get a refill on it later if they drop?', 'actually can i just cancel the rest instead?'] },
  { title: 'Services by name, then another platform (buyer)', turns: ['min and max for tiktok followers?', 'and youtube views?', 'do they have refill? can i cancel if it goes too slow?'] },
  { title: 'An API minimum error, answered with the live rules (api_user)', turns: ['action=add service=1201 quantity=50 -> Quantity less than minimal 100', 'ok and is dripfeed allowed on it?'] },
  { title: 'A pasted key is removed; the error is explained (api_user)', turns: ['keep getting Invalid API key. here is my key 3f7a9c2e1b8d4f6a0c5e7b9d2f4a6c8e, using php curl', 'i send it as a header X-Api-Key, is that the problem?'] },
  { title: 'A rate limit, then how to avoid it (api_user)', turns: ['my script checking order statuses keeps getting 429 Too many requests from your api', 'and how do i avoid that?', 'also if an add request times out should i just resend it?'] },
  { title: 'Connecting a WooCommerce store (woocommerce_seller)', turns: ['hi i have a woocommerce shop and want to connect it to your panel so orders go through automatically. where do i even start', 'do i need to ask the customer for anything at checkout?'] },
  { title: 'A deposit with every detail (buyer)', turns: ['added $50 thru paypal about 2 hours ago, transaction id 9XK44810TT230195L, still not on my balance. account dev.patel.music@outlook.com', 'ok will it be added today at least?'] },
  { title: 'A missing referral (affiliate)', turns: ['my friend signed up with my ref link last week (code JADE10) and bought stuff but i dont see him in my referrals. my account email is maria.lopez88@gmail.com'] },
  { title: 'An account takeover (api_user)', turns: ['someone logged into my account and placed orders i didnt make!! balance went from 80 to 3. i think my api key leaked on github'] },
  { title: 'Waiting for a person, still answered (buyer and agent)', turns: ['i want to talk to a real person', 'while i wait, what does partial status mean?', { agent: 'claim' }, 'hello? my order 4832177 is still pending', { agentSays: "Hi, I'm Sam from support. I can see order 4832177; it is queued at the provider and I'll keep an eye on it." }, { agent: 'resolve' }, 'thanks, bye'] },
  { title: 'Another language (buyer)', turns: ['hola, donde esta mi pedido 4831239? mi correo es maria.lopez88@gmail.com', 'y cuando termina?? lo necesito para el viernes'] },
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
  const agentStorage = openSqliteStorage({ path: databasePath });
  const agentToken = await createAgentDirectory(agentStorage.agents, systemClock).issueToken('sam');
  await agentStorage.close();
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
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const header = `# Conversations with the demo\n\nGenerated by \`npx tsx scripts/transcripts.ts\` against the running demo service (sandbox panel, demo seed), over HTTP as the widget talks to it. Not edited by hand: regenerate after changing replies or policy.\n`;
  writeFileSync(fromRoot('docs', 'conversations.md'), `${header}\n${sections.join('\n')}`);
  process.stdout.write(`wrote docs/conversations.md (${dialogues.length} conversations)\n`);
}

await main();
