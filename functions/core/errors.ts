/**
 * The one error shape of the platform. Use cases throw these; `http/problem.ts` turns them into
 * RFC 9457 problem+json; the CLI prints them. Nothing else crosses a boundary as an error.
 */

/** A field-level detail, used by 400/422 answers and by validation reports. */
export interface ProblemDetail {
  /** Where: a JSON pointer, a query parameter, a column, or `file:row:field`. */
  readonly where: string;
  /** What is wrong, in one sentence. */
  readonly message: string;
  /** How to fix it. */
  readonly hint?: string;
  /**
   * The same facts in simplified Chinese, with the same names, numbers and positions, for a
   * department's data officer, an admin or a Chinese developer: every field error of the API and of
   * the manifest and dataset-folder checks carries it (a request schema's in the words of zod's zh-CN
   * locale: zod-zh.ts).
   */
  readonly zh?: { readonly message: string; readonly hint?: string };
}

/** A problem's detail (and hint) in simplified Chinese. */
export interface ProblemZh {
  readonly detail: string;
  readonly hint?: string;
}

export interface AppErrorInit {
  readonly detail: string;
  readonly hint?: string;
  readonly errors?: readonly ProblemDetail[];
  /**
   * `detail` and `hint` in simplified Chinese: the extension member `zh` of the problem. Required, so
   * that no problem is thrown without it; it names the same ids and numbers as `detail`
   * (test/integration/api-problems-zh.test.ts).
   */
  readonly zh: ProblemZh;
  /** Extra members safe to show to clients (e.g. `reason` of a withdrawal, `retryAfter`). */
  readonly extensions?: Readonly<Record<string, unknown>>;
  readonly cause?: unknown;
}

export class AppError extends Error {
  /** Stable machine-readable problem type slug (the `type` URI ends with it). */
  readonly slug: string;
  readonly status: number;
  readonly title: string;
  readonly detail: string;
  readonly hint?: string;
  readonly errors: readonly ProblemDetail[];
  readonly zh: ProblemZh;
  readonly extensions: Readonly<Record<string, unknown>>;

  constructor(slug: string, status: number, title: string, init: AppErrorInit) {
    super(init.detail, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'AppError';
    this.slug = slug;
    this.status = status;
    this.title = title;
    this.detail = init.detail;
    this.hint = init.hint;
    this.errors = init.errors ?? [];
    this.zh = init.zh;
    // The Chinese travels as an extension member, so problem+json and the CLI's --json carry it as is.
    this.extensions = { ...init.extensions, zh: init.zh };
  }

  toJSON(): Record<string, unknown> {
    return {
      slug: this.slug,
      status: this.status,
      title: this.title,
      detail: this.detail,
      ...(this.hint ? { hint: this.hint } : {}),
      ...(this.errors.length ? { errors: this.errors } : {}),
      ...this.extensions,
    };
  }
}

export const badRequest = (init: AppErrorInit) => new AppError('bad-request', 400, 'Bad request', init);
export const invalidQuery = (init: AppErrorInit) => new AppError('invalid-query', 400, 'Invalid query', init);
export const unauthorized = (init: AppErrorInit) => new AppError('unauthorized', 401, 'Authentication required', init);
export const forbidden = (init: AppErrorInit) => new AppError('forbidden', 403, 'Forbidden', init);
export const notFound = (init: AppErrorInit) => new AppError('not-found', 404, 'Not found', init);
export const conflict = (init: AppErrorInit) => new AppError('conflict', 409, 'Conflict', init);
export const gone = (init: AppErrorInit) => new AppError('gone', 410, 'Gone', init);
export const queryTimeout = (init: AppErrorInit) => new AppError('query-timeout', 408, 'Query took too long', init);
export const payloadTooLarge = (init: AppErrorInit) =>
  new AppError('payload-too-large', 413, 'Payload too large', init);
/** A request body in a media type the route does not read (e.g. a form where JSON is expected). */
export const unsupportedMediaType = (init: AppErrorInit) =>
  new AppError('unsupported-media-type', 415, 'Unsupported media type', init);
export const headersTooLarge = (init: AppErrorInit) =>
  new AppError('headers-too-large', 431, 'Request header fields too large', init);
export const unprocessable = (init: AppErrorInit) => new AppError('unprocessable', 422, 'Unprocessable content', init);
export const tooManyRequests = (init: AppErrorInit) => new AppError('rate-limited', 429, 'Too many requests', init);
/** A dependency the request needs (e.g. the API-key store) failed for now: the client should retry. */
export const serviceUnavailable = (init: AppErrorInit) => new AppError('unavailable', 503, 'Service unavailable', init);
export const releaseRefused = (init: AppErrorInit) =>
  new AppError('release-refused', 422, 'Release refused by the checks', init);
export const invalidManifest = (init: AppErrorInit) =>
  new AppError('invalid-manifest', 422, 'Invalid dataset manifest', init);

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;
