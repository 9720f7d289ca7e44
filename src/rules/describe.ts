// One plain-language sentence per service rule, quoting the panel's own numbers and flags. It
// states what the panel says and nothing more: no promise of a refill, a refund or a date.
import type { RuleView } from './service-rules.js';

const count = (n: number) => n.toLocaleString('en-US');

function flag(value: boolean | null): string {
  if (value === null) return 'not stated by the panel';
  return value ? 'supported' : 'not supported';
}

export function describeServiceRule(view: RuleView): string {
  const price = `${view.rate}${view.currency ? ` ${view.currency}` : ''} per 1000`;
  const sentence = `${view.name} (service ${view.serviceId}): ${count(view.min)} to ${count(view.max)} per order, ${price}; refills: ${flag(view.refill)}; cancels: ${flag(view.cancel)}.`;
  if (!view.stale) return sentence;
  return `${sentence} These rules were last fetched from the panel at ${view.fetchedAt} and may be out of date.`;
}
