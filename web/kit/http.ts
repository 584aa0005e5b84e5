/**
 * The one way the pages call the API. Every answer that is not 2xx becomes an `ApiRequestError` read from
 * the API's one error shape (core/contracts/errors.ts). Response shapes are the server's zod contracts,
 * imported as types only by the callers: no validator ships to the browser.
 */
import type { ErrorResponse } from '../../core/contracts/errors.ts';

/** A non-2xx answer: HTTP status, the API's error code and message, and the offending field if named. */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ApiRequestError';
  }
}

// The session's CSRF token lives here rather than in session.ts so that requests can read it without an
// import cycle; session.ts is its only writer.
let csrf: string | null = null;

/** Replaces the CSRF token sent on unsafe methods; for session.ts only. */
export const setCsrfToken = (token: string | null) => {
  csrf = token;
};

/** The CSRF token of the current session, or null when there is none (yet). */
export const csrfToken = () => csrf;

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** sent as the JSON body (with `content-type: application/json`) */
  json?: unknown;
  /** extra headers, such as an idempotency key */
  headers?: Record<string, string>;
}

async function failure(res: Response): Promise<ApiRequestError> {
  // a proxy or a crash may answer with HTML or nothing: fall back to the status line
  const body = (await res.json().catch(() => null)) as Partial<ErrorResponse> | null;
  const error = body?.error;
  return new ApiRequestError(res.status, error?.code ?? `http_${res.status}`, error?.message ?? res.statusText, error?.field);
}

/**
 * Sends a request with the session cookie; unsafe methods carry `x-csrf-token` when a session is known.
 * Resolves to the response (read it as JSON, bytes, …) or throws `ApiRequestError`.
 *
 * @example
 * const bytes = await (await request('/api/layers/incidents')).arrayBuffer();
 */
export async function request(path: string, options: RequestOptions = {}): Promise<Response> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { ...options.headers };
  if (options.json !== undefined) headers['content-type'] = 'application/json';
  if (!SAFE_METHODS.has(method) && csrf) headers['x-csrf-token'] = csrf;
  const body = options.json === undefined ? undefined : JSON.stringify(options.json);
  const res = await fetch(path, { credentials: 'same-origin', method, headers, body });
  if (!res.ok) throw await failure(res);
  return res;
}

/**
 * `request` for JSON answers, typed by the caller with the contract's type; 204 resolves to null.
 *
 * @example
 * const me = await requestJson<MeResponse>('/api/auth/me');
 */
export async function requestJson<T>(path: string, options?: RequestOptions): Promise<T> {
  const res = await request(path, options);
  return (res.status === 204 ? null : await res.json()) as T;
}

/**
 * A query string of the parameters that have a value (undefined, null and '' are left out), without '?'.
 *
 * @example
 * query({ area: '210103', from: undefined, limit: 500 }) // 'area=210103&limit=500'
 */
export function query(params: Record<string, string | number | undefined | null>): string {
  const entries = Object.entries(params).filter((entry): entry is [string, string | number] => entry[1] !== undefined && entry[1] !== null && entry[1] !== '');
  return new URLSearchParams(entries.map(([key, value]) => [key, String(value)])).toString();
}

/**
 * `path` with the query of `params` appended, or `path` alone when no parameter has a value.
 *
 * @example
 * withQuery('/api/kpis', { area: undefined }) // '/api/kpis'
 */
export function withQuery(path: string, params: Record<string, string | number | undefined | null>): string {
  const q = query(params);
  return q ? `${path}?${q}` : path;
}

/**
 * A multipart upload (`multipart/form-data`, the browser sets the boundary) with the session cookie and
 * the CSRF token, answered as JSON; throws `ApiRequestError` like `request`.
 *
 * @example
 * const form = new FormData(); form.append('stage', 'report'); form.append('files', blob, 'photo.jpg');
 * await upload<{ items: Attachment[] }>(`/api/incidents/${id}/attachments`, form, { 'idempotency-key': key });
 */
export async function upload<T>(path: string, form: FormData, headers: Record<string, string> = {}): Promise<T> {
  const res = await fetch(path, { credentials: 'same-origin', method: 'POST', headers: { ...headers, ...(csrf ? { 'x-csrf-token': csrf } : {}) }, body: form });
  if (!res.ok) throw await failure(res);
  return (await res.json()) as T;
}
