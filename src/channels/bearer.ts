import type { FastifyRequest } from 'fastify';

/** The token from `Authorization: Bearer …`, or undefined. */
export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer\s+(\S{1,256})$/i.exec(header);
  return match?.[1];
}
