import { z } from 'zod';
import { explainIssues, isDefaultMessage, sizeMessage } from './manifest/explain-issue.ts';
import { schemaMessageZh } from './manifest/schema-zh.ts';
import { closestName } from './query/closest-name.ts';

/** zod 4's own simplified-Chinese messages (its zh-CN locale), used as a per-parse error map. */
const ZH_CN: z.core.$ZodErrorMap = z.locales.zhCN().localeError;

/** A zod issue with its message in simplified Chinese beside zod's English one. */
export type BilingualIssue = z.core.$ZodIssue & { readonly zh: string };

export type BilingualParse<T> =
  | { readonly success: true; readonly data: T }
  | { readonly success: false; readonly issues: readonly BilingualIssue[] };

/**
 * Parses `input` with `schema`; on failure each issue has an English `message` and its Chinese `zh`.
 * Unknown members, sizes, wrong types and values outside an enum are worded here, with the member,
 * the value received and a near miss (`unknownNames`, `sizeWords`, `typeWords`). Any other issue has
 * zod's English and, as `zh`, the message zod's zh-CN locale writes for it: from a second parse of the
 * same input with the locale as the per-parse error map (a finished issue no longer holds its input,
 * which the locale needs to say what it received), run only when such an issue is there. A message the
 * schema wrote itself outranks any error map and comes back in English from both parses: its Chinese is
 * the one the schema registered with `bilingual()` or gave in `params.zh` (manifest/schema-zh.ts),
 * else the English as written.
 */
export function safeParseBilingual<S extends z.ZodType>(schema: S, input: unknown): BilingualParse<z.output<S>> {
  const en = schema.safeParse(input);
  if (en.success) return { success: true, data: en.data };
  let zhIssues: readonly z.core.$ZodIssue[] | undefined;
  const twin = (i: number) => {
    zhIssues ??= schema.safeParse(input, { error: ZH_CN }).error?.issues ?? [];
    return zhIssues[i];
  };
  return {
    success: false,
    issues: en.error.issues.map((issue, i) => {
      if (issue.code === 'unrecognized_keys')
        return { ...issue, ...unknownNames(issue.keys, membersAt(schema, issue.path), 'member') };
      const worded = sizeWords(issue) ?? typeWords(issue, input, schema);
      return worded ? { ...issue, ...worded } : { ...issue, zh: issueZh(issue, twin(i)) };
    }),
  };
}

/** What a refused name is: a member of a JSON body (quoted, as JSON writes it) or a query parameter (bare). */
export type UnknownNameKind = 'member' | 'parameter';

const NAME_WORDS: Record<
  UnknownNameKind,
  { en: string; zh: string; quote: (k: string) => string; zhQuote: (k: string) => string }
> = {
  member: { en: 'member', zh: '成员', quote: (k) => JSON.stringify(k), zhQuote: (k) => `“${k}”` },
  parameter: { en: 'parameter', zh: '参数', quote: (k) => k, zhQuote: (k) => k },
};

/**
 * Names a request does not take, said with the names it does take and, for a near miss, the one meant:
 * `unknown member "limt" (did you mean "limit"?); the members are "sql", "limit"` and
 * `不认识的成员“limt”（是不是要写“limit”？）；可用的成员是“sql”、“limit”`, instead of zod's
 * "Unrecognized key: "limt"". One wording for request bodies, API-key requests and search parameters.
 */
export function unknownNames(
  keys: readonly string[],
  known: readonly string[],
  kind: UnknownNameKind,
): { message: string; zh: string } {
  const w = NAME_WORDS[kind];
  const said = keys.map((k) => ({ k, near: closestName(k, known) }));
  const plural = keys.length > 1 ? 's' : '';
  const zhSep = kind === 'parameter' ? ' ' : '';
  return {
    message:
      `unknown ${w.en}${plural} ` +
      said.map(({ k, near }) => (near ? `${w.quote(k)} (did you mean ${w.quote(near)}?)` : w.quote(k))).join(', ') +
      (known.length ? `; the ${w.en}s are ${known.map(w.quote).join(', ')}` : ''),
    zh:
      `不认识的${w.zh}${zhSep}` +
      said
        .map(({ k, near }) => (near ? `${w.zhQuote(k)}（是不是要写${zhSep}${w.zhQuote(near)}？）` : w.zhQuote(k)))
        .join('、') +
      (known.length ? `；可用的${w.zh}是${zhSep}${known.map(w.zhQuote).join('、')}` : ''),
  };
}

/** The member names of the object `schema` holds at `path` (through optional, nullable, default, arrays, pipes). */
export function membersAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let s: z.core.$ZodType | undefined = schema;
  let rest = [...path];
  for (let guard = 0; s && guard < 64; guard++) {
    const def = s._zod.def as unknown as Record<string, unknown> & { type: string };
    if (def.type === 'object') {
      const shape = def.shape as Record<string, z.core.$ZodType>;
      if (rest.length === 0) return Object.keys(shape);
      const [head, ...tail] = rest;
      s = typeof head === 'string' ? shape[head] : undefined;
      rest = tail;
    } else if (def.type === 'array') {
      if (typeof rest[0] !== 'number') return [];
      s = def.element as z.core.$ZodType;
      rest = rest.slice(1);
    } else if (def.type === 'pipe') s = def.in as z.core.$ZodType;
    else s = (def.innerType as z.core.$ZodType | undefined) ?? undefined;
  }
  return [];
}

/**
 * A length or range zod words as "Too small: expected string to have >=1 characters", said with the
 * member's name in both languages ("`text` must not be empty", "`text` 不能为空"), as the manifest's
 * checks say it. A message the schema wrote itself is kept.
 */
function sizeWords(issue: z.core.$ZodIssue): { message: string; zh: string } | undefined {
  if (issue.code !== 'too_small' && issue.code !== 'too_big') return undefined;
  if (!isDefaultMessage(issue.message) || schemaMessageZh(issue)) return undefined;
  if (!['string', 'number', 'int', 'array', 'set'].includes(issue.origin)) return undefined;
  const name = String([...issue.path].reverse().find((k) => typeof k === 'string') ?? 'value');
  return { message: sizeMessage(issue, name, 'en'), zh: sizeMessage(issue, name, 'zh-CN') };
}

/**
 * A wrong type or a value outside an enum, which zod words as "Invalid input: expected number, received
 * string" / "无效输入：期望 数字，实际接收 string", said as the manifest's checks say it (explain-issue.ts),
 * with the value received and, for a near miss of an allowed value, the one meant: "`sql` is required",
 * "expected a whole number, got the text "ten"", "the text "jsn" is not one of: json, csv, ndjson (did
 * you mean `json`?)", "应为整数，实际是文本“ten”". A message the schema wrote itself is kept.
 */
function typeWords(
  issue: z.core.$ZodIssue,
  input: unknown,
  schema: z.ZodType,
): { message: string; zh: string } | undefined {
  if (issue.code !== 'invalid_type' && issue.code !== 'invalid_value') return undefined;
  if (!isDefaultMessage(issue.message) || schemaMessageZh(issue)) return undefined;
  const [x] = explainIssues([issue], input, schema);
  if (!x) return undefined;
  // A near miss's "did you mean" and a misspelt member travel; the manifest's "add `key:`" hint is YAML.
  if (!x.hint || !x.zh.hint || x.hintAddsKey) return { message: x.message, zh: x.zh.message };
  return { message: `${x.message} (${x.hint})`, zh: `${x.zh.message}（${x.zh.hint}）` };
}

/** The Chinese of `issue` given its twin from the zh-CN parse (same schema, same input: same order). */
function issueZh(issue: z.core.$ZodIssue, twin: z.core.$ZodIssue | undefined): string {
  const own = schemaMessageZh(issue);
  if (own) return own;
  return twin && twin.code === issue.code && twin.message !== issue.message ? twin.message : issue.message;
}

/** Where an issue is, as problem details name it: `body.files.0.name`, `query.sort`, or just `body`. */
export const issueWhere = (prefix: string, issue: Pick<z.core.$ZodIssue, 'path'>): string =>
  issue.path.length ? `${prefix}.${issue.path.map(String).join('.')}` : prefix;
