// The benchmarks' visitors. `slots` conversations are under way at any time; each walks one dialogue
// (DIALOGUE, in order) from a freshly opened conversation, and then its slot takes the next fresh
// one. So every measured turn is a turn of a live dialogue: a greeting, article answers, questions
// asked back, an order lookup that first asks for the owner's email, a goodbye. Re-using the same
// conversations instead would, after a few passes, hand each one to a person (repeated failures),
// and the load would measure little but the "waiting for an agent" turn.

export const DIALOGUE = [
  'hello there',
  'how long does delivery usually take?',
  'my api returns "Incorrect request", what does it mean?',
  'I want a refund',
  'where is my order 4829113?',
  'do you offer refills on instagram followers?',
  'what is your cancellation policy',
  'thanks, bye',
];

export interface Visitor {
  id: string;
  token: string;
}

export interface Turn {
  visitor: Visitor;
  text: string;
}

export interface Dialogues {
  /** Conversations to open (with `add`) before the next `turns` turns can all start fresh dialogues. */
  shortfall(turns: number): number;
  add(visitors: readonly Visitor[]): void;
  /** The next turn. Past the opened conversations it wraps around to used ones, and counts them. */
  next(): Turn;
  /** Turns so far that had to re-use a finished dialogue's conversation (the pool ran short). */
  reused(): number;
}

export function createDialogues(slots: number): Dialogues {
  const opened: Visitor[] = [];
  let n = 0;
  let reused = 0;
  const conversationOf = (turn: number) => {
    const cycle = Math.floor(turn / slots);
    return Math.floor(cycle / DIALOGUE.length) * slots + (turn % slots);
  };
  return {
    shortfall: (turns) => Math.max(0, (Math.floor(conversationOf(n + turns - 1) / slots) + 1) * slots - opened.length),
    add: (visitors) => {
      // Not push(...visitors): a fast run opens over 100,000 at once, past the engine's argument limit.
      for (const visitor of visitors) opened.push(visitor);
    },
    next: () => {
      if (opened.length === 0) throw new Error('no conversations opened');
      const k = conversationOf(n);
      const text = DIALOGUE[Math.floor(n / slots) % DIALOGUE.length] as string;
      n++;
      if (k >= opened.length) reused++;
      return { visitor: opened[k % opened.length] as Visitor, text };
    },
    reused: () => reused,
  };
}

/** Opens `count` conversations over HTTP, `concurrency` at a time. */
export async function openConversations(url: string, count: number, concurrency = 32): Promise<Visitor[]> {
  const out: Visitor[] = [];
  const openOne = async () => {
    const res = await fetch(`${url}/v1/conversations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    if (res.status !== 201) throw new Error(`opening a conversation answered ${res.status}`);
    const body = (await res.json()) as { conversation: { id: string }; token: string };
    out.push({ id: body.conversation.id, token: body.token });
  };
  for (let i = 0; i < count; i += concurrency) await Promise.all(Array.from({ length: Math.min(concurrency, count - i) }, openOne));
  return out;
}

/** The HTTP request for a turn (autocannon's request shape). */
export const turnRequest = ({ visitor, text }: Turn) => ({
  method: 'POST' as const,
  path: `/v1/conversations/${visitor.id}/messages`,
  headers: { 'content-type': 'application/json', authorization: `Bearer ${visitor.token}` },
  body: JSON.stringify({ text }),
});
