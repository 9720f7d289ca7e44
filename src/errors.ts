// Every failure Parley reports has a stable code. HTTP status and public message are mapped in one
// place (channels/error-handler.ts); 5xx text never leaves the process.

export const ERROR_CODES = {
  bad_request: 400,
  validation_failed: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  // The panel, as seen from our side of the wire (panel-api.md §3.2). Visitors never see upstream text.
  panel_unavailable: 503,
  panel_timeout: 504,
  panel_auth: 502,
  panel_rate_limited: 503,
  panel_rejected: 502,
  panel_bad_response: 502,
  service_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export class AppError extends Error {
  readonly httpStatus: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: ErrorOptions & { httpStatus?: number },
  ) {
    super(message, options);
    this.name = new.target.name;
    this.httpStatus = options?.httpStatus ?? ERROR_CODES[code];
  }
}

export const notFound = (what: string) => new AppError('not_found', `${what} not found`);
export const unauthorized = () => new AppError('unauthorized', 'missing or invalid credentials');
