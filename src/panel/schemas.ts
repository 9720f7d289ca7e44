// Wire shapes of the SMM API v2 as panels really send them (panel-api.md §1, §4): permissive on
// types (numbers as strings and back), strict only on what we cannot do without.
import { z } from 'zod';

/** A number or a number-like string; converted by normalise.ts, never with float money maths. */
export const NumberLike = z.union([z.number(), z.string()]);

/** `true`, `1`, `"1"`, `"true"`, `"yes"` … as panels send flags. */
export const FlagLike = z.union([z.boolean(), z.number(), z.string()]);

export const IdLike = z.union([z.string().trim().min(1), z.number().int().nonnegative()]);

export const RawService = z.object({
  service: IdLike,
  name: z.string(),
  type: z.string().nullish(),
  category: z.string().nullish(),
  rate: NumberLike,
  min: NumberLike,
  max: NumberLike,
  refill: FlagLike.nullish(),
  cancel: FlagLike.nullish(),
  dripfeed: FlagLike.nullish(),
});
export type RawService = z.infer<typeof RawService>;

export const RawOrderStatus = z.object({
  status: z.string(),
  charge: NumberLike.nullish(),
  start_count: NumberLike.nullish(),
  // Laravel clones rename the field (§1.3).
  start_counter: NumberLike.nullish(),
  remains: NumberLike.nullish(),
  currency: z.string().nullish(),
});
export type RawOrderStatus = z.infer<typeof RawOrderStatus>;

export const RawBalance = z.object({
  balance: NumberLike,
  currency: z.string().nullish(),
});

/** `refill_status` nests a per-refill error under `status` (§1.5). */
export const RawRefillStatus = z.object({
  status: z.union([z.string(), z.object({ error: z.string() })]),
});

export const ErrorBody = z.object({ error: z.string().trim().min(1) });
