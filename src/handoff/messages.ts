// What the visitor is told when a person joins, leaves, or never came. System messages, not bot
// replies: they are facts about the conversation, not answers.
export const agentJoined = (agent: string) => `${agent} from the support team joined the chat.`;

export const agentLeft = (agent: string) =>
  `${agent} left the chat. The assistant is answering again; ask for a person any time if you need one.`;

/** `contact`: the shop's own (its business hours' offline contact), when it has one. */
export const handoffExpired = (minutes: number, contact?: string) =>
  `No one from the support team was free to join within ${minutes} minutes, so I've taken you out of the queue. ` +
  `Nothing you said is lost: you can ask for a person again at any time, or ${contact ? `write to the shop at ${contact}` : 'email the shop\'s support'} ` +
  'with your order ID and they will follow up there.';
