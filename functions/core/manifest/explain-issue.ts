import type { z } from 'zod';
import { closestName, nameDifference } from '../query/closest-name.ts';
import { WORDS } from './explain-words.ts';
import type { Bilingual, Language } from './localized.ts';
import { schemaMessageZh } from './schema-zh.ts';

type Issue = z.core.$ZodIssue;
type Path = readonly PropertyKey[];

/** What is wrong and, when there is something specific to do, a hint. */
export interface Said {
  readonly message: string;
  readonly hint?: string;
}

/** One schema problem in a publisher's words: where (path), what, and the specific hint when there is one. */
export interface ExplainedIssue extends Said {
  readonly path: Path;
  /** The same in simplified Chinese. */
  readonly zh: Said;
  /** The hint says to add a YAML key (`add \`sql:\``): meaningful in a manifest, not in a JSON body. */
  readonly hintAddsKey?: true;
}

/** What a key holds, by its path with `[]` for list indexes (`fields[].type`); undefined when unknown. */
export type DescribeKey = (pattern: string) => Bilingual | undefined;

/**
 * Turns zod issues into messages a publisher understands: a missing key "is required" and says what
 * it holds, a wrong type says what was expected and what was found, an unknown key suggests the
 * closest allowed one, and a union names its accepted shapes instead of "Invalid input". Each in
 * English and in Chinese (the sentences of explain-words.ts). `raw` is the parsed YAML (zod 4
 * issues do not carry the input) and `schema` the schema it was checked with.
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

/** An issue at `path` whose message and hint `say` writes in the given language (a hint may be left out). */
function said(path: Path, say: (lang: Language) => { message: string; hint?: string | undefined }): ExplainedIssue {
  const text = (lang: Language): Said => {
    const { message, hint } = say(lang);
    return hint ? { message, hint } : { message };
  };
  return { path, ...text('en'), zh: text('zh-CN') };
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
        said(path, (l) => ({
          message: WORDS[l].expected(typeName(issue.expected, l), describeValue(value, l)),
          hint: ctx.describe(formatPattern(path))?.[l],
        })),
      ];
    case 'invalid_union':
      return explainUnion(issue, path, value, ctx);
    case 'invalid_value':
      if (isMissing(ctx.raw, path)) return [missing(path, ctx)];
      return [notAllowed(path, value, issue.values.map(String))];
    case 'too_small':
    case 'too_big':
      return [
        said(path, (l) => ({
          message: isDefaultMessage(issue.message) ? sizeMessage(issue, name, l) : schemaMessage(issue, l),
        })),
      ];
    case 'invalid_format':
      return [
        said(path, (l) => ({
          message: isDefaultMessage(issue.message)
            ? WORDS[l].notFormat(describeValue(value, l), issue.format)
            : WORDS[l].valueSays(describeValue(value, l), schemaMessage(issue, l)),
        })),
      ];
    case 'custom': {
      const near = (issue.params as { didYouMean?: unknown } | undefined)?.didYouMean;
      return [
        said(path, (l) => ({
          message: schemaMessage(issue, l),
          hint: typeof near === 'string' ? didYouMean(near, value, l) : undefined,
        })),
      ];
    }
    default:
      return [said(path, (l) => ({ message: schemaMessage(issue, l) }))];
  }
}

/** A message a schema wrote (or zod's own), in `lang`: its Chinese from schema-zh.ts. */
function schemaMessage(issue: Issue, lang: Language): string {
  if (lang === 'en') return issue.message;
  return schemaMessageZh(issue) ?? WORDS[lang].unexplained(issue.message);
}

/** A value that is not one of `allowed` (an enum, a treatment's kind), with the closest one as the hint. */
function notAllowed(path: Path, value: unknown, allowed: readonly string[]): ExplainedIssue {
  const near = typeof value === 'string' ? closestName(value, allowed) : undefined;
  return said(path, (l) => ({
    message: WORDS[l].notOneOf(describeValue(value, l), allowed),
    hint: near ? didYouMean(near, value, l) : undefined,
  }));
}

function missing(path: Path, ctx: Ctx): ExplainedIssue {
  const key = String(path.at(-1));
  const what = ctx.describe(formatPattern(path));
  const schemas = schemasAt(ctx.schema, path);
  const parent = valueAt(ctx.raw, path.slice(0, -1));
  // A misspelt key next to it (`descripton` for `description`) is most likely the same thing.
  const typo = isRecord(parent)
    ? Object.keys(parent).find(
        (k) => k !== key && closestName(k, [key]) === key && !knownKeysAt(ctx, path.slice(0, -1)).includes(k),
      )
    : undefined;
  const empty = valueAt(ctx.raw, path) === null;
  const issue = said(path, (l) => ({
    message: WORDS[l].required(key, empty, what?.[l]),
    hint: typo ? WORDS[l].misspelt(typo, key) : WORDS[l].add(key, describeShapes(schemas, l)),
  }));
  return typo ? issue : { ...issue, hintAddsKey: true };
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
    return said([...parentPath, k], (l) => ({
      message: WORDS[l].notParameter(k, chosen.name, params),
      hint: near
        ? didYouMean(near, k, l)
        : takers.length
          ? WORDS[l].removeOrChoose(chosen.key, takers)
          : WORDS[l].removeOrCheck([]),
    }));
  }
  return said([...parentPath, k], (l) => ({
    message: WORDS[l].unknownKey(k),
    hint: near
      ? `${didYouMean(near, k, l)}${known.length <= 8 ? WORDS[l].allowedAfterNear(known) : ''}`
      : WORDS[l].removeOrCheck(known),
  }));
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
      return [said(path, (l) => ({ message: WORDS[l].requiredOneOf(String(path.at(-1)), allowed) }))];
    }
    return [notAllowed(path, value, allowed)];
  }
  if (isMissing(ctx.raw, path) || (value === null && !isOptionalAt(ctx, path))) return [missing(path, ctx)];
  const branches = issue.errors;
  const typed = branches.filter((b) => !b.some((i) => i.code === 'invalid_type' && i.path.length === 0));
  const fitting = typed.filter((b) => !b.some((i) => i.code === 'unrecognized_keys' || isMissingIn(i, value)));
  if (fitting.length === 1) return fitting[0]!.flatMap((i) => explain(i, path, ctx));
  const schemas = schemasAt(ctx.schema, path);
  const unknown = [...new Set(typed.flatMap((b) => b.flatMap((i) => (i.code === 'unrecognized_keys' ? i.keys : []))))];
  const known = knownKeysAt(ctx, path);
  // A key of another alternative (`path` next to `package`) is no typo: the two do not go together.
  const mixed = unknown.filter((k) => known.includes(k));
  const near = unknown
    .filter((k) => !known.includes(k))
    .map((k) => [k, closestName(k, known)] as const)
    .filter((x): x is readonly [string, string] => x[1] !== undefined);
  return [
    said(path, (l) => {
      const t = WORDS[l];
      const hint = [
        ...(mixed.length > 1 ? [t.notTogether(mixed)] : []),
        ...near.map(([k, n]) => t.keyDidYouMean(k, n)),
        ctx.describe(formatPattern(path))?.[l],
      ].filter((x): x is string => Boolean(x));
      return {
        message: t.expected(describeShapes(schemas, l) ?? t.anotherShape, describeValue(value, l)),
        hint: hint.length ? t.hints(hint) : undefined,
      };
    }),
  ];
}

const isMissingIn = (i: Issue, value: unknown) => i.code === 'invalid_type' && isMissing(value, i.path);

/** "did you mean `code`?", saying so when only letter case or surrounding spaces differ. */
export function didYouMean(near: string, given?: unknown, lang: Language = 'en'): string {
  const how = typeof given === 'string' ? nameDifference(given, near) : undefined;
  return WORDS[lang].didYouMean(near, how);
}

/** zod's own wording ("Invalid input", "Too small: …"), as opposed to a message written in a schema. */
export const isDefaultMessage = (m: string) => /^(Invalid|Too (small|big)|Unrecognized key)/.test(m);

export function sizeMessage(
  issue: Extract<Issue, { code: 'too_small' | 'too_big' }>,
  name: string,
  lang: Language,
): string {
  const t = WORDS[lang].size;
  const small = issue.code === 'too_small';
  const n = Number(small ? issue.minimum : (issue as { maximum: number | bigint }).maximum);
  const strict = issue.inclusive === false;
  if (issue.origin === 'array' || issue.origin === 'set') {
    if (small && n === 1) return t.atLeastOneEntry(name);
    return t.entries(name, small, strict ? (small ? n + 1 : n - 1) : n);
  }
  if (issue.origin === 'string') {
    if (small && n === 1) return t.notEmpty(name);
    return t.characters(name, small, n);
  }
  return t.number(name, small, strict, n);
}

const typeName = (t: string, lang: Language) => WORDS[lang].types[t] ?? t;

/** A value as the publisher wrote it, shortened. */
export function describeValue(v: unknown, lang: Language = 'en'): string {
  const t = WORDS[lang].value;
  if (v === undefined) return t.nothing;
  if (v === null) return t.empty;
  if (typeof v === 'string') return t.text(JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v));
  if (typeof v === 'number') return t.number(v);
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return t.list(v.length);
  if (isRecord(v)) {
    const keys = Object.keys(v);
    return keys.length ? `{${keys.slice(0, 6).join(', ')}${keys.length > 6 ? ', …' : ''}}` : t.emptyMapping;
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
function describeShapes(schemas: readonly z.core.$ZodType[], lang: Language): string | undefined {
  const shapes = [...new Set(schemas.map((s) => describeShape(s, lang)))];
  return shapes.length ? WORDS[lang].or(shapes) : undefined;
}

function describeShape(s: z.core.$ZodType, lang: Language): string {
  const d = defOf(s);
  if (d.type === 'object') {
    const entries = Object.entries(d.shape ?? {});
    const required = entries.filter(([, v]) => !['optional', 'default', 'prefault'].includes(defOf(v).type));
    const shown = (required.length ? required : entries).map(([k, v]) => `${k}: ${String(literalOf(v) ?? '…')}`);
    return `{${shown.join(', ')}${required.length && required.length < entries.length ? ', …' : ''}}`;
  }
  if (d.type === 'enum') return WORDS[lang].oneOfEnum(Object.keys(d.entries ?? {}));
  return typeName(d.type, lang);
}
