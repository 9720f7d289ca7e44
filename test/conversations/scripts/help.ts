// API users, WooCommerce sellers, affiliates, payments, services and accounts.
import type { Script } from '../script.js';

export const helpScripts: Script[] = [
  {
    name: 'an API user with "Invalid API key" gets the intake, then the fix',
    covers: { roles: ['api_user'], intents: ['api_error'] },
    steps: [
      { user: 'my api says Invalid API key', expect: { replies: [/Which action/, /Leave out the key/], state: { role: 'api_user', awaiting: 'api_request' } } },
      { user: 'i was calling action=add', expect: { replies: [/When did it happen/] } },
      { user: 'today around 10am CET', expect: { replies: [/help article/, /key/] , state: { awaiting: null } } },
    ],
  },
  {
    name: 'an API user out of funds is told what the error means',
    covers: { roles: ['api_user'], intents: ['api_error'] },
    steps: [
      { user: 'my api calls return Not enough funds on balance', expect: { replies: [/Which action/] } },
      { user: 'action=add with service 1201', expect: { replies: [/When did it happen/] } },
      { user: 'just now', expect: { replies: [/help article/] } },
    ],
  },
  {
    name: 'resetting an API key',
    covers: { roles: ['api_user'], intents: ['api_key'] },
    steps: [{ user: 'how do I reset my API key?', expect: { replies: [/help article/] } }],
  },
  {
    name: 'a pasted API key is removed, warned about and never repeated',
    covers: { roles: ['api_user'], intents: ['api_error'] },
    never: [/3f7a9c2e1b8d4f6a0c5e7b9d2f4a6c8e/],
    steps: [
      { user: 'my key is 3f7a9c2e1b8d4f6a0c5e7b9d2f4a6c8e and I get Invalid API key', expect: { replies: [/removed something/, /API key/] } },
    ],
  },
  {
    name: 'a WooCommerce seller with duplicate orders gets the article at once',
    covers: { roles: ['woocommerce_seller'], intents: ['integration_help', 'goodbye'] },
    steps: [
      { user: 'my woocommerce store sends every order twice to the panel', expect: { replies: [/help article "Preventing duplicate orders/], state: { role: 'woocommerce_seller', awaiting: null } } },
      { user: 'thanks, that helped!', expect: { replies: [/welcome/] } },
    ],
  },
  {
    name: 'a WooCommerce seller is asked what failed when the first message does not say',
    covers: { roles: ['woocommerce_seller'], intents: ['integration_help'] },
    steps: [
      { user: 'woocommerce help', expect: { replies: [/What went wrong/], state: { awaiting: 'problem_details' } } },
      { user: 'orders are not being created on the panel after checkout', expect: { replies: [/help article|person/], state: { awaiting: null } } },
    ],
  },
  {
    name: 'an affiliate asking about commission is collected and handed over',
    covers: { roles: ['affiliate'], intents: ['affiliate_commission'] },
    never: [/you(?:'ll| will) (?:get|receive) (?:your )?(?:commission|payout)/i],
    steps: [
      { user: 'when do I get my affiliate commission?', expect: { replies: [/referral link or code/], state: { role: 'affiliate', awaiting: 'referral' } } },
      { user: 'my ref code is JADE10', expect: { replies: [/email/] } },
      { user: 'maria.lopez88@gmail.com', expect: { replies: [/Which period/] } },
      { user: 'October', expect: { replies: [/reviewed by our team/], events: ['handoff_requested'], state: { handoff: 'queued' } } },
    ],
  },
  {
    name: 'a payment issue is collected one question at a time; a card number is removed',
    covers: { roles: ['buyer'], intents: ['payment_issue'] },
    never: [/4111 1111 1111 1111/, /credited/i],
    steps: [
      { user: 'I paid 20 dollars but my balance was not credited, card 4111 1111 1111 1111', expect: { replies: [/removed something/, /payment reference/], state: { awaiting: 'payment_reference' } } },
      { user: 'the paypal transaction is 8UJ12345AB678901C', expect: { replies: [/How much did you pay/] } },
      { user: '20 USD, yesterday evening', expect: { replies: [/email/] } },
      { user: 'maria.lopez88@gmail.com', expect: { replies: [/checked by a person/], events: ['handoff_requested'] } },
    ],
  },
  {
    name: 'service rules are quoted from the live panel data',
    covers: { roles: ['buyer'], intents: ['service_info'] },
    steps: [
      { user: "what's the min and max for service 1201?", expect: { replies: [/100/, /50,000|50000/, /refill/i] } },
    ],
  },
  {
    name: 'an unknown service is said to be unknown',
    covers: { roles: ['buyer'], intents: ['service_info'] },
    steps: [{ user: 'what is the price of service 9999?', expect: { replies: [/couldn't find service 9999/] } }],
  },
  {
    name: 'a locked-out account is asked for the email, then pointed to the article',
    covers: { roles: ['buyer'], intents: ['account_access'] },
    steps: [
      { user: "I can't log in to my account", expect: { replies: [/email/], state: { awaiting: 'email' } } },
      { user: 'maria.lopez88@gmail.com', expect: { replies: [/help article|person/] } },
    ],
  },
];
