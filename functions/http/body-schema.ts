import type { z } from 'zod';
import { badRequest } from '../core/errors.ts';
import { issueWhere, safeParseBilingual } from '../core/zod-zh.ts';

/** At most this many field errors in one answer: a body of 500 wrong items is not 500 lines of errors. */
const MAX_ERRORS = 20;

const FIX_LISTED = { en: 'fix the fields listed in errors', zh: '请逐项修正 errors 中列出的字段' };

/**
 * A request body checked against its route's schema; a failure is one 400 with a detail per field
 * (`where: body.<path>`), each in English and, as zod's zh-CN locale says it, in Chinese. `hint` says what
 * a good body looks like, where a route has more to say than "fix the fields listed".
 */
export function parseBody<S extends z.ZodType>(
  schema: S,
  body: unknown,
  hint: { readonly en: string; readonly zh: string } = FIX_LISTED,
): z.output<S> {
  const r = safeParseBilingual(schema, body);
  if (r.success) return r.data;
  throw badRequest({
    detail: 'the request body is not valid',
    hint: hint.en,
    zh: { detail: '请求体不符合要求', hint: hint.zh },
    errors: r.issues.slice(0, MAX_ERRORS).map((i) => ({
      where: issueWhere('body', i),
      message: i.message,
      zh: { message: i.zh },
    })),
  });
}
