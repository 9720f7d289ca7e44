// Buyers and resellers asking about orders in the demo seed (src/panel/sandbox/demo-seed.json).
import type { Script } from '../script.js';

const DISCLOSES_STATUS = [/\bIn progress\b/, /\bCompleted\b/, /\bPartial\b/, /\bPending\b/, /\bCanceled\b/];

export const orderScripts: Script[] = [
  {
    name: 'buyer gets a live order status after verifying by email',
    covers: { roles: ['buyer'], intents: ['order_status'] },
    steps: [
      { user: 'hi, where is my order?', expect: { replies: [/order ID/], state: { awaiting: 'order_id', intent: 'order_status' } } },
      { user: '4831239', expect: { replies: [/email/], state: { awaiting: 'email', collected: { order_id: '48***39' } }, noEvents: ['order_checked'] } },
      { user: 'maria.lopez88@gmail.com', expect: { replies: [/Order 4831239 is In progress/, /400 still to be delivered/], events: ['order_checked'], state: { awaiting: null } } },
    ],
  },
  {
    name: 'order ID and email in the first message',
    covers: { roles: ['buyer'], intents: ['order_status'] },
    steps: [
      { user: 'Order 4831239 - my email is maria.lopez88@gmail.com, any update?', expect: { replies: [/In progress/], events: ['order_checked'] } },
    ],
  },
  {
    name: 'ownership proved with the link instead of the email',
    covers: { roles: ['buyer'], intents: ['order_status'] },
    steps: [
      { user: 'status of order 4829347 please', expect: { replies: [/email/] } },
      { user: 'it was for instagram.com/tomasz.visuals', expect: { replies: [/Order 4829347 is Completed/] } },
    ],
  },
  {
    name: 'a wrong email gets the same answer as an unknown order',
    covers: { roles: ['buyer'], intents: ['order_status'] },
    never: DISCLOSES_STATUS,
    steps: [
      { user: 'where is order 4831239? email wrong.person@gmail.com', expect: { replies: [/couldn't find an order matching those details/], state: { awaiting: 'order_id' } } },
      { user: 'order 4999999, email maria.lopez88@gmail.com', expect: { replies: [/couldn't find an order matching those details/] } },
    ],
  },
  {
    name: 'eight guesses in a row disclose nothing and end with a person',
    covers: { roles: ['buyer'], intents: ['order_status'] },
    never: DISCLOSES_STATUS,
    steps: [
      ...[4831231, 4831232, 4831233, 4831234].map((id) => ({ user: `status of order ${id}, email maria.lopez88@gmail.com`, expect: { replies: [/couldn't find an order matching/] } })),
      // The fifth failed check locks the conversation and a person takes over.
      { user: 'status of order 4831235, email maria.lopez88@gmail.com', expect: { replies: [/can't check any more order details/], events: ['handoff_requested'], state: { handoff: 'queued' } } },
      { user: 'status of order 4831239, email maria.lopez88@gmail.com', expect: { replies: [/in the queue/] } },
      { user: 'status of order 4831239, email maria.lopez88@gmail.com', expect: { replies: [/in the queue/] } },
      { user: 'order 4831239 maria.lopez88@gmail.com please!!', expect: { replies: [/in the queue/] } },
    ],
  },
  {
    name: 'a corrected order ID replaces the first one',
    covers: { roles: ['buyer'], intents: ['order_status'] },
    steps: [
      { user: "where's order 4831238", expect: { replies: [/email/], state: { collected: { order_id: '48***38' } } } },
      { user: "sorry, it's 4831239", expect: { replies: [/email/], state: { collected: { order_id: '48***39' } } } },
      { user: 'maria.lopez88@gmail.com', expect: { replies: [/Order 4831239 is In progress/] } },
    ],
  },
  {
    name: 'two unreadable answers, then a person',
    covers: { roles: ['buyer'], intents: ['order_status'] },
    steps: [
      { user: 'where is my order', expect: { replies: [/order ID/] } },
      { user: "I don't remember it", expect: { replies: [/doesn't look like an order ID/, /order ID/], events: ['slot_rejected'] } },
      { user: 'no clue honestly', expect: { replies: [/doesn't look like an order ID/] } },
      { user: 'whatever', expect: { replies: [/passed this conversation to our support team/], events: ['handoff_requested'], state: { handoff: 'queued' } } },
    ],
  },
  {
    name: 'a side question mid-intake is answered, then the intake resumes',
    covers: { roles: ['buyer', 'api_user'], intents: ['order_status', 'api_key'] },
    steps: [
      { user: 'where is my order', expect: { state: { awaiting: 'order_id' } } },
      { user: 'wait, how do I keep my API key safe?', expect: { replies: [/help article/, /back to where we were/, /order ID/], state: { awaiting: 'order_id', intent: 'order_status' } } },
      { user: '4831239', expect: { replies: [/email/] } },
      { user: 'maria.lopez88@gmail.com', expect: { replies: [/In progress/] } },
    ],
  },
  {
    name: 'the visitor cancels an intake',
    covers: { roles: ['buyer'], intents: ['order_status', 'other'] },
    steps: [
      { user: 'where is my order', expect: { state: { awaiting: 'order_id' } } },
      { user: 'never mind', expect: { replies: [/dropped that/], state: { awaiting: null } } },
    ],
  },
  {
    name: 'a panel outage: the last status heard, dated, and a person',
    covers: { roles: ['buyer'], intents: ['order_status'] },
    steps: [
      { fault: { kind: 'status', status: 502 }, times: 20 },
      { user: 'Order 4831239 - email maria.lopez88@gmail.com - where is it?', expect: { replies: [/can't reach the order system/, /last update we received for this order was on \d+ Nov 2026/, /In progress/], events: ['order_checked', 'handoff_requested'], state: { handoff: 'queued' } } },
    ],
  },
  {
    name: 'a panel outage discloses nothing before ownership is proved',
    covers: { roles: ['buyer'], intents: ['order_status'] },
    never: DISCLOSES_STATUS,
    steps: [
      { fault: { kind: 'status', status: 502 }, times: 20 },
      { user: 'Order 4831239 - email wrong.person@gmail.com', expect: { replies: [/couldn't find an order matching/] } },
    ],
  },
  {
    name: 'a refund request on a Partial order: the rule, no promise, a person',
    covers: { roles: ['buyer'], intents: ['refund_request'] },
    never: [/will be refunded/i, /refund (?:is|has been) (?:issued|approved)/i],
    steps: [
      { user: 'I want a refund for order 4830353, email maria.lopez88@gmail.com', expect: { replies: [/Partial/, /account balance/, /passed your request/], events: ['handoff_requested'], state: { handoff: 'queued' } } },
    ],
  },
  {
    name: 'a refill request on a Completed order of a refill service',
    covers: { roles: ['buyer'], intents: ['refill_request'] },
    steps: [
      { user: 'my followers dropped, I need a refill for order 4829347', expect: { replies: [/email/] } },
      { user: 'tomasz.kowalczyk@proton.me', expect: { replies: [/Completed/, /listed with refills/, /can't start a refill myself/], state: { handoff: 'queued' } } },
    ],
  },
  {
    name: 'a refill request for a service without refills',
    covers: { roles: ['buyer'], intents: ['refill_request'] },
    steps: [
      { user: 'can I get a refill on order 4830254? my email is aisha.bello.media@gmail.com', expect: { replies: [/listed without refills/], state: { handoff: 'queued' } } },
    ],
  },
  {
    name: 'a cancel request on an order in progress',
    covers: { roles: ['buyer'], intents: ['cancel_request'] },
    never: [/I(?:'ve| have) cancel/i],
    steps: [
      { user: "please cancel order 4831239, it's the wrong account", expect: { replies: [/email/] } },
      { user: 'maria.lopez88@gmail.com', expect: { replies: [/In progress/, /listed as cancellable/, /done by our team/], state: { handoff: 'queued' } } },
    ],
  },
  {
    name: 'a stuck order goes to a person with the details',
    covers: { roles: ['buyer'], intents: ['order_problem'] },
    steps: [
      { user: "my order 4831932 is stuck, it hasn't moved since yesterday", expect: { replies: [/email/] } },
      { user: 'tomasz.kowalczyk@proton.me', expect: { replies: [/In progress/, /passed this to our support team/], events: ['handoff_requested'] } },
    ],
  },
  {
    name: 'a reseller gets the panel details',
    covers: { roles: ['reseller'], intents: ['order_status'] },
    steps: [
      { user: "I'm a reseller, one of my clients asks about order 4831305 - my panel email is dev.patel.music@outlook.com", expect: { replies: [/In progress/, /Panel details: status "In progress", start count/], state: { role: 'reseller' } } },
    ],
  },
  {
    name: 'a question about delivery time gets no deadline',
    covers: { roles: ['buyer'], intents: ['delivery_time'] },
    steps: [
      { user: 'how long does delivery take?', expect: { replies: [/help article|person/] } },
    ],
  },
];
