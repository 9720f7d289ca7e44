// API users, WooCommerce sellers, affiliates, payments, services and accounts.
import type { Script } from '../script.js';

/** Questions an expert would not ask when the message already carries the answer. */
const INTAKE_QUESTIONS = [/which action|what action/i, /when did (?:it|this) happen/i, /paste the error/i, /what exactly did the api/i];
const ASKS_ORDER_ID = /(?:which order|order ID\?|send me its order ID)/i;

export const helpScripts: Script[] = [
  {
    name: 'an API minimum error is answered with the live limits and a service that takes the quantity',
    covers: { roles: ['api_user'], intents: ['api_error', 'service_info'] },
    never: INTAKE_QUESTIONS,
    steps: [
      { user: 'action=add service=1201 quantity=50 -> Quantity less than minimal 100', expect: { replies: [/Service 1201/, /Minimum 100, maximum 50,000/, /50 is below its minimum/, /Instagram Followers \[No Refill\] \(service 1202\) takes 50 to 20,000/], state: { role: 'api_user', handoff: 'none' } } },
      { user: 'ok and is dripfeed allowed on it?', expect: { replies: [/Drip-feed: not available/] } },
    ],
  },
  {
    name: 'a corrected service ID in an API error gets the new service’s limits',
    covers: { roles: ['api_user'], intents: ['api_error'] },
    never: [...INTAKE_QUESTIONS, /which service/i],
    steps: [
      { user: 'api says quantity less than minimal for service 2310, i sent 300', expect: { replies: [/Minimum 500/] } },
      { user: 'wait sorry i meant service 2305 not 2310', expect: { replies: [/Service 2305/, /Minimum 50, maximum 50,000/], never: [/Service 2310/] } },
    ],
  },
  {
    name: 'a pasted API key is removed, warned about, never repeated, and the error explained',
    covers: { roles: ['api_user'], intents: ['api_error', 'api_key'] },
    never: [/3f7a9c2e1b8d4f6a0c5e7b9d2f4a6c8e/, /3f7a9c2e/, ...INTAKE_QUESTIONS],
    steps: [
      { user: 'keep getting Invalid API key. my key is 3f7a9c2e1b8d4f6a0c5e7b9d2f4a6c8e, using php curl', expect: { replies: [/removed something/, /POST body/] } },
      { user: 'i send it as a header X-Api-Key, is that the problem?', expect: { replies: [/POST body|form field/] } },
    ],
  },
  {
    name: 'two API errors in one message are each explained',
    covers: { roles: ['api_user'], intents: ['api_error'] },
    never: INTAKE_QUESTIONS,
    steps: [
      { user: 'two problems: status calls return "Invalid action" and add returns "Not enough funds on balance"', expect: { replies: [/lower case/, /[Aa]dd funds|lower the quantity/] } },
    ],
  },
  {
    name: 'a retired service ID is said to be missing from the live list',
    covers: { roles: ['api_user'], intents: ['api_error'] },
    never: INTAKE_QUESTIONS,
    steps: [
      { user: 'action=add service=1299 returns "Incorrect service ID" but it worked last month??', expect: { replies: [/couldn't find service 1299 in the panel's current services list/] } },
    ],
  },
  {
    name: 'an undocumented API error with its details goes to a person without re-asking',
    covers: { roles: ['api_user'], intents: ['api_error'] },
    never: [...INTAKE_QUESTIONS, /In progress/],
    steps: [
      { user: 'got {"error":"Incorrect request"} on action=status&order=4831239, today 14:05 UTC, from my server', expect: { replies: [/passed it to our team/], state: { handoff: 'queued' } } },
    ],
  },
  {
    name: 'a rate limit, then how to avoid it, then a timed-out add',
    covers: { roles: ['api_user'], intents: ['api_error', 'integration_help'] },
    steps: [
      { user: 'my script checking order statuses keeps getting 429 Too many requests from your api', expect: { replies: [/batch|slow|jitter/i], state: { role: 'api_user' } } },
      { user: 'and how do i avoid that?', expect: { replies: [/batch|orders=|jitter|cach/i] } },
      { user: 'also if an add request times out should i just resend it?', expect: { replies: [/duplicate|twice/i] } },
    ],
  },
  {
    name: 'key safety: the shop’s first help topic',
    covers: { roles: ['api_user'], intents: ['api_key'] },
    steps: [{ user: "is it fine to put my API key in my shop's javascript?", expect: { replies: [/server/i], never: [/I'm not sure I understood/, /don't have a help article/] } }],
  },
  {
    name: 'services by name: limits, then another platform, then an unknown ID',
    covers: { roles: ['buyer'], intents: ['service_info'] },
    never: [ASKS_ORDER_ID],
    steps: [
      { user: 'min and max for tiktok followers?', expect: { replies: [/TikTok Followers/, /Minimum 100, maximum 30,000/], state: { handoff: 'none' } } },
      { user: 'and youtube views?', expect: { replies: [/YouTube Views/, /Minimum 500, maximum 1,000,000/] } },
      { user: 'and service 9999? my supplier list says its tiktok shares', expect: { replies: [/couldn't find service 9999/], never: [/9999[^.]*(?:Minimum|maximum) \d/] } },
    ],
  },
  {
    name: 'a rules question never needs an order ID',
    covers: { roles: ['buyer'], intents: ['service_info', 'cancel_request'] },
    never: [ASKS_ORDER_ID],
    steps: [
      { user: 'do youtube views have refill? lifetime?', expect: { replies: [/Refills: offered/] } },
      { user: 'and can i cancel it if it goes too slow?', expect: { replies: [/Cancellation: it can be cancelled on request/] } },
      { user: 'how much for 1000 insta reels views? and can i drip feed them', expect: { replies: [/0\.02 USD per 1000/, /Drip-feed: available/] } },
    ],
  },
  {
    name: 'a deposit with every detail goes to a person without a question',
    covers: { roles: ['buyer'], intents: ['payment_issue'] },
    never: [/payment reference\?|how much did you pay|what's the email/i, /credited\b(?! payments)/i],
    steps: [
      { user: 'added $50 thru paypal about 2 hours ago, transaction id 9XK44810TT230195L, still not on my balance. account dev.patel.music@outlook.com', expect: { replies: [/checked by a person/], state: { handoff: 'queued' } } },
      { user: 'ok will it be added today at least?', expect: { replies: [/can't confirm, credit or time a payment/] } },
    ],
  },
  {
    name: 'a card number is removed; the reference is asked for once, then the case goes to a person',
    covers: { roles: ['buyer'], intents: ['payment_issue'] },
    never: [/4111 1111 1111 1111/, /4111[ -]?1111/],
    steps: [
      { user: 'i tried to pay with my card 4111 1111 1111 1111 exp 09/27 and it got declined 3 times, but i think money was taken', expect: { replies: [/removed something/, /card number/, /payment reference/], state: { awaiting: 'payment_reference' } } },
      { user: 'ok so what do i do now', expect: { replies: [/passed this to our team/, /transaction ID|bank statement/], state: { handoff: 'queued' } } },
    ],
  },
  {
    name: 'a question about payment methods is answered, not turned into a case',
    covers: { roles: ['buyer'], intents: ['payment_issue'] },
    steps: [{ user: 'what payment methods do you accept?', expect: { never: [/payment reference\?/], state: { awaiting: null, handoff: 'none' } } }],
  },
  {
    name: 'an affiliate’s missing referral, every detail in one message, goes to a person',
    covers: { roles: ['affiliate'], intents: ['affiliate_commission'] },
    never: [/which referral|referral link or code\?|which period|what's the email/i, /you(?:'ll| will) (?:get|receive) (?:your )?(?:commission|payout)/i],
    steps: [
      { user: 'my friend signed up with my ref link last week (code JADE10) and bought stuff but i dont see him in my referrals. my account email is maria.lopez88@gmail.com', expect: { replies: [/tracking records/], state: { role: 'affiliate', handoff: 'queued' } } },
    ],
  },
  {
    name: 'affiliate questions are answered without inventing rates',
    covers: { roles: ['affiliate'], intents: ['affiliate_commission'] },
    never: [/\d+(?:[.,]\d+)? ?%/, /minimum (?:payout )?(?:is|of) \$?\d/i],
    steps: [
      { user: 'how does the affiliate programme work?', expect: { replies: [/referral link/] } },
      { user: 'cool whats the commission % and min payout?', expect: { replies: [/affiliate page/] } },
    ],
  },
  {
    name: 'a WooCommerce seller connects a store, then asks about checkout',
    covers: { roles: ['woocommerce_seller'], intents: ['integration_help'] },
    steps: [
      { user: 'hi i have a woocommerce shop and want to connect it to your panel so orders go through automatically. where do i even start', expect: { replies: [/API/, /service ID/], state: { role: 'woocommerce_seller', handoff: 'none' } } },
      { user: 'do i need to ask the customer for anything at checkout?', expect: { replies: [/link|username/] } },
    ],
  },
  {
    name: 'a WooCommerce seller with duplicate orders gets the fix at once',
    covers: { roles: ['woocommerce_seller'], intents: ['integration_help', 'goodbye'] },
    steps: [
      { user: 'my woo plugin is sending every order twice to the panel!!', expect: { replies: [/twice|duplicate/i], state: { role: 'woocommerce_seller', awaiting: null } } },
      { user: 'thanks, that helped!', expect: { replies: [/welcome/] } },
    ],
  },
  {
    name: "a WooCommerce seller's store order number, then the panel order ID",
    covers: { roles: ['woocommerce_seller'], intents: ['order_problem', 'order_status'] },
    steps: [
      { user: 'a customer of my woo store says their order #10302 never arrived. how do i check it on your side?', expect: { replies: [/panel order ID/], never: [/Partial|650/] } },
      { user: 'the line says panel order 4830353, customer email maria.lopez88@gmail.com', expect: { replies: [/Partial/, /650 were not/] } },
    ],
  },
  {
    name: 'an account takeover gets the protecting advice and an urgent person',
    covers: { roles: ['api_user'], intents: ['account_access', 'api_key'] },
    steps: [
      { user: 'someone logged into my account and placed orders i didnt make!! i think my api key leaked on github', expect: { replies: [/password/, /reset your API key/], events: ['handoff_requested'], state: { handoff: 'queued' } } },
    ],
  },
  {
    name: 'a password-reset email that never arrives',
    covers: { roles: ['buyer'], intents: ['account_access'] },
    never: [/what's the email/i],
    steps: [
      { user: 'cant log in, password reset email never arrives. tried 3 times. my email is lucas.ferreira.br@hotmail.com', expect: { replies: [/spam|junk/i] } },
    ],
  },
  {
    name: 'other languages: an order, its pace, and a service’s rules',
    covers: { roles: ['buyer'], intents: ['order_status', 'delivery_time', 'service_info'] },
    never: [/\b\d+ (?:horas|días|days|hours)\b/i],
    steps: [
      { user: 'hola, donde esta mi pedido 4831239? mi correo es maria.lopez88@gmail.com', expect: { replies: [/In progress/, /400/] } },
      { user: 'y cuando termina?? lo necesito para el viernes', expect: { replies: [/can't give a delivery date/] } },
      { user: 'merhaba, tiktok takipçi servisinin minimum ve maksimum sipariş miktarı nedir? refill var mı?', expect: { replies: [/Minimum 100, maximum 30,000/, /Refills: offered/] } },
    ],
  },
];
