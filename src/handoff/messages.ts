// What the visitor is told when a person joins, leaves, or never came. System messages, not bot
// replies: they are facts about the conversation, not answers. Their words are templates
// (prompts/replies/agent-*.md, handoff-expired*.md), so a shop's PROMPTS_DIR can reword them.
import { renderTemplate, type Template } from '../replies/templates.js';

type Templates = ReadonlyMap<string, Template>;

export const agentJoined = (templates: Templates, agent: string): string => renderTemplate(templates, 'agent-joined', { agent }).text;

export const agentLeft = (templates: Templates, agent: string): string => renderTemplate(templates, 'agent-left', { agent }).text;

/** `contact`: the shop's own (its business hours' offline contact), when it has one. */
export const handoffExpired = (templates: Templates, minutes: number, contact?: string): string => (contact
  ? renderTemplate(templates, 'handoff-expired-contact', { minutes, contact })
  : renderTemplate(templates, 'handoff-expired', { minutes })).text;
