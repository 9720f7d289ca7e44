// Buyers and resellers asking about orders in the demo seed (src/sandbox/demo-seed.json).
import type { Script } from '../script.js';

const DISCLOSES_STATUS = [/\bIn progress\b/, /\bCompleted\b/, /\bPartial\b/, /\bPending\b/, /\bCanceled\b/];
/** Asking again for what was given. */
const ASKS_ORDER_ID = /(?:which order|order ID\?|send me its order ID)/i;
const ASKS_EMAIL = /what's the email/i;
const NOT_VERIFIED = /couldn't find order \d+ with those details/;

export const orderScripts: Script[] = [
  {
    name: 'buyer gets a live order status after verifying by email',
    covers: { roles: ['buyer'], intents: ['order_status'] },
    steps: [
      { user: 'hi, where is my order?', expect: { replies: [/order ID/], state: { awaiting: 'order_id', intent: 'order_status' } } },
      { user: '4831239', expect: { replies: [/order 4831239/, /email/], state: { awaiting: 'email', collected: { order_id: '48***39' } }, noEvents: ['order_checked'] } },
      { user: 'maria.lopez88@gmail.com', expect: { replies: [/Order 4831239 is In progress/, /600 of 1,000 have been delivered so far, and 400 are still to come/], never: [/Partial|Pending/], events: ['order_checked'], state: { awaiting: null } } },
      { user: 'thanks!', expect: { replies: [/welcome/] } },
    ],
  },
  {
    name: 'order ID and email in the first message: the answer, nothing asked',
    covers: { roles: ['buyer'], intents: ['order_status'] },
    steps: [
      { user: 'Order 4831239 - my email is maria.lopez88@gmail.com, any update?', expect: { replies: [/In progress/], never: [ASKS_ORDER_ID, ASKS_EMAIL], events: ['order_checked'] } },
    ],
  },
  {
    name: 'ownership proved with the link, then with an account ID',
    covers: { roles: ['buyer'], intents: ['order_status'] },
    steps: [
      { user: 'status of order 4829347 please', expect: { replies: [/email/] } },
      { user: 'it was for instagram.com/tomasz.visuals', expect: { replies: [/Order 4829347 is Completed/] } },
      { user: 'and 4829893? my account id is u-10633', expect: { replies: [/Order 4829893 is Partial/] } },
    ],
  },
  {
    name: 'a wrong email gets the same answer as an unknown order, and a corrected email checks the order again',
    covers: { roles: ['buyer'], intents: ['order_status'] },
    steps: [
      { user: 'where is order 4831305? email dev.patel@outlook.com', expect: { replies: [NOT_VERIFIED], never: DISCLOSES_STATUS, state: { awaiting: 'email' } } },
      { user: 'order 4999999, same email', expect: { replies: [NOT_VERIFIED], never: DISCLOSES_STATUS } },
      { user: 'oh wait, 4831305 was on dev.patel.music@outlook.com', expect: { replies: [/Order 4831305 is In progress/, /3,710 are still to come/] } },
    ],
  },
  {
    name: 'eight guesses in a row disclose nothing and end with a person',
    covers: { roles: ['buyer'], intents: ['order_status'] },
    never: DISCLOSES_STATUS,
    steps: [
      ...[4831231, 4831232, 4831233, 4831234].map((id) => ({ user: `status of order ${id}, email maria.lopez88@gmail.com`, expect: { replies: [NOT_VERIFIED] } })),
      // The fifth failed check locks the conversation and a person takes over.
      { user: 'status of order 4831235, email maria.lopez88@gmail.com', expect: { replies: [/can't check any more order details/], events: ['handoff_requested'], state: { handoff: 'queued' } } },
      { user: 'status of order 4831239, email maria.lopez88@gmail.com', expect: { replies: [/in the queue/] } },
      { user: 'order 4831239 maria.lopez88@gmail.com please!!', expect: { replies: [/in the queue/] } },
    ],
  },
  {
    name: 'a corrected order ID replaces the first one, before any proof',
    covers: { roles: ['buyer'], intents: ['order_status'] },
    steps: [
      { user: "where's order 4829609", expect: { replies: [/email/], state: { collected: { order_id: '48***09' } } } },
      { user: "sorry wrong id, it's 4831759", expect: { replies: [/4831759/], never: [/4829609/], state: { collected: { order_id: '48***59' } } } },
      { user: 'aisha.bello.media@gmail.com', expect: { replies: [/Order 4831759 is In progress/, /90 are still to come/], never: [/Canceled/, /4829609/] } },
    ],
  },
  {
    name: 'several orders in one message each get their own check',
    covers: { roles: ['buyer'], intents: ['order_status'] },
    steps: [
      { user: 'can you check 4829079 and 4830072? chloe.nguyen.studio@yahoo.com', expect: { replies: [/Order 4829079 is Completed/, /Order 4830072 is Completed/, /180 more than you ordered/], never: [ASKS_ORDER_ID] } },
    ],
  },
  {
    name: 'a service question and an order in one message are both answered',
    covers: { roles: ['buyer'], intents: ['service_info', 'order_status'] },
    steps: [
      { user: 'max for youtube subs + is 4829242 done? dev.patel.music@outlook.com', expect: { replies: [/maximum 5,000/, /Order 4829242 is Completed/] } },
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
      { user: 'wait, how do I keep my API key safe?', expect: { replies: [/server/, /back to where we were/, /order ID/], state: { awaiting: 'order_id', intent: 'order_status' } } },
      { user: '4831239', expect: { replies: [/email/] } },
      { user: 'maria.lopez88@gmail.com', expect: { replies: [/In progress/] } },
    ],
  },
  {
    name: 'the visitor drops a question, or switches to another one',
    covers: { roles: ['buyer', 'affiliate'], intents: ['order_status', 'other', 'affiliate_commission'] },
    steps: [
      { user: 'where is my order', expect: { state: { awaiting: 'order_id' } } },
      { user: 'never mind', expect: { replies: [/dropped that/], state: { awaiting: null } } },
      { user: "where's my order", expect: { state: { awaiting: 'order_id' } } },
      { user: 'nvm, how does the affiliate programme work?', expect: { replies: [/referral link/], never: [/dropped that/, ASKS_ORDER_ID], state: { awaiting: null } } },
    ],
  },
  {
    name: 'a panel outage: the last status heard, dated, and a person',
    covers: { roles: ['buyer'], intents: ['order_status'] },
    steps: [
      { fault: { kind: 'status', status: 502 }, times: 20 },
      { user: 'Order 4831239 - email maria.lopez88@gmail.com - where is it?', expect: { replies: [/can't reach the order system/, /last update we received for this order was on \d+ \w+ 20\d\d/, /In progress/], events: ['order_checked', 'handoff_requested'], state: { handoff: 'queued' } } },
    ],
  },
  {
    name: 'a panel outage discloses nothing before ownership is proved',
    covers: { roles: ['buyer'], intents: ['order_status'] },
    never: DISCLOSES_STATUS,
    steps: [
      { fault: { kind: 'status', status: 502 }, times: 20 },
      { user: 'Order 4831239 - email wrong.person@gmail.com', expect: { replies: [NOT_VERIFIED] } },
    ],
  },
  {
    name: 'a refund request on a Partial order: what was not delivered, the rule, no promise, a person',
    covers: { roles: ['buyer'], intents: ['refund_request'] },
    never: [/will be refunded/i, /refund (?:is|has been) (?:issued|approved)/i],
    steps: [
      { user: 'I want a refund for order 4830353, email maria.lopez88@gmail.com', expect: { replies: [/Partial/, /1,350 of 2,000 were delivered and 650 were not/, /0\.60750 USD/, /account balance/, /passed your request/], events: ['handoff_requested'], state: { handoff: 'queued' } } },
      { user: 'so is the refund approved or not?? yes or no', expect: { replies: [/can't approve or promise a refund/], never: [/^yes/i] } },
    ],
  },
  {
    name: 'a refill request on a Completed order of a refill service goes to the team',
    covers: { roles: ['buyer'], intents: ['refill_request'] },
    steps: [
      { user: 'my followers dropped, I need a refill for order 4829347', expect: { replies: [/email/] } },
      { user: 'tomasz.kowalczyk@proton.me', expect: { replies: [/Completed/, /listed with refills/, /can't start a refill myself/], state: { handoff: 'queued' } } },
    ],
  },
  {
    name: 'a refill on a service without refills is answered, not handed off',
    covers: { roles: ['buyer'], intents: ['refill_request'] },
    steps: [
      { user: 'can I get a refill on order 4830254? my email is aisha.bello.media@gmail.com', expect: { replies: [/listed without refills/], state: { handoff: 'none' } } },
    ],
  },
  {
    name: 'a refill asked on a Partial order, with the account ID as proof',
    covers: { roles: ['buyer'], intents: ['refill_request'] },
    steps: [
      { user: 'can i get a refill on 4829893? some likes never even came. account u-10633', expect: { replies: [/Partial/, /1,080 of 1,500 were delivered and 420 were not/, /only apply once an order is Completed/], never: [ASKS_EMAIL], state: { handoff: 'none' } } },
    ],
  },
  {
    name: 'follow-ups about the order in view: a refill later, then a cancel',
    covers: { roles: ['buyer'], intents: ['order_status', 'refill_request', 'cancel_request'] },
    never: [/I(?:'ve| have) cancel/i, ASKS_EMAIL, ASKS_ORDER_ID],
    steps: [
      { user: 'status on 4831239? link is instagram.com/fitwithjade', expect: { replies: [/In progress/] } },
      { user: 'ok and can i get a refill on it later if they drop?', expect: { replies: [/listed with refills/, /Completed/], state: { handoff: 'none' } } },
      { user: 'actually can i just cancel the rest instead?', expect: { replies: [/listed as cancellable/, /done by our team/], never: [/Order 4831239 is In progress/], state: { handoff: 'queued' } } },
    ],
  },
  {
    name: 'a cancel on a service that cannot be cancelled is answered, not handed off',
    covers: { roles: ['buyer'], intents: ['order_status', 'cancel_request'] },
    steps: [
      { user: 'hey is my comments order 4832177 started yet?? email maria.lopez88@gmail.com', expect: { replies: [/Pending/, /hasn't started yet/], state: { handoff: 'none' } } },
      { user: 'can i still cancel it then? changed my mind', expect: { replies: [/listed as not cancellable/], state: { handoff: 'none' } } },
    ],
  },
  {
    name: 'an order that is simply progressing is not handed off',
    covers: { roles: ['buyer'], intents: ['order_problem'] },
    steps: [
      { user: "my order 4831932 is stuck, it hasn't moved since yesterday", expect: { replies: [/email/] } },
      { user: 'tomasz.kowalczyk@proton.me', expect: { replies: [/In progress/, /460 of 1,000/, /Nothing looks wrong/], noEvents: ['handoff_requested'] } },
    ],
  },
  {
    name: 'Processing and over-delivery in the panel’s own words',
    covers: { roles: ['buyer'], intents: ['order_status', 'order_problem'] },
    steps: [
      { user: 'my watch hours package order 4832221 is still processing after a week?? dev.patel.music@outlook.com', expect: { replies: [/is Processing/, /provider/], never: [/Pending/] } },
      { user: 'my tiktok views order 4830072 shows completed but remains -180?? is something wrong. chloe.nguyen.studio@yahoo.com', expect: { replies: [/Completed/, /180 more than you ordered/], never: [/180 (?:still|left|missing)/] } },
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
    name: 'a delivery-time question gets the rule, never a deadline',
    covers: { roles: ['buyer'], intents: ['delivery_time'] },
    never: [/\b\d+\s*(?:hours?|days?)\b/i, /\bby (?:tomorrow|friday)\b/i],
    steps: [
      { user: 'how long till my youtube views finish? order 4831305 email dev.patel.music@outlook.com', expect: { replies: [/In progress/, /can't give a delivery date/] } },
      { user: 'just give me a rough estimate bro, like 1 day? 2 days?', expect: { replies: [/can't give a delivery date/] } },
    ],
  },
];
