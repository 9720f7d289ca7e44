// Wire shapes of contract/http-api.md. Response schemas also strip anything not listed.
import { z } from 'zod';
import { ERROR_CODES, type ErrorCode } from '../errors.js';
import { INTENTS, ROLES } from '../understanding/vocabulary.js';

/** Every error Parley answers with: one of errors.ts's codes (also listed in /openapi.json) and a sentence. */
export const ErrorBody = z.object({ error: z.object({ code: z.enum(Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]]), message: z.string() }) });

/** Ids are ours (UUIDs in production); anything else is rejected before a lookup. */
export const ResourceId = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'not a valid id');

export const Message = z.object({
  id: z.string(),
  from: z.enum(['user', 'bot', 'agent', 'system']),
  text: z.string(),
  createdAt: z.string(),
  quickReplies: z.array(z.string()).optional(),
  agent: z.string().optional(),
});

export const State = z.object({
  role: z.enum(ROLES),
  intent: z.enum(INTENTS).nullable(),
  awaiting: z.string().nullable(),
  collected: z.record(z.string(), z.string()),
  handoff: z.enum(['none', 'queued', 'assigned', 'resolved']),
});

/** A visitor's message: 1..2000 characters, not only white space. */
export const MessageText = z.string().max(2000, 'text must be at most 2000 characters')
  .refine((t) => t.trim().length > 0, 'text must not be empty');

export const errorResponses = { 400: ErrorBody, 401: ErrorBody, 404: ErrorBody, 409: ErrorBody, 413: ErrorBody, 415: ErrorBody, 429: ErrorBody, 500: ErrorBody, 503: ErrorBody };
