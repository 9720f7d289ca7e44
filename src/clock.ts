// Domain code never calls Date.now() or randomUUID() itself: both are injected, so scripted
// conversations replay exactly.
import { randomUUID } from 'node:crypto';

export type Clock = () => Date;
export type IdGen = () => string;

export const systemClock: Clock = () => new Date();
/**
 * UUIDv7 (RFC 9562): the first 48 bits are the millisecond, the rest random (74 bits, from
 * randomUUID's pool). Rows keyed or indexed by these ids are written near each other when they are
 * created near each other, and the rows a busy site touches are the recent ones.
 */
export const randomIds: IdGen = () => {
  const random = randomUUID();
  const ms = Date.now().toString(16).padStart(12, '0');
  return `${ms.slice(0, 8)}-${ms.slice(8)}-7${random.slice(15)}`;
};
