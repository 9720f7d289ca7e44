// The Handoff an agent sees (contract/http-api.md "Support agents"): the read-model row, the
// conversation's current role/intent/identifiers (in full: agents only) and the packet.
import { TRANSCRIPT_LIMIT } from '../conversation/conversations.js';
import { MESSAGE_EVENT_TYPES, toMessages, type Message } from '../conversation/view.js';
import type { Intent, Role } from '../understanding/vocabulary.js';
import { buildHandoffPacket, PACKET_EVENT_TYPES, type HandoffPacket } from './packet.js';
import type { ConversationStore, HandoffRow, HandoffStore } from '../storage/port.js';
import type { HandoffStatus } from './state-machine.js';

export interface HandoffView {
  id: string;
  conversationId: string;
  status: HandoffStatus;
  reason: string;
  summary: string;
  role: Role;
  intent: Intent | null;
  collected: Record<string, string>;
  assignee: string | null;
  createdAt: string;
  updatedAt: string;
  packet: HandoffPacket;
}

/** Events read to build one packet: enough for the last bot lines, checks and blocked drafts. */
const PACKET_EVENT_LIMIT = 200;
/** The most handoffs one list answer carries. */
export const HANDOFF_LIST_LIMIT = 200;

export interface HandoffReader {
  get(id: string): Promise<HandoffView | undefined>;
  list(status: HandoffStatus): Promise<HandoffView[]>;
  view(row: HandoffRow): Promise<HandoffView | undefined>;
  transcript(row: HandoffRow): Promise<Message[]>;
}

export function createHandoffReader(store: ConversationStore, handoffs: HandoffStore): HandoffReader {
  const view = async (row: HandoffRow): Promise<HandoffView | undefined> => {
    const record = await store.get(row.conversationId);
    if (!record) return undefined; // purged between the two reads
    const packet = buildHandoffPacket(record.state, await store.events(row.conversationId, { types: PACKET_EVENT_TYPES, limit: PACKET_EVENT_LIMIT }));
    return {
      id: row.id,
      conversationId: row.conversationId,
      status: row.status,
      reason: row.reason,
      summary: packet.summary,
      role: packet.role,
      intent: packet.intent,
      collected: packet.identifiers,
      assignee: row.assignee,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
      packet,
    };
  };
  return {
    view,
    get: async (id) => {
      const row = await handoffs.get(id);
      return row ? view(row) : undefined;
    },
    list: async (status) => {
      const views = await Promise.all((await handoffs.list(status, HANDOFF_LIST_LIMIT)).map(view));
      return views.flatMap((v) => v ?? []);
    },
    transcript: async (row) => toMessages(await store.events(row.conversationId, { types: MESSAGE_EVENT_TYPES, limit: TRANSCRIPT_LIMIT })),
  };
}
