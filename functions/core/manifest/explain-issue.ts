import type { z } from 'zod';
import { closestName, nameDifference } from '../query/closest-name.ts';

type Issue = z.core.$ZodIssue;
type Path = readonly PropertyKey[];

/** One schema problem in a publisher's words: where (path), what, and the specific hint when there is one. */
export interface ExplainedIssue {
  readonly path: Path;
  readonly message: string;
  readonly hint?: string;
}

/** What a key holds, by its path with `[]` for list indexes (`fields[].type`); undefined when unknown. */
export type DescribeKey = (pattern: string) => string | undefined;

/**
 * Turns zod issues into messages a publisher understands: a missing key "is required" and says what
 * it holds, a wrong type says what was expected and what was found, an unknown key suggests the
 * closest allowed one, and a union names its accepted shapes instead of "Invalid input". `raw` is
 * the parsed YAML (zod 4 issues do not carry the input) and `schema` the schema it was checked with.
 */
export function explainIssues(
  issues: readonly Issue[],
  raw: unknown,
  schema: z.core.$ZodType,
  describe: DescribeKey = () => undefined,
): ExplainedIssue[] {
  const ctx: Ctx = { raw, schema, describe, issues };
  return issues.flatMap((i) => explain(i, [], ctx));
}

interface Ctx {
  readonly raw: unknown;
  readonly schema: z.core.$ZodType;
  readonly describe: DescribeKey;
  readonly issues: readonly Issue[];
}

function explain(issue: Issue, base: Path, ctx: Ctx): ExplainedIssue[] {
  const path = [...base, ...issue.path];
  const value = valueAt(ctx.raw, path);
  const key = path.at(-1);
  const name = typeof key === 'string' ? key : formatPattern(path);
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((k) => unknownKey(k, path, ctx));
    case 'invalid_type':
      if (isMissing(ctx.raw, path) || (value === null && !isOptionalAt(ctx, path))) return [missing(path, ctx)];
      return [
        {
          path,
          message: `expected ${typeName(issue.expected)}, got ${describeValue(value)}`,
          hint: ctx.describe(formatPattern(path)),
        },
      ];
    case 'invalid_union':
      return explainUnion(issue, path, value, ctx);
    case 'invalid_value': {
      const allowed = issue.values.map(String);
      if (isMissing(ctx.raw, path)) return [missing(path, ctx)];
      const near = typeof value === 'string' ? closestName(value, allowed) : undefined;
      return [
        {
          path,
          message: `${describeValue(value)} is not one of: ${allowed.join(', ')}`,
          ...(near ? { hint: didYouMean(near, value) } : {}),
        },
      ];
    }
    case 'too_small':
    case 'too_big':
      return [{ path, message: isDefaultMessage(issue.message) ? sizeMessage(issue, name) : issue.message }];
    case 'invalid_format':
      return [
        {
          path,
          message: isDefaultMessage(issue.message)
            ? `${describeValue(value)} is not ${FORMATS[issue.format] ?? `in the ${issue.format} format`}`
            : `${describeValue(value)}: ${issue.message}`,
        },
      ];
    case 'custom': {
      const near = (issue.params as { didYouMean?: unknown } | undefined)?.didYouMean;
      return [{ path, message: issue.message, ...(typeof near === 'string' ? { hint: didYouMean(near, value) } : {}) }];
    }
    default:
      return [{ path, message: issue.message }];
  }
}

function missing(path: Path, ctx: Ctx): ExplainedIssue {
  const key = String(path.at(-1));
  const what = ctx.describe(formatPattern(path));
  const shapes = describeShapes(schemasAt(ctx.schema, path));
  const parent = valueAt(ctx.raw, path.slice(0, -1));
  // A misspelt key next to it (`descripton` for `description`) is most likely the same thing.
  const typo = isRecord(parent)
    ? Object.keys(parent).find(
        (k) => k !== key && closestName(k, [key]) === key && !knownKeysAt(ctx, path.slice(0, -1)).includes(k),
      )
    : undefined;
  const empty = valueAt(ctx.raw, path) === null;
  return {
    path,
    message: `\`${key}\` is required${empty ? ' but empty' : ''}${what ? `: ${what}` : ''}`,
    hint: typo
      ? `\`${typo}\` looks like a misspelling of \`${key}\`: rename it`
      : `add \`${key}:\`${shapes ? ` with ${shapes}` : ''}`,
  };
}

function unknownKey(k: string, parentPath: Path, ctx: Ctx): ExplainedIssue {
  const all = schemasAt(ctx.schema, parentPath);
  const chosen = chosenAlternative(all, valueAt(ctx.raw, parentPath));
  const known = keysOf(chosen ? [chosen.schema] : all);
  const near = closestName(k, known);
  if (chosen) {
    // `{kind: drop, keepFirst: 2}`: keepFirst is a key of another kind (mask), not a typo of one of drop's.
    const params = known.filter((x) => x !== chosen.key);
    const takers = all.filter((s) => s !== chosen.schema && keysOf([s]).includes(k)).map(literalName);
    return {
      path: [...parentPath, k],
      message: `\`${k}\` is not a parameter of \`${chosen.name}\` (it takes${params.length ? `: ${params.join(', ')}` : ' no parameters'})`,
      hint: near
        ? didYouMean(near, k)
        : takers.length
          ? `remove it, or choose a ${chosen.key} that takes it: ${takers.join(', ')}`
          : 'remove it or check its spelling',
    };
  }
  return {
    path: [...parentPath, k],
    message: `unknown key \`${k}\``,
    hint: near
      ? `${didYouMean(near, k)}${known.length <= 8 ? ` (allowed here: ${known.join(', ')})` : ''}`
      : `remove it or check its spelling${known.length ? `; allowed here: ${known.join(', ')}` : ''}`,
  };
}

/**
 * A union: the discriminator of a treatment, or plain alternatives (a text or `{zh-CN, en}`; a file
 * `{path}` or `{package}`). When exactly one alternative has the right type and keys, its own
 * problems are the ones to fix; otherwise the accepted shapes are named.
 */
function explainUnion(issue: Extract<Issue, { code: 'invalid_union' }>, path: Path, value: unknown, ctx: Ctx) {
  if (issue.discriminator !== undefined && issue.errors.length === 0) {
    const allowed = ('options' in issue ? (issue.options ?? []) : []).map(String);
    if (isMissing(ctx.raw, path) || value === null) {
      return [{ path, message: `\`${String(path.at(-1))}\` is required: one of ${allowed.join(', ')}` }];
    }
    const near = typeof value === 'string' ? closestName(value, allowed) : undefined;
    return [
      {
        path,
        message: `${describeValue(value)} is not one of: ${allowed.join(', ')}`,
        ...(near ? { hint: didYouMean(near, value) } : {}),
      },
    ];
  }
  if (isMissing(ctx.raw, path) || (value === null && !isOptionalAt(ctx, path))) return [missing(path, ctx)];
  const branches = issue.errors;
  const typed = branches.filter((b) => !b.some((i) => i.code === 'invalid_type' && i.path.length === 0));
  const fitting = typed.filter((b) => !b.some((i) => i.code === 'unrecognized_keys' || isMissingIn(i, value)));
  if (fitting.length === 1) return fitting[0]!.flatMap((i) => explain(i, path, ctx));
  const shapes = describeShapes(schemasAt(ctx.schema, path)) ?? 'another shape';
  const unknown = [...new Set(typed.flatMap((b) => b.flatMap((i) => (i.code === 'unrecognized_keys' ? i.keys : []))))];
  const known = knownKeysAt(ctx, path);
  // A key of another alternative (`path` next to `package`) is no typo: the two do not go together.
  const mixed = unknown.filter((k) => known.includes(k));
  const near = unknown
    .filter((k) => !known.includes(k))
    .map((k) => [k, closestName(k, known)] as const)
    .filter(([, n]) => n !== undefined);
  const hint = [
    ...(mixed.length > 1 ? [`${mixed.map((k) => `\`${k}\``).join(' and ')} do not go together: keep one`] : []),
    ...near.map(([k, n]) => `\`${k}\`: did you mean \`${n}\`?`),
    ctx.describe(formatPattern(path)),
  ].filter(Boolean);
  return [
    {
      path,
      message: `expected ${shapes}, got ${describeValue(value)}`,
      ...(hint.length ? { hint: hint.join('; ') } : {}),
    },
  ];
}

const isMissingIn = (i: Issue, value: unknown) => i.code === 'invalid_type' && isMissing(value, i.path);

/** "did you mean `code`?", saying so when only letter case or surrounding spaces differ. */
export function didYouMean(near: string, given?: unknown): string {
  const how = typeof given === 'string' ? nameDifference(given, near) : undefined;
  if (how === 'case') return `did you mean \`${near}\`? names are case-sensitive`;
  if (how === 'spaces') return `did you mean \`${near}\`? remove the spaces around the name`;
  if (how === 'case and spaces')
    return `did you mean \`${near}\`? remove the spaces around the name (names are case-sensitive)`;
  return `did you mean \`${near}\`?`;
}

/** zod's own wording ("Invalid input", "Too small: …"), as opposed to a message written in a schema. */
const isDefaultMessage = (m: string) => /^(Invalid|Too (small|big)|Unrecognized key)/.test(m);

const FORMATS: Record<string, string> = {
  email: 'an e-mail address',
  url: 'a URL (https://…)',
  regex: 'in the expected form',
  date: 'a date (YYYY-MM-DD)',
  datetime: 'an ISO 8601 date and time',
};

function sizeMessage(issue: Extract<Issue, { code: 'too_small' | 'too_big' }>, name: string): string {
  const small = issue.code === 'too_small';
  const n = Number(small ? issue.minimum : (issue as { maximum: number | bigint }).maximum);
  const strict = issue.inclusive === false;
  if (issue.origin === 'array' || issue.origin === 'set') {
    if (small && n === 1) return `\`${name}\` needs at least one entry`;
    return `\`${name}\` needs ${small ? 'at least' : 'at most'} ${strict ? (small ? n + 1 : n - 1) : n} entries`;
  }
  if (issue.origin === 'string') {
    if (small && n === 1) return `\`${name}\` must not be empty`;
    return `\`${name}\` must be ${small ? 'at least' : 'at most'} ${n} characters long`;
  }
  return `\`${name}\` must be ${small ? (strict ? 'more than' : 'at least') : strict ? 'less than' : 'at most'} ${n}`;
}

const TYPE_NAMES: Record<string, string> = {
  string: 'a text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  tuple: 'a list',
  object: 'a mapping (key: value)',
  record: 'a mapping (key: value)',
};
const typeName = (t: string) => TYPE_NAMES[t] ?? t;

/** A value as the publisher wrote it, shortened. */
export function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'an empty value';
  if (typeof v === 'string') return `the text ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  if (typeof v === 'number') return Number.isInteger(v) ? `the number ${v}` : `the number ${v} (not whole)`;
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `a list of ${v.length}`;
  if (isRecord(v)) {
    const keys = Object.keys(v);
    return keys.length ? `{${keys.slice(0, 6).join(', ')}${keys.length > 6 ? ', …' : ''}}` : 'an empty mapping';
  }
  return typeof v;
}

/** `fields[].treatment.kind` for `['fields', 3, 'treatment', 'kind']`. */
export function formatPattern(path: Path): string {
  return path.map((p, i) => (typeof p === 'number' ? '[]' : i === 0 ? String(p) : `.${String(p)}`)).join('');
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function valueAt(raw: unknown, path: Path): unknown {
  let v = raw;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return v;
}

/** The key at `path` is absent from a mapping (not present with an empty value). */
function isMissing(raw: unknown, path: Path): boolean {
  if (path.length === 0) return false;
  const parent = valueAt(raw, path.slice(0, -1));
  return isRecord(parent) && !Object.hasOwn(parent, path.at(-1) as string);
}

// --- the schema at a path (zod 4 definitions), for allowed keys and accepted shapes ---

interface Def {
  readonly type: string;
  readonly shape?: Record<string, z.core.$ZodType>;
  readonly innerType?: z.core.$ZodType;
  readonly in?: z.core.$ZodType;
  readonly element?: z.core.$ZodType;
  readonly items?: readonly z.core.$ZodType[];
  readonly options?: readonly z.core.$ZodType[];
  readonly entries?: Record<string, unknown>;
  readonly values?: readonly unknown[];
  readonly discriminator?: string;
}
const defOf = (s: z.core.$ZodType) => s._zod.def as unknown as Def;

/** The schema without wrappers (optional, default, pipe/transform, …); a union stays a union. */
function unwrap(s: z.core.$ZodType): z.core.$ZodType {
  let d = defOf(s);
  for (let n = 0; n < 16; n++) {
    const next = d.type === 'pipe' ? d.in : d.innerType;
    if (!next) break;
    s = next;
    d = defOf(s);
  }
  return s;
}

/** Every schema a value at `path` may be checked with (a union branches out). */
function schemasAt(schema: z.core.$ZodType, path: Path): z.core.$ZodType[] {
  let current = alternatives(schema);
  for (const p of path) {
    current = current.flatMap((s) => {
      const d = defOf(s);
      if (typeof p === 'number' && d.type === 'array' && d.element) return alternatives(d.element);
      if (typeof p === 'number' && d.type === 'tuple' && d.items?.[p]) return alternatives(d.items[p]);
      if (typeof p === 'string' && d.type === 'object' && d.shape?.[p]) return alternatives(d.shape[p]);
      return [];
    });
  }
  return current;
}

function alternatives(s: z.core.$ZodType): z.core.$ZodType[] {
  const u = unwrap(s);
  const d = defOf(u);
  return d.type === 'union' && d.options ? d.options.flatMap(alternatives) : [u];
}

/** The key at `path` may be left out (optional or with a default). */
function isOptionalAt(ctx: Ctx, path: Path): boolean {
  const key = path.at(-1);
  if (typeof key !== 'string') return false;
  return schemasAt(ctx.schema, path.slice(0, -1)).some((s) => {
    const v = defOf(s).shape?.[key];
    return v !== undefined && ['optional', 'default', 'prefault'].includes(defOf(v).type);
  });
}

/** The keys allowed at `path`: those of the alternative its `kind` names when it names one, else of every one. */
function knownKeysAt(ctx: Ctx, path: Path): string[] {
  const all = schemasAt(ctx.schema, path);
  const chosen = chosenAlternative(all, valueAt(ctx.raw, path));
  return keysOf(chosen ? [chosen.schema] : all);
}

const keysOf = (schemas: readonly z.core.$ZodType[]) => [
  ...new Set(schemas.flatMap((s) => Object.keys(defOf(s).shape ?? {}))),
];

/** The value of a literal key (`kind: z.literal('drop')`), if `v` is one. */
function literalOf(v: z.core.$ZodType): unknown {
  const inner = defOf(unwrap(v));
  return inner.type === 'literal' && inner.values?.length === 1 ? inner.values[0] : undefined;
}

/** `drop` for the alternative `{kind: 'drop'}`: the value of its first literal key. */
function literalName(s: z.core.$ZodType): string {
  const lit = Object.values(defOf(s).shape ?? {}).find((v) => literalOf(v) !== undefined);
  return String(lit ? literalOf(lit) : '?');
}

/** The alternative a mapping chose by a literal key (`drop` for `{kind: drop, keepFirst: 2}`), if any. */
function chosenAlternative(schemas: readonly z.core.$ZodType[], value: unknown) {
  if (!isRecord(value) || schemas.length < 2) return undefined;
  for (const schema of schemas) {
    for (const [key, v] of Object.entries(defOf(schema).shape ?? {})) {
      const lit = literalOf(v);
      if (lit !== undefined && value[key] === lit) return { schema, key, name: String(lit) };
    }
  }
  return undefined;
}

/** "a text or {zh-CN: …, en: …}", "{path: …} or {package: …}", "{kind: drop} or {kind: mask, …} …". */
function describeShapes(schemas: readonly z.core.$ZodType[]): string | undefined {
  const shapes = [...new Set(schemas.map(describeShape))];
  if (shapes.length === 0) return undefined;
  if (shapes.length > 4) return `one of ${shapes.slice(0, -1).join(', ')} or ${shapes.at(-1)}`;
  return shapes.join(' or ');
}

function describeShape(s: z.core.$ZodType): string {
  const d = defOf(s);
  if (d.type === 'object') {
    const entries = Object.entries(d.shape ?? {});
    const required = entries.filter(([, v]) => !['optional', 'default', 'prefault'].includes(defOf(v).type));
    const shown = (required.length ? required : entries).map(([k, v]) => `${k}: ${String(literalOf(v) ?? '…')}`);
    return `{${shown.join(', ')}${required.length && required.length < entries.length ? ', …' : ''}}`;
  }
  if (d.type === 'enum') return `one of ${Object.keys(d.entries ?? {}).join(', ')}`;
  return typeName(d.type);
}
