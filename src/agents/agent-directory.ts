// Support agents and their bearer tokens. A token is shown once when made and stored only as a
// SHA-256 hash; revocation takes effect on the next request, on every instance (nothing is cached).
// An agent is identified by its login name everywhere (the agent API, the console, the stored
// events); visitors see its display name when it has one.
import type { Clock } from '../clock.js';
import { AppError } from '../errors.js';
import { hashToken, newToken, tokenMatches } from '../security/tokens.js';
import type { AgentStore } from '../storage/port.js';

export const AgentName = /^[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}$/;

/** An agent as a request signed in with its token knows it. */
export interface SignedInAgent {
  name: string;
  displayName: string | null;
}

/** The name a visitor sees for this agent. */
export const shownName = (agent: SignedInAgent): string => agent.displayName ?? agent.name;

const DISPLAY_NAME_MAX = 64;
// Control, format (bidi overrides, invisible characters), private-use and unassigned characters,
// and line or paragraph separators: none belongs in a name shown on one line to a visitor.
const UNSHOWABLE = /[\p{C}\p{Zl}\p{Zp}]/u;

/** The display name as stored (trimmed), or a validation error. */
export function parseDisplayName(raw: string): string {
  const name = raw.trim();
  const length = [...name].length;
  if (length === 0 || length > DISPLAY_NAME_MAX || UNSHOWABLE.test(name)) {
    throw new AppError('validation_failed', `a display name is 1-${DISPLAY_NAME_MAX} characters, without control or invisible characters`);
  }
  return name;
}

export interface AgentDirectory {
  /**
   * Creates the agent, or gives an existing one a new token (the old one stops working). A display
   * name given replaces the agent's; none given keeps it.
   */
  issueToken(name: string, displayName?: string): Promise<string>;
  revoke(name: string): Promise<boolean>;
  /** Sets (null: clears, so visitors see the login name) the display name; false for an unknown agent. */
  setDisplayName(name: string, displayName: string | null): Promise<boolean>;
  /** The agent, or undefined for an unknown or revoked token. */
  authenticate(token: string | undefined): Promise<SignedInAgent | undefined>;
  list(): Promise<{ name: string; displayName: string | null; createdAt: string; revoked: boolean }[]>;
}

export function createAgentDirectory(store: AgentStore, clock: Clock): AgentDirectory {
  return {
    async issueToken(name, displayName) {
      if (!AgentName.test(name)) throw new AppError('validation_failed', 'an agent name is 1-64 letters, digits, spaces, dots, dashes or underscores');
      const shown = displayName === undefined ? undefined : parseDisplayName(displayName);
      const token = newToken('agent');
      await store.upsert(name, hashToken(token), clock().toISOString(), shown);
      return token;
    },
    // The hash is replaced by random bytes so the revoked token can never match again.
    revoke: (name) => store.revoke(name, clock().toISOString(), hashToken(newToken('agent'))),
    setDisplayName: async (name, displayName) => store.setDisplayName(name, displayName === null ? null : parseDisplayName(displayName)),
    async authenticate(token) {
      if (!token) return undefined;
      const agent = await store.byTokenHash(hashToken(token));
      return agent && tokenMatches(token, agent.tokenHash) ? { name: agent.name, displayName: agent.displayName } : undefined;
    },
    list: () => store.list(),
  };
}
