import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ZodError } from 'zod';
import type { ErrorResponse } from '../../core/contracts/errors.ts';
import { logger } from '../../core/log.ts';

/**
 * An error a client can act on. Thrown anywhere in a handler, it becomes the one JSON error shape.
 *
 * @example
 * throw new ApiError(400, 'invalid_bbox', 'bbox needs four numbers', 'bbox');
 */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

const body = (code: string, message: string, field?: string): ErrorResponse => ({
  error: field === undefined ? { code, message } : { code, message, field },
});

export function zodErrorResponse(c: Context, error: ZodError) {
  const issue = error.issues[0];
  const field = issue?.path.join('.') || undefined;
  const message = field ? `${field}: ${issue!.message}` : (issue?.message ?? 'invalid request');
  return c.json(body('invalid_request', message, field), 400);
}

export const onError: ErrorHandler = (error, c) => {
  if (error instanceof ApiError) return c.json(body(error.code, error.message, error.field), error.status);
  if (error instanceof ZodError) return zodErrorResponse(c, error);
  if (error instanceof HTTPException) {
    const status = error.status as ContentfulStatusCode;
    return c.json(body(status === 413 ? 'payload_too_large' : 'http_error', error.message || 'request refused'), status);
  }
  // PostgreSQL "data exception" (class 22: a malformed or out-of-range date, number, text …) can only
  // come from a value the client sent that a contract let through: a 400, not a 500 (and logged, so the
  // contract gets tightened)
  const sqlState = (error as { code?: unknown; cause?: { code?: unknown } }).code ?? (error as { cause?: { code?: unknown } }).cause?.code;
  if (typeof sqlState === 'string' && /^22[0-9A-Z]{3}$/.test(sqlState)) {
    logger.warn('data exception from a request value', { requestId: c.get('requestId'), sqlState, error: String(error) });
    return c.json(body('invalid_value', 'a value in the request is malformed or out of range'), 400);
  }
  logger.error('unhandled error', { requestId: c.get('requestId'), error: String((error as Error).stack ?? error) });
  return c.json(body('internal', 'internal server error'), 500);
};

export const onNotFound: NotFoundHandler = (c) => c.json(body('not_found', `no route for ${c.req.method} ${c.req.path}`), 404);
