// Support agents and their bearer tokens. A token is shown once when made and stored only as a
// SHA-256 hash; revocation takes effect on the next request, on every instance (nothing is cached).
import type { Clock } from '../clock.js';
import { AppError } from '../errors.js';
import { hashToken, newToken, tokenMatches } from '../security/tokens.js';
import type { AgentStore } from '../storage/port.js';

export const AgentName = /^[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}$/;

export interface AgentDirectory {
  /** Creates the agent, or gives an existing one a new token (the old one stops working). */
  issueToken(name: string): Promise<string>;
  revoke(name: string): Promise<boolean>;
  /** The agent's name, or undefined for an unknown or revoked token. */
  authenticate(token: string | undefined): Promise<string | undefined>;
  list(): Promise<{ name: string; createdAt: string; revoked: boolean }[]>;
}

export function createAgentDirectory(store: AgentStore, clock: Clock): AgentDirectory {
  return {
    async issueToken(name) {
      if (!AgentName.test(name)) throw new AppError('validation_failed', 'an agent name is 1-64 letters, digits, spaces, dots, dashes or underscores');
      const token = newToken('agent');
      await store.upsert(name, hashToken(token), clock().toISOString());
      return token;
    },
    // The hash is replaced by random bytes so the revoked token can never match again.
    revoke: (name) => store.revoke(name, clock().toISOString(), hashToken(newToken('agent'))),
    async authenticate(token) {
      if (!token) return undefined;
      const agent = await store.byTokenHash(hashToken(token));
      return agent && tokenMatches(token, agent.tokenHash) ? agent.name : undefined;
    },
    list: () => store.list(),
  };
}
