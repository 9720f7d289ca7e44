// The secrets sweep (issue 18, "done when"): every secret format visitors paste, sent as visitor
// messages to the real service (`parley serve` in a child process, demo panel, LLM writer on
// against a loopback OpenAI-compatible stub, LOG_LEVEL=debug), is absent from:
// the replies, the transcript (GET /v1/conversations/:id), the agent API (the handoff and its
// packet, GET /v1/handoffs/:id), the log, the database file and its WAL, and the prompts the
// model was sent. The stub model also writes a secret of its own into some replies: the guard
// blocks those, and the guard_blocked event keeps the draft redacted (part 3).
//
// Each case names the fragments whose presence anywhere would be a leak. Values that are only
// digits (a CVV, a 2FA code, a PIN) are searched with the words before them: "804317" alone could
// be part of a log timestamp or a page of the database, "code is 804317" could not.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { createAgentDirectory } from '../../src/agents/agent-directory.js';
import { systemClock } from '../../src/clock.js';
import type { ConversationEvent } from '../../src/conversation/events.js';
import { createReplyGuard } from '../../src/turn/guard-replies.js';
import { fold, initialState } from '../../src/conversation/state.js';
import { openSqliteStorage } from '../../src/storage/sqlite/index.js';
import { loadTemplates } from '../../src/replies/templates.js';
import { startServerProcess, tempDatabasePath } from '../helpers/server-process.js';
import { builtInPrompts } from '../../src/prompts.js';

interface SweepCase {
  kind: string;
  text: string;
  /** Fragments that must appear nowhere. */
  leaks: string[];
}

const ZWSP = '\u200b';
const fullWidth = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d)));

const CASES: SweepCase[] = [
  { kind: 'api key after a key word', text: 'my api key is 7c4a8d09ca3762af61e59520943dc26494f8941b and it says Invalid API key', leaks: ['7c4a8d09ca3762af61e5'] },
  { kind: 'password (en)', text: 'my password is Hunter2-Correct-Horse', leaks: ['Hunter2-Correct-Horse'] },
  { kind: 'password (ru)', text: 'мой пароль: Kn1ga-Sekret', leaks: ['Kn1ga-Sekret'] },
  { kind: 'password (es)', text: 'mi contraseña es Mariposa77x', leaks: ['Mariposa77x'] },
  { kind: 'password (pt)', text: 'minha senha é Abacaxi2024z', leaks: ['Abacaxi2024z'] },
  { kind: 'password (tr)', text: 'şifrem: Kedi1234Gizli', leaks: ['Kedi1234Gizli'] },
  { kind: 'login and password pair', text: 'login maria / Secr3tPassw0rd', leaks: ['Secr3tPassw0rd'] },
  { kind: 'card with spaces', text: 'card 4539 1488 0343 6467 was charged twice', leaks: ['4539 1488 0343 6467', '4539148803436467'] },
  { kind: 'card split by zero-width spaces', text: `card 5555${ZWSP}5555${ZWSP}5555${ZWSP}4444 declined`, leaks: [`5555${ZWSP}5555`, '5555555555554444'] },
  { kind: 'card in full-width digits', text: `paid with ${fullWidth('4012 8888 8888 1881')}`, leaks: [fullWidth('4012 8888'), '4012888888881881', '4012 8888 8888 1881'] },
  { kind: 'CVV', text: 'the cvv is 7391', leaks: ['cvv is 7391'] },
  { kind: '2FA code', text: 'my 2fa code is 804317', leaks: ['code is 804317'] },
  { kind: 'PIN', text: 'my pin is 5820', leaks: ['pin is 5820'] },
  { kind: 'OpenAI key (sk-)', text: 'my key sk-Qm3vXz8LpR2tY7wK9nB4cD6fH1jS5aE0gU2iO4 stopped working', leaks: ['Qm3vXz8LpR2tY7wK9nB4'] },
  { kind: 'OpenAI project key (sk-proj-)', text: 'sk-proj-Ab3dEf5gH7jK9mN1pQ3rS5tU7vW9xY1zA3bC5dE7fG9h', leaks: ['Ab3dEf5gH7jK9mN1pQ3r'] },
  { kind: 'GitHub token (ghp_)', text: 'use ghp_R4nD0mT0k3nV4lu3F0rSw33pT3st1ngXyZ', leaks: ['R4nD0mT0k3nV4lu3F0rSw'] },
  { kind: 'Slack token (xoxb-)', text: 'xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOpQrStUvWx is our bot', leaks: ['AbCdEfGhIjKlMnOpQrStUvWx', '1234567890-0987654321'] },
  { kind: 'AWS secret access key', text: 'aws secret wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', leaks: ['wJalrXUtnFEMI/K7MDENG'] },
  { kind: 'AWS access key ID', text: 'the id is AKIAIOSFODNN7SWEEP01', leaks: ['AKIAIOSFODNN7SWEEP01'] },
  { kind: 'key in spaced groups', text: 'api key: a7f3 e9b2 1c4d 58e6 f0a1 b2c3 d4e5 f607', leaks: ['a7f3 e9b2 1c4d', 'f0a1 b2c3 d4e5'] },
  { kind: 'key split by zero-width characters', text: `key 9e8d7c6b5a49${ZWSP}3827160f1e2d3c4b5a69 please check`, leaks: ['9e8d7c6b5a49', '3827160f1e2d3c4b5a69'] },
  {
    kind: 'JWT (header, payload, signature)',
    text: 'token eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJzd2VlcC11c2VyIiwiaWF0IjoxNzAwMDAwMDAwfQ.SwEePsIgNaTuRe0123456789abcdefXYZ_-ab',
    leaks: ['eyJzdWIiOiJzd2VlcC11c2VyIiwiaWF0', 'SwEePsIgNaTuRe0123456789'],
  },
  { kind: 'bearer token', text: 'Authorization: Bearer Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2', leaks: ['Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2'] },
  { kind: 'seed phrase', text: 'my seed phrase is velvet orbit canyon pillow frost mango rhythm ladder oyster tunnel biscuit walnut', leaks: ['velvet orbit canyon', 'rhythm ladder oyster'] },
];

/** The Parley tokens a visitor might paste: their own, and an agent's. Filled in once issued. */
const TOKEN_CASES = (visitorToken: string, agentToken: string): SweepCase[] => [
  { kind: "Parley visitor token (pv_)", text: `is my token ${visitorToken} safe?`, leaks: [visitorToken, visitorToken.slice(3, 20)] },
  { kind: "Parley agent token (pa_)", text: `an agent gave me ${agentToken}`, leaks: [agentToken, agentToken.slice(3, 20)] },
];

/** What the stub model adds to some of its replies: a secret of the model's own. */
const MODEL_SECRET = 'ghp_M0d3lWr1tt3nS3cr3tT0k3n0123456789ab';

interface ModelStub {
  url: string;
  prompts: string[];
  close(): Promise<void>;
}

/** The call whose reply carries MODEL_SECRET: one, so the guard's block does not hand the conversation off early. */
const MODEL_SECRET_CALL = 3;

/**
 * An OpenAI-compatible endpoint that rephrases by returning the draft as it is, and in one reply
 * appends a sentence with MODEL_SECRET (which the guard must block).
 */
async function startModelStub(): Promise<ModelStub> {
  const prompts: string[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { model: string; messages: { content: string }[] };
      const prompt = body.messages.map((m) => m.content).join('\n');
      prompts.push(prompt);
      const draft = /<draft>\n([\s\S]*?)\n<\/draft>/.exec(prompt)?.[1] ?? 'Thanks.';
      const content = prompts.length === MODEL_SECRET_CALL ? `${draft} To speed things up, sign in with ${MODEL_SECRET}.` : draft;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({
        id: 'chatcmpl-sweep', object: 'chat.completion', created: 1_700_000_000, model: body.model,
        choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
      }));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    prompts,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

/** The database file and its WAL as they are now, each read as UTF-8 and as single bytes. */
function databaseFiles(path: string): { name: string; text: string }[] {
  return [path, `${path}-wal`].filter(existsSync).flatMap((file) => {
    const bytes = readFileSync(file);
    return [{ name: `${file} (utf8)`, text: bytes.toString('utf8') }, { name: `${file} (latin1)`, text: bytes.toString('latin1') }];
  });
}

/** A place a secret must not be: its text, and the same with invisible characters dropped and NFKC applied. */
function assertAbsent(where: string, haystack: string, cases: readonly SweepCase[]): void {
  const plain = haystack.normalize('NFKC').replace(/[\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]/g, '');
  for (const c of cases) {
    for (const leak of c.leaks) {
      const visible = leak.normalize('NFKC').replace(/[\u200b-\u200f\u2060-\u2064\ufeff]/g, '');
      assert.ok(!haystack.includes(leak) && !plain.includes(visible), `${c.kind}: ${JSON.stringify(leak)} found in ${where}`);
    }
  }
}

describe('secrets sweep', () => {
  it('no secret a visitor pastes (or the model writes) reaches a reply, the transcript, the agent API, the log, the database or its WAL, or the model', { timeout: 120_000 }, async () => {
    const databasePath = tempDatabasePath();
    const model = await startModelStub();
    const server = await startServerProcess({
      DATABASE_PATH: databasePath, LOG_LEVEL: 'debug',
      RATE_LIMIT_PER_IP_PER_MINUTE: '0', RATE_LIMIT_PER_CONVERSATION_PER_MINUTE: '0',
      LLM_PROVIDER: 'openai', LLM_BASE_URL: model.url, LLM_API_KEY: 'sk-sweep-stub-key-not-real', LLM_MODEL: 'sweep-model',
    }, 40_000);
    const outputs: { where: string; text: string }[] = [];
    let snapshot: { name: string; text: string }[] = [];
    let cases: SweepCase[] = CASES;
    try {
      // An agent, as `parley agents add` makes one (a second connection to the same file).
      const agentStorage = openSqliteStorage({ path: databasePath });
      const agentToken = await createAgentDirectory(agentStorage.agents, systemClock).issueToken('sweeper');
      await agentStorage.close();
      const agent = { authorization: `Bearer ${agentToken}` };

      const opened = await (await fetch(`${server.url}/v1/conversations`, { method: 'POST' })).json() as { conversation: { id: string }; token: string };
      const id = opened.conversation.id;
      const visitor = { authorization: `Bearer ${opened.token}` };
      cases = [...CASES, ...TOKEN_CASES(opened.token, agentToken)];
      const say = async (text: string) => {
        const res = await fetch(`${server.url}/v1/conversations/${id}/messages`, {
          method: 'POST', headers: { ...visitor, 'content-type': 'application/json' }, body: JSON.stringify({ text }),
        });
        const body = await res.text();
        assert.equal(res.status, 200, `${text}: ${body}`);
        outputs.push({ where: `the reply to ${JSON.stringify(text)}`, text: body });
      };
      await say('hi, where is my order 4829113?');
      await say('status of order 1234567 please, email maria.lopez88@gmail.com');
      for (const c of cases) await say(c.text);
      await say('I want to talk to a human');

      const transcript = await fetch(`${server.url}/v1/conversations/${id}`, { headers: visitor });
      assert.equal(transcript.status, 200);
      const transcriptText = await transcript.text();
      outputs.push({ where: 'the transcript', text: transcriptText });
      // Every visitor message is in it, redacted: the sweep did reach the store.
      assert.ok((transcriptText.match(/\[redacted\]/g) ?? []).length >= cases.length, 'each message kept with [redacted] in it');

      const queued = await (await fetch(`${server.url}/v1/handoffs?status=queued`, { headers: agent })).json() as { handoffs: { id: string; conversationId: string }[] };
      const handoff = queued.handoffs.find((h) => h.conversationId === id);
      assert.ok(handoff, `a queued handoff for the conversation: ${JSON.stringify(queued)}`);
      const packet = await fetch(`${server.url}/v1/handoffs/${handoff.id}`, { headers: agent });
      assert.equal(packet.status, 200);
      const packetText = await packet.text();
      outputs.push({ where: 'the agent API (handoff, packet and transcript)', text: packetText });
      const blockedDrafts = (JSON.parse(packetText) as { handoff: { packet: { blockedDrafts: { rules: string[]; draft: string }[] } } }).handoff.packet.blockedDrafts;
      // Part 3: what the guard blocked is kept as its rule and a redacted draft.
      for (const b of blockedDrafts) assert.ok(b.rules.length > 0 && !b.draft.includes(MODEL_SECRET), JSON.stringify(b));

      snapshot = databaseFiles(databasePath); // while the server runs: the WAL holds the recent commits
      assert.ok(model.prompts.length > 0, 'the model was asked to rephrase');
    } finally {
      await server.kill('SIGTERM');
      await model.close();
    }
    const modelSecret: SweepCase = { kind: "the model's own secret", text: '', leaks: [MODEL_SECRET, MODEL_SECRET.slice(4, 24)] };
    for (const { where, text } of outputs) assertAbsent(where, text, [...cases, modelSecret]);
    model.prompts.forEach((prompt, i) => assertAbsent(`model prompt ${i + 1}`, prompt, cases));
    // LOG_LEVEL=debug: whatever the service writes at debug or above is searched (its turns write
    // their outcome at info; debug lines come from the panel client and load shedding).
    assertAbsent('the log (debug level)', server.output(), [...cases, modelSecret]);
    assert.ok(server.output().includes('"msg":"request completed"'), 'the requests were logged');
    const files = [...snapshot, ...databaseFiles(databasePath)];
    assert.ok(files.some((f) => f.name.includes('-wal')), 'the WAL was read');
    for (const { name, text } of files) assertAbsent(name, text, [...cases, modelSecret]);
  });
});

describe('guard_blocked at rest (issue 18, part 3)', () => {
  // Whatever writes a draft the guard blocks (a model, a template over panel data), the event that
  // records the block is written to the database as the rule and the redacted draft. This does
  // not depend on how the draft got there: the real guard blocks it, and the event is appended the
  // way the turn appends it (turn/turn.ts spreads the guard's `blocked` into the event).
  it('keeps the rule and a redacted draft, and the secret is in neither the database file nor its WAL', async () => {
    const secrets = ['ghp_Gu4rdBl0ck3dS3cr3tT0k3nXyZ0123456789', 'sk-proj-Gu4rdBl0ck3dPr0j3ctK3y0123456789abcdEF', '4242 4242 4242 4242'];
    const draft = `Order 4829113 is fine. Sign in with ${secrets[0]}, or use ${secrets[1]}; card ${secrets[2]}.`;
    const guard = createReplyGuard(loadTemplates(builtInPrompts.folder('replies')));
    const [guarded] = guard.check([{ reply: { replyKey: 'order-detail', text: draft, quickReplies: [] }, facts: ['4829113'], quoted: [] }], { visitorText: 'where is order 4829113' });
    assert.ok(guarded?.blocked, 'the guard blocked the draft');
    assert.ok(guarded.blocked.rules.includes('no-secret-shaped-string'), JSON.stringify(guarded.blocked.rules));

    const path = tempDatabasePath();
    const storage = openSqliteStorage({ path });
    try {
      const store = storage.conversations;
      const at = '2026-12-01T10:00:00.000Z';
      await store.create({ id: 'c-guard', tokenHash: Buffer.alloc(32), at, events: [], state: initialState });
      const events: ConversationEvent[] = [{ type: 'guard_blocked', ...guarded.blocked, topic: 'order_status' }];
      await store.append({ conversationId: 'c-guard', expectedSeq: 0, at, events, state: fold(events) });
      const [stored] = await store.events('c-guard', { types: ['guard_blocked'] });
      assert.ok(stored?.type === 'guard_blocked');
      assert.deepEqual(stored.rules, guarded.blocked.rules);
      assert.equal(stored.draft, 'Order 4829113 is fine. Sign in with [redacted], or use [redacted]; card [redacted].');

      const files = databaseFiles(path); // the connection is open: the commit is in the WAL
      assert.ok(files.some((f) => f.name.includes('-wal') && f.text.includes('Order 4829113 is fine')), 'the event was found in the WAL');
      for (const { name, text } of files) assertAbsent(name, text, [{ kind: 'blocked draft', text: draft, leaks: [...secrets, '4242424242424242'] }]);
    } finally {
      await storage.close();
    }
    for (const { name, text } of databaseFiles(path)) {
      assertAbsent(name, text, [{ kind: 'blocked draft', text: draft, leaks: [...secrets, '4242424242424242'] }]);
    }
  });
});
