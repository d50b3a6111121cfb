import { z } from 'zod';
import type { PublishedField } from '../catalog/schema.ts';
import { closestName } from './closest-name.ts';
import { QUERY_LIMITS } from './limits.ts';
import { parseExpression, parseGroupList, parseOrderList, parseSelectList } from './parser.ts';
import { queryError } from './query-error.ts';
import type { QueryRequest } from './query-request.ts';

/** SoQL parameters, plus `cursor`. */
export const SOQL_PARAMS = ['$select', '$where', '$order', '$group', '$having', '$limit', '$offset', '$q'] as const;

/** Parameters of the query endpoint that are not filters and not handled here. */
export const RESERVED_PARAMS = ['version', 'format', 'cursor'] as const;

/** `$$total=false` leaves a filtered query's count out (QueryRequest.total). */
export const TOTAL_PARAM = '$$total';

/** A text parameter of at most `max` characters. */
const textOf = (max: number) =>
  z
    .string()
    .max(
      max,
      max < QUERY_LIMITS.maxPostInputLength
        ? `is longer than ${max} characters. Send a long query as the JSON body of a POST (up to ${QUERY_LIMITS.maxPostInputLength} characters a parameter)`
        : `is longer than ${max} characters`,
    )
    .refine((s) => !s.includes('\0'), 'contains a NUL character')
    .refine((s) => s.isWellFormed(), 'contains ill-formed Unicode');

/** A count from `min` to `max`: a negative one is out of range (`at least`), not a malformed number. */
const count = (min: number, max: number, hint: string) =>
  z
    .string()
    .regex(/^-?[0-9]{1,9}$/, 'must be a whole number')
    .transform(Number)
    .pipe(
      z
        .number()
        .min(min, { message: `must be at least ${min}` })
        .max(max, { message: `must be at most ${max}. ${hint}` }),
    );

const paramsSchema = (text: ReturnType<typeof textOf>) =>
  z.strictObject({
    $select: text.optional(),
    $where: text.optional(),
    $order: text.optional(),
    $group: text.optional(),
    $having: text.optional(),
    $q: text.optional(),
    $limit: count(1, QUERY_LIMITS.maxLimit, 'Page through larger answers with the `next` link.').optional(),
    $offset: count(
      0,
      QUERY_LIMITS.maxOffset,
      'Page deeper with the `next` link (cursor), which has no limit.',
    ).optional(),
    cursor: z.string().max(8_000, 'is too long').optional(),
  });
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
          `must be true or false, not "${value.slice(0, 40)}"`,
          'Write $$total=false to leave the count out.',
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
        `unknown query parameter ${name}`,
        `${guess ? `Did you mean ${guess}? ` : ''}Parameters: ${SOQL_PARAMS.join(', ')}.`,
      );
    }
    if (!fieldNames.includes(name)) {
      const guess = closestName(name, fieldNames);
      throw queryError(
        name,
        `unknown column \`${name}\` (a parameter without $ filters on a column)`,
        guess ? `Did you mean \`${guess}\`?` : `Columns: ${fieldNames.slice(0, 30).join(', ')}.`,
      );
    }
    const checked = text.safeParse(value);
    if (!checked.success) {
      const [message, ...hint] = (checked.error.issues[0]?.message ?? 'is invalid').split('. ');
      throw queryError(name, message ?? 'is invalid', hint.length ? hint.join('. ') : undefined);
    }
    filters.push({ column: name, value });
  }

  const parsed = schema.safeParse(soql);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = String(issue.path[0] ?? 'query');
    const [message, ...hint] = issue.message.split('. ');
    throw queryError(where, message ?? 'is invalid', hint.length ? hint.join('. ') : undefined);
  }
  const p = parsed.data;
  if (p.cursor !== undefined && p.$offset !== undefined) {
    throw queryError(
      'cursor',
      'cannot be combined with $offset',
      'Follow the `next` link alone: it already knows where to resume.',
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
    throw queryError('$q', `has more than ${QUERY_LIMITS.maxSearchTerms} terms`, 'Search with fewer words.');
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
      'must be a JSON object',
      'Send {"$where": "…", "$limit": 10} with Content-Type: application/json.',
    );
  }
  const reserved = new Set<string>(RESERVED_PARAMS);
  const params: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(body)) {
    const v = BodyValue.safeParse(value);
    if (!v.success) throw queryError(name, 'must be a string, a number or a boolean');
    if (v.data !== null) params[name] = String(v.data);
    else if (!name.startsWith('$') && !reserved.has(name)) {
      const column = /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : `\`${name}\``;
      throw queryError(
        name,
        'cannot be null: a filter keeps the rows equal to a value',
        `Keep the rows where ${name} has no value with $where=${column} IS NULL; leave a parameter out by omitting it.`,
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
    `is given twice with different values: ${JSON.stringify(u)} in the URL and ${JSON.stringify(b)} in the body`,
    'Give it once, in the URL or in the body.',
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
