// Domain code never calls Date.now() or randomUUID() itself: both are injected, so scripted
// conversations replay exactly.
import { randomUUID } from 'node:crypto';

export type Clock = () => Date;
export type IdGen = () => string;

export const systemClock: Clock = () => new Date();
export const randomIds: IdGen = () => randomUUID();
