import { z } from 'zod';
import type { PublishedField } from '../catalog/schema.ts';
import { closestName } from './closest-name.ts';
import { QUERY_LIMITS } from './limits.ts';
import { parseExpression, parseGroupList, parseOrderList, parseSelectList } from './parser.ts';
import { type QueryText, queryError } from './query-error.ts';
import type { QueryRequest } from './query-request.ts';

/** SoQL parameters, plus `cursor`. */
export const SOQL_PARAMS = ['$select', '$where', '$order', '$group', '$having', '$limit', '$offset', '$q'] as const;

/** Parameters of the query endpoint that are not filters and not handled here. */
export const RESERVED_PARAMS = ['version', 'format', 'cursor'] as const;

/** `$$total=false` leaves a filtered query's count out (QueryRequest.total). */
export const TOTAL_PARAM = '$$total';

/** The refinements of a text parameter, by the message zod records (`paramProblem` words them). */
const NUL = 'nul';
const ILL_FORMED = 'ill-formed';

/** A text parameter of at most `max` characters. */
const textOf = (max: number) =>
  z
    .string()
    .max(max)
    .refine((s) => !s.includes('\0'), NUL)
    .refine((s) => s.isWellFormed(), ILL_FORMED);

/** A count from `min` to `max`: a negative one is out of range (`at least`), not a malformed number. */
const count = (min: number, max: number) =>
  z
    .string()
    .regex(/^-?[0-9]{1,9}$/)
    .transform(Number)
    .pipe(z.number().min(min).max(max));

/** What to do about a count above its maximum, by parameter. */
const TOO_LARGE_HINTS: Readonly<Record<string, { en: string; zh: string }>> = {
  $limit: { en: 'Page through larger answers with the `next` link.', zh: '更大的结果请用 `next` 链接分页获取。' },
  $offset: {
    en: 'Page deeper with the `next` link (cursor), which has no limit.',
    zh: '要翻到更后面的页，请用 `next` 链接（游标），它没有这个上限。',
  },
};

const paramsSchema = (text: ReturnType<typeof textOf>) =>
  z.strictObject({
    $select: text.optional(),
    $where: text.optional(),
    $order: text.optional(),
    $group: text.optional(),
    $having: text.optional(),
    $q: text.optional(),
    $limit: count(1, QUERY_LIMITS.maxLimit).optional(),
    $offset: count(0, QUERY_LIMITS.maxOffset).optional(),
    cursor: z.string().max(8_000).optional(),
  });

/**
 * The 400 of a parameter zod refused, in English and Chinese: too long (a GET is told to POST), NUL,
 * ill-formed Unicode, not a whole number, out of range.
 */
const paramProblem = (where: string, issue: z.core.$ZodIssue) => {
  const words = (en: QueryText, zh: QueryText) => queryError(where, en, zh);
  if (issue.code === 'too_big' && issue.origin === 'string') {
    const max = Number(issue.maximum);
    if (where === 'cursor') return words({ message: 'is too long' }, { message: '太长' });
    const post = QUERY_LIMITS.maxPostInputLength;
    return max < post
      ? queryError(
          where,
          {
            message: `is longer than ${max} characters`,
            hint: `Send a long query as the JSON body of a POST (up to ${post} characters a parameter)`,
          },
          {
            message: `超过 ${max} 个字符`,
            hint: `较长的查询请放在 POST 请求的 JSON 请求体中发送（每个参数最多 ${post} 个字符）`,
          },
        )
      : words({ message: `is longer than ${max} characters` }, { message: `超过 ${max} 个字符` });
  }
  if (issue.code === 'custom' && issue.message === NUL) {
    return words({ message: 'contains a NUL character' }, { message: '含有 NUL 字符' });
  }
  if (issue.code === 'custom' && issue.message === ILL_FORMED) {
    return words({ message: 'contains ill-formed Unicode' }, { message: '含有不合法的 Unicode' });
  }
  if (issue.code === 'invalid_format') {
    return words({ message: 'must be a whole number' }, { message: '必须是整数' });
  }
  if (issue.code === 'too_small') {
    return words({ message: `must be at least ${issue.minimum}` }, { message: `不能小于 ${issue.minimum}` });
  }
  if (issue.code === 'too_big') {
    const hint = TOO_LARGE_HINTS[where];
    return words(
      { message: `must be at most ${issue.maximum}`, ...(hint ? { hint: hint.en } : {}) },
      { message: `不能大于 ${issue.maximum}`, ...(hint ? { hint: hint.zh } : {}) },
    );
  }
  return words({ message: 'is invalid' }, { message: '无效' });
};
/** The text schema and the whole parameters' schema of a GET or a POST, built from one `textOf`. */
const paramsFor = (text: ReturnType<typeof textOf>) => ({ text, schema: paramsSchema(text) });
const GET_PARAMS = paramsFor(textOf(QUERY_LIMITS.maxInputLength));
const POST_PARAMS = paramsFor(textOf(QUERY_LIMITS.maxPostInputLength));

export interface ParseOptions {
  /** Extra non-filter parameter names the endpoint uses (besides RESERVED_PARAMS). */
  readonly reserved?: readonly string[];
  /** The query came as a POST body: text parameters may be up to `maxPostInputLength` characters. */
  readonly posted?: boolean;
}

/**
 * Reads the Query API parameters from a query-string record: SoQL `$…` parameters, `cursor`, and any
 * other name as a `column=value` equality filter. Parses every expression; throws a 400 naming the
 * parameter at fault. Column names and types are checked later, by the compiler.
 */
export const parseQueryParams = (
  params: Readonly<Record<string, string | undefined>>,
  fields: readonly PublishedField[],
  primaryKey: readonly string[],
  options: ParseOptions = {},
): QueryRequest => {
  const reserved = new Set<string>([...RESERVED_PARAMS, ...(options.reserved ?? [])]);
  const { text, schema } = options.posted ? POST_PARAMS : GET_PARAMS;
  const known = new Set<string>([...SOQL_PARAMS, 'cursor']);
  const fieldNames = fields.map((f) => f.name);
  const soql: Record<string, string> = {};
  const filters: { column: string; value: string }[] = [];
  let total: boolean | undefined;

  for (const [name, value] of Object.entries(params)) {
    if (value === undefined) continue;
    if (known.has(name)) {
      // An empty parameter (`$where=`) means "not given", as in Socrata.
      if (value.trim() !== '' || name === 'cursor' || name === '$limit' || name === '$offset') soql[name] = value;
      continue;
    }
    if (name === TOTAL_PARAM) {
      if (value !== 'true' && value !== 'false') {
        throw queryError(
          name,
          {
            message: `must be true or false, not "${value.slice(0, 40)}"`,
            hint: 'Write $$total=false to leave the count out.',
          },
          {
            message: `必须是 true 或 false，而不是 "${value.slice(0, 40)}"`,
            hint: '写 $$total=false 可以不计算总数。',
          },
        );
      }
      total = value === 'true';
      continue;
    }
    // Other `$$` names are Socrata's system parameters ($$app_token…): accepted and ignored.
    if (name.startsWith('$$') || reserved.has(name)) continue;
    if (name.startsWith('$')) {
      const guess = closestName(name, SOQL_PARAMS);
      throw queryError(
        name,
        {
          message: `unknown query parameter ${name}`,
          hint: `${guess ? `Did you mean ${guess}? ` : ''}Parameters: ${SOQL_PARAMS.join(', ')}.`,
        },
        {
          message: `未知的查询参数 ${name}`,
          hint: `${guess ? `是不是要写 ${guess}？` : ''}可用的参数：${SOQL_PARAMS.join('、')}。`,
        },
      );
    }
    if (!fieldNames.includes(name)) {
      const guess = closestName(name, fieldNames);
      throw queryError(
        name,
        {
          message: `unknown column \`${name}\` (a parameter without $ filters on a column)`,
          hint: guess ? `Did you mean \`${guess}\`?` : `Columns: ${fieldNames.slice(0, 30).join(', ')}.`,
        },
        {
          message: `未知的列 \`${name}\`（不带 $ 的参数按列筛选）`,
          hint: guess ? `是不是要写 \`${guess}\`？` : `可用的列：${fieldNames.slice(0, 30).join('、')}。`,
        },
      );
    }
    const checked = text.safeParse(value);
    if (!checked.success) throw paramProblem(name, checked.error.issues[0]!);
    filters.push({ column: name, value });
  }

  const parsed = schema.safeParse(soql);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw paramProblem(String(issue.path[0] ?? 'query'), issue);
  }
  const p = parsed.data;
  if (p.cursor !== undefined && p.$offset !== undefined) {
    throw queryError(
      'cursor',
      {
        message: 'cannot be combined with $offset',
        hint: 'Follow the `next` link alone: it already knows where to resume.',
      },
      { message: '不能与 $offset 同时使用', hint: '只用 `next` 链接即可：它已经记下了从哪里继续。' },
    );
  }

  const select = p.$select !== undefined ? parseSelectList(p.$select, '$select') : null;
  return {
    select: select?.items ?? null,
    distinct: select?.distinct ?? false,
    where: p.$where !== undefined ? parseExpression(p.$where, '$where') : null,
    order: p.$order !== undefined ? parseOrderList(p.$order, '$order') : [],
    group: p.$group !== undefined ? parseGroupList(p.$group, '$group') : [],
    having: p.$having !== undefined ? parseExpression(p.$having, '$having') : null,
    filters,
    search: p.$q !== undefined ? searchTerms(p.$q) : [],
    limit: p.$limit ?? QUERY_LIMITS.defaultLimit,
    offset: p.$offset ?? 0,
    cursor: p.cursor ?? null,
    primaryKey,
    ...(total !== undefined ? { total } : {}),
  };
};

/** `$q` terms: split on any Unicode whitespace (the ideographic space included). */
const searchTerms = (q: string): string[] => {
  const terms = q.split(/\s+/u).filter((t) => t.length > 0);
  if (terms.length > QUERY_LIMITS.maxSearchTerms) {
    throw queryError(
      '$q',
      { message: `has more than ${QUERY_LIMITS.maxSearchTerms} terms`, hint: 'Search with fewer words.' },
      { message: `超过 ${QUERY_LIMITS.maxSearchTerms} 个搜索词`, hint: '请减少搜索词。' },
    );
  }
  return terms;
};

const BodyValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/**
 * A POST body as the query-string record it stands for (what `parseQueryParams` reads, and what a
 * `next` link carries): a JSON object with the same names as the query string (`{"$where": "…",
 * "$limit": 10, "district": "东城区"}`), numbers and booleans as their text. `null` leaves out a `$`
 * parameter, `version`, `format` or `cursor` (as an empty `$where=` does), but is no value a column
 * filter can compare with: it is refused, never dropped. Throws a 400 naming the member at fault.
 */
export const bodyParams = (body: unknown): Record<string, string | undefined> => {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw queryError(
      'body',
      {
        message: 'must be a JSON object',
        hint: 'Send {"$where": "…", "$limit": 10} with Content-Type: application/json.',
      },
      {
        message: '必须是 JSON 对象',
        hint: '请以 Content-Type: application/json 发送 {"$where": "…", "$limit": 10}。',
      },
    );
  }
  const reserved = new Set<string>(RESERVED_PARAMS);
  const params: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(body)) {
    const v = BodyValue.safeParse(value);
    if (!v.success) {
      throw queryError(
        name,
        { message: 'must be a string, a number or a boolean' },
        { message: '必须是字符串、数字或布尔值' },
      );
    }
    if (v.data !== null) params[name] = String(v.data);
    else if (!name.startsWith('$') && !reserved.has(name)) {
      const column = /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : `\`${name}\``;
      throw queryError(
        name,
        {
          message: 'cannot be null: a filter keeps the rows equal to a value',
          hint: `Keep the rows where ${name} has no value with $where=${column} IS NULL; leave a parameter out by omitting it.`,
        },
        {
          message: '不能为 null：筛选条件保留等于某个值的行',
          hint: `要保留 ${name} 没有值的行，请用 $where=${column} IS NULL；不需要的参数直接省略即可。`,
        },
      );
    }
  }
  return params;
};

/** A POST's URL gives the position as a `next` link does: it replaces the body's. */
const POSITION_PARAMS: readonly string[] = ['cursor', '$offset'];

/**
 * One parameter of a POST: from its URL, its body, or both with the same value (a POST to a `next`
 * link repeats the body's query in the URL). A URL `version` replaces a body's `latest`: a `next`
 * link pins the version it continues. Two different values are a 400 naming the parameter.
 */
export const postedParam = (
  name: string,
  url: Readonly<Record<string, string | undefined>>,
  body: Readonly<Record<string, string | undefined>>,
): string | undefined => {
  const [u, b] = [url[name], body[name]];
  if (u === undefined || b === undefined || u === b) return u ?? b;
  if (name === 'version' && b === 'latest') return u;
  throw queryError(
    name,
    {
      message: `is given twice with different values: ${JSON.stringify(u)} in the URL and ${JSON.stringify(b)} in the body`,
      hint: 'Give it once, in the URL or in the body.',
    },
    {
      message: `给了两次且值不同：URL 中是 ${JSON.stringify(u)}，请求体中是 ${JSON.stringify(b)}`,
      hint: '请只给一次，放在 URL 或请求体中。',
    },
  );
};

/**
 * `postedParam`, and where its value is (`query.<name>`, or `body.<name>` when only the body gives it),
 * for a problem's `errors[].where`: what a handler needs before the query is parsed (the query API's
 * `version` and `format`, the SQL API's `format`).
 */
export const locatedParam = (
  name: string,
  url: Readonly<Record<string, string | undefined>>,
  body: Readonly<Record<string, string | undefined>>,
): { value: string | undefined; where: string } => ({
  value: postedParam(name, url, body),
  where: `${url[name] === undefined && body[name] !== undefined ? 'body' : 'query'}.${name}`,
});

/**
 * The query of a POST: its body's parameters with its URL's (filters, `$` parameters, `version`,
 * `format`), each given once or with one value (`postedParam`). The URL's position (`cursor` or
 * `$offset`, as in a `next` link) replaces the body's.
 */
export const mergePostParams = (
  url: Readonly<Record<string, string | undefined>>,
  body: Readonly<Record<string, string | undefined>>,
): Record<string, string | undefined> => {
  const positioned = POSITION_PARAMS.some((name) => url[name] !== undefined);
  const merged = Object.fromEntries(
    Object.entries(body).filter(([name]) => !(positioned && POSITION_PARAMS.includes(name))),
  );
  for (const [name, value] of Object.entries(url)) {
    if (value === undefined) continue;
    merged[name] = POSITION_PARAMS.includes(name) ? value : postedParam(name, url, body);
  }
  return merged;
};
