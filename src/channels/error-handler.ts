// The one place errors become HTTP answers: {"error":{"code","message"}}. Client errors say what
// was wrong; server errors say nothing but a reference (no stack, SQL or upstream text).
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, ERROR_CODES, type ErrorCode } from '../errors.js';

const FASTIFY_CODES: Record<string, { code: ErrorCode; message: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'payload_too_large', message: 'the request body is too large' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: 'unsupported_media_type', message: 'send application/json' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { code: 'bad_request', message: 'the content length does not match the body' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'bad_request', message: 'the JSON body is empty' },
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'bad_request', message: 'the body is not valid JSON' },
};

export interface PublicError {
  status: number;
  code: ErrorCode;
  message: string;
}

export function toPublicError(err: FastifyError | AppError | Error, requestId: string): PublicError {
  if (err instanceof AppError) {
    return err.httpStatus >= 500
      ? { status: err.httpStatus, code: err.code, message: serverMessage(err.httpStatus, requestId) }
      : { status: err.httpStatus, code: err.code, message: err.message };
  }
  if (hasZodFastifySchemaValidationErrors(err)) {
    const issues = err.validation.map((v) => `${v.instancePath.replace(/^\//, '').replaceAll('/', '.') || err.validationContext}: ${v.message}`);
    return { status: 400, code: 'validation_failed', message: issues.join('; ').slice(0, 500) };
  }
  const fastifyCode = 'code' in err ? FASTIFY_CODES[String(err.code)] : undefined;
  if (fastifyCode) return { status: ERROR_CODES[fastifyCode.code], ...fastifyCode };
  // SyntaxError from the JSON parser carries statusCode 400 without one of the codes above.
  const status = 'statusCode' in err && typeof err.statusCode === 'number' ? err.statusCode : 500;
  if (status === 429) return { status, code: 'rate_limited', message: err.message };
  if (status >= 400 && status < 500) return { status, code: 'bad_request', message: 'the request could not be read' };
  return { status: 500, code: 'internal', message: serverMessage(500, requestId) };
}

const serverMessage = (status: number, requestId: string) =>
  status === 503 || status === 504
    ? `the service is temporarily unavailable; please try again shortly (reference ${requestId})`
    : `something went wrong on our side (reference ${requestId})`;

export function errorHandler(err: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const error = toPublicError(err, String(request.id));
  if (error.status >= 500) request.log.error({ err }, 'request failed');
  else request.log.info({ code: error.code, status: error.status }, 'request rejected');
  return reply.status(error.status).send({ error: { code: error.code, message: error.message } });
}

export function notFoundHandler(request: FastifyRequest, reply: FastifyReply) {
  return reply.status(404).send({ error: { code: 'not_found', message: 'there is nothing at this address' } });
}
