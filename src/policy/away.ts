// The team is away (outside the shop's business hours, handoff/business-hours.ts): replies that
// would have a person answer soon say instead when the team is back and how else to reach the
// shop. Pure: the turn asks the clock once and passes what it found.
import type { ReplyPlan } from './decision.js';
import type { ReplyKey } from './reply-keys.js';

/** What the away replies say: when the team is back (zone named) and the shop's own contact. */
export interface TeamAway {
  readonly reopens: string;
  readonly contact: string;
}

/** Replies worded for a team at work, and their away wording. */
const AWAY_WORDING: Partial<Readonly<Record<ReplyKey, ReplyKey>>> = {
  'handoff-requested': 'handoff-requested-offline',
  'queued-still': 'queued-still-offline',
  'handoff-waiting': 'queued-still-offline',
  'queued-acknowledged': 'queued-acknowledged-offline',
};

/** The reply added to a turn that hands the visitor to the team when none of its replies says the team is away. */
export const TEAM_OFFLINE: ReplyKey = 'team-offline';

const SAYS_AWAY = new Set<ReplyKey>([TEAM_OFFLINE, 'handoff-requested-offline', 'queued-still-offline']);

/** A turn's replies while the team is away: each worded for a team at work gets its away wording. */
export function whileAway(replies: readonly ReplyPlan[], away: TeamAway): ReplyPlan[] {
  return replies.map((plan) => {
    const key = AWAY_WORDING[plan.key];
    return key ? { ...plan, key, vars: { ...plan.vars, ...away } } : plan;
  });
}

/**
 * What to add when this turn hands the visitor to the team while it is away: the away reply,
 * unless one of the turn's replies already says when the team is back.
 */
export function awayNotice(replies: readonly ReplyPlan[], away: TeamAway): ReplyPlan[] {
  return replies.some((plan) => SAYS_AWAY.has(plan.key)) ? [] : [{ key: TEAM_OFFLINE, vars: { ...away } }];
}
