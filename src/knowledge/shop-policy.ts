// The operator-editable shop policy: machine-readable values in front matter (what code relies
// on, e.g. the refill window), and the wording the bot quotes, one section per topic.
import { z } from 'zod';
import { BusinessHoursSchema } from '../handoff/business-hours.js';
import { readPromptFile, type PromptFile } from '../prompts.js';
import { parseFrontMatter } from './front-matter.js';

const PolicyValues = z.object({
  refillWindowDays: z.number().int().min(0).max(3650),
  /** No progress for this long is more than normal: a reported problem then goes to a person. */
  stalledAfterHours: z.number().int().min(1).max(24 * 365),
  refundsDecidedBy: z.enum(['staff']).default('staff'),
  cancelsDecidedBy: z.enum(['staff']).default('staff'),
  payoutsDecidedBy: z.enum(['staff']).default('staff'),
  /** When the team is there, and where visitors reach the shop when it is not; none: always there. */
  businessHours: BusinessHoursSchema.optional(),
});

const REQUIRED_SECTIONS = ['refills', 'refunds', 'cancels', 'affiliate-payouts', 'delivery-times'] as const;
export type PolicySection = (typeof REQUIRED_SECTIONS)[number];

export interface ShopPolicy extends z.infer<typeof PolicyValues> {
  /** Section text keyed by the kebab-cased heading ("## Affiliate payouts" → "affiliate-payouts"). */
  readonly sections: Readonly<Record<PolicySection, string>> & Readonly<Record<string, string>>;
}

const kebab = (s: string): string => s.trim().toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

export function parseShopPolicy(text: string): ShopPolicy {
  const { data, body } = parseFrontMatter(text);
  const values = PolicyValues.parse(data);
  const sections: Record<string, string> = {};
  const withoutComments = body.replace(/<!--[\s\S]*?-->/g, '');
  for (const part of withoutComments.split(/^##\s+/m).slice(1)) {
    const newline = part.indexOf('\n');
    const heading = newline === -1 ? part : part.slice(0, newline);
    sections[kebab(heading)] = (newline === -1 ? '' : part.slice(newline + 1)).trim().replace(/\s*\n\s*/g, ' ');
  }
  for (const name of REQUIRED_SECTIONS) {
    if (!sections[name]) throw new Error(`shop policy: missing section "${name}"`);
  }
  // The text is what visitors read; it must not contradict the number code acts on.
  const refillText = sections.refills ?? '';
  if (!refillText.includes(String(values.refillWindowDays))) {
    throw new Error(`shop policy: the Refills section must state the window of ${values.refillWindowDays} days`);
  }
  if (!(sections['delivery-times'] ?? '').includes(String(values.stalledAfterHours))) {
    throw new Error(`shop policy: the Delivery times section must state the ${values.stalledAfterHours} hours after which an order counts as stalled`);
  }
  return { ...values, sections: sections as ShopPolicy['sections'] };
}

/** Reads prompts.file('policy', 'shop-policy.md'); an error names the file. */
export function loadShopPolicy(file: Pick<PromptFile, 'path'>): ShopPolicy {
  return readPromptFile(file, parseShopPolicy);
}
