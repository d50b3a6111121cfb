import type { z } from 'zod';
import { badRequest } from '../core/errors.ts';

/** Parses a request body with a zod schema; failures become one 400 with a detail per field. */
export function parseOrBadRequest<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const r = schema.safeParse(body ?? {});
  if (r.success) return r.data;
  throw badRequest({
    detail: 'the request body is not valid',
    hint: 'fix the fields listed in errors',
    errors: r.error.issues.slice(0, 20).map((i) => ({
      where: `body${i.path.length ? `.${i.path.join('.')}` : ''}`,
      message: i.message,
    })),
  });
}
