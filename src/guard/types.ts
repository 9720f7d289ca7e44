// Shapes shared by the guard's rules and its entry point. Kept free of logic so rules stay plain data.

/** What a reply may legitimately draw on: panel facts, service rules, the visitor's words, article text. */
export interface GuardContext {
  readonly facts: readonly string[];
  /**
   * Names quoted verbatim from panel data ("Instagram Followers [Refill 30d]"). They are the
   * panel's words, not the bot's claims, so they are set aside before the rules read the reply.
   * Never the visitor's text: a visitor must not be able to whitelist a promise by typing it.
   */
  readonly quoted?: readonly string[];
}

/** The reply as every rule sees it: prepared once per check, so rules never repeat the work. */
export interface GuardInput {
  /** The reply exactly as written (Unicode-normalised), for rules that care about case or digits. */
  readonly raw: string;
  /** Lower-cased, contractions expanded, reassurance idioms neutralised (see normalise.ts). */
  readonly text: string;
  readonly facts: FactIndex;
}

/** Facts pre-digested for lookups. */
export interface FactIndex {
  /** Canonical numbers found in the facts (see numbers.ts). */
  readonly numbers: ReadonlySet<string>;
  /** All facts joined and lower-cased, for verbatim identifier lookups. */
  readonly text: string;
}

/** One named rule. `test` returns the evidence (short excerpts); an empty list means the rule passes. */
export interface GuardRule {
  readonly id: string;
  readonly description: string;
  readonly test: (input: GuardInput) => readonly string[];
}

/** A rule that fired, with a short excerpt. Secret evidence is never echoed: it is described instead. */
export interface GuardViolation {
  readonly ruleId: string;
  readonly evidence: string;
}
