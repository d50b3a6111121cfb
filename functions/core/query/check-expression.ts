import type { PublishedField } from '../catalog/schema.ts';
import type { Expr } from './ast.ts';
import {
  type Checked,
  checkedChildren,
  DATE_EXTRACT_PARTS,
  DATE_TRUNC_UNITS,
  type FunctionName,
  isAggregate,
  type ValueType,
} from './checked-query.ts';
import { closestName } from './closest-name.ts';
import { coerceText } from './coerce-literal.ts';
import { queryError } from './query-error.ts';

/** What an expression may refer to, and whether aggregates are allowed where it stands. */
export interface Scope {
  /** Query parameter the expression came from, for error messages. */
  readonly param: string;
  readonly fields: ReadonlyMap<string, PublishedField>;
  /** `$select` aliases (for $order, $group, $having); they win over a column of the same name. */
  readonly aliases: ReadonlyMap<string, Checked> | null;
  readonly aggregates: boolean;
  /** The engine's row-number column that `:id` names; null when the engine has none (Athena). */
  readonly rowId: string | null;
  /** The collation text is ordered by (`CheckOptions.collation`); absent: code point order. */
  readonly collation?: string;
}

/** System fields, as Socrata writes them. */
export const SYSTEM_FIELDS = [':id'] as const;

/** Value type of a published field type. */
export const valueTypeOf = (type: PublishedField['type']): ValueType => {
  switch (type) {
    case 'year':
      return 'integer';
    case 'yearmonth':
    case 'geopoint':
      return 'string';
    default:
      return type;
  }
};

type Signature = {
  readonly args: readonly (readonly ValueType[] | 'any')[];
  readonly result: (args: readonly Checked[]) => ValueType;
};

const NUMERIC: readonly ValueType[] = ['integer', 'number'];
const TEXT: readonly ValueType[] = ['string'];
const DATES: readonly ValueType[] = ['date', 'datetime'];
const same = (args: readonly Checked[]): ValueType => args[0]!.type;
const integer = (): ValueType => 'integer';

/** One signature for every function a table names (`date_extract_*`, `date_trunc_*`). */
const sameSignature = <N extends string>(table: Readonly<Record<N, unknown>>, signature: Signature) =>
  Object.fromEntries(Object.keys(table).map((name) => [name, signature])) as Record<N, Signature>;

const FUNCTIONS: Readonly<Record<FunctionName, Signature>> = {
  count: { args: ['any'], result: () => 'integer' },
  sum: { args: [NUMERIC], result: same },
  avg: { args: [NUMERIC], result: () => 'number' },
  min: { args: ['any'], result: same },
  max: { args: ['any'], result: same },
  upper: { args: [TEXT], result: () => 'string' },
  lower: { args: [TEXT], result: () => 'string' },
  starts_with: { args: [TEXT, TEXT], result: () => 'boolean' },
  ...sameSignature(DATE_TRUNC_UNITS, { args: [DATES], result: same }),
  // Of a date, the time-of-day parts are 0 (midnight), as Socrata's floating timestamps of a day.
  ...sameSignature(DATE_EXTRACT_PARTS, { args: [DATES], result: integer }),
};
const FUNCTION_NAMES = Object.keys(FUNCTIONS) as FunctionName[];

const isFunctionName = (name: string): name is FunctionName => Object.hasOwn(FUNCTIONS, name);

/** Comparable families: integers compare with decimals, dates with date-times. */
const family = (t: ValueType): string =>
  t === 'integer' || t === 'number' ? 'numeric' : t === 'date' || t === 'datetime' ? 'temporal' : t;

/**
 * Published text types whose text is a fixed format of digits and punctuation (`2024-01`, `39.9,116.4`):
 * ordered by code point, which for `yearmonth` is the same order as a collation's and costs nothing.
 */
const CODE_POINT_TEXT: ReadonlySet<PublishedField['type']> = new Set(['yearmonth', 'geopoint']);

/** Whether text is ordered by the scope's collation: any text expression but a `yearmonth` or `geopoint` column. */
export const collates = (e: Checked, fields: ReadonlyMap<string, PublishedField>): boolean => {
  if (e.type !== 'string') return false;
  if (e.kind !== 'column') return true;
  const published = fields.get(e.name)?.type;
  return published === undefined || !CODE_POINT_TEXT.has(published);
};

/** The collation an ordering comparison of these operands uses: every operand must be collated text. */
/** The collation comparing or ordering these operands: the scope's, when every one is collated text. */
export const collationOf = (operands: readonly Checked[], scope: Scope): string | undefined =>
  scope.collation && operands.every((o) => collates(o, scope.fields)) ? scope.collation : undefined;

/** Type-checks and resolves one expression. */
export const checkExpr = (e: Expr, scope: Scope, insideAggregate = false): Checked => {
  const check = (x: Expr) => checkExpr(x, scope, insideAggregate);
  switch (e.kind) {
    case 'literal':
      if (e.value === null) return { kind: 'null', type: 'null' };
      if (typeof e.value === 'string') return { kind: 'param', type: 'string', value: e.value };
      if (typeof e.value === 'boolean') return { kind: 'param', type: 'boolean', value: e.value };
      // Written with a point or an exponent (`1.0`, `1e19`), a number is a double whatever its value, so
      // `x * 1.0` computes in floating point; integers are written as digits only (exact within ±2^53).
      return {
        kind: 'param',
        type: !e.decimal && Number.isSafeInteger(e.value) ? 'integer' : 'number',
        value: e.value,
      };
    case 'column':
      return resolveColumn(e.name, e.pos, scope, insideAggregate);
    case 'system':
      return resolveSystem(e.name, e.pos, scope);
    case 'not': {
      const operand = expectType(check(e.operand), ['boolean'], 'NOT', scope);
      return { kind: 'not', type: 'boolean', operand };
    }
    case 'negate': {
      const operand = expectType(check(e.operand), NUMERIC, 'unary -', scope);
      return { kind: 'negate', type: operand.type, operand };
    }
    case 'binary': {
      const comparison = !['AND', 'OR', '+', '-', '*', '/'].includes(e.op);
      const [left, right] = comparison
        ? checkComparands(e.left, e.right, scope, check)
        : [check(e.left), check(e.right)];
      if (e.op === 'AND' || e.op === 'OR') {
        return {
          kind: 'binary',
          type: 'boolean',
          op: e.op,
          left: expectType(left, ['boolean'], e.op, scope),
          right: expectType(right, ['boolean'], e.op, scope),
        };
      }
      if (e.op === '+' || e.op === '-' || e.op === '*' || e.op === '/') {
        const l = expectType(left, NUMERIC, `'${e.op}'`, scope);
        const r = expectType(right, NUMERIC, `'${e.op}'`, scope);
        const type = e.op !== '/' && l.type === 'integer' && r.type === 'integer' ? 'integer' : 'number';
        return { kind: 'binary', type, op: e.op, left: l, right: r };
      }
      const [l, r] = unify(left, right, `'${e.op}'`, scope);
      // Only the ordering comparisons: `=` and `!=` stay exact, as $group and DISTINCT do.
      const ordering = e.op === '<' || e.op === '<=' || e.op === '>' || e.op === '>=';
      const collation = ordering ? collationOf([l, r], scope) : undefined;
      return { kind: 'binary', type: 'boolean', op: e.op, left: l, right: r, ...(collation ? { collation } : {}) };
    }
    case 'in': {
      let operand = check(e.operand);
      const list = e.list.map((item) => {
        const [o, i] = unify(operand, checkComparands(e.operand, item, scope, check, operand)[1], 'IN', scope);
        operand = o;
        return i;
      });
      return { kind: 'in', type: 'boolean', negated: e.negated, operand, list };
    }
    case 'between': {
      const operand = check(e.operand);
      const [o, low] = unify(operand, check(e.low), 'BETWEEN', scope);
      const [, high] = unify(o, check(e.high), 'BETWEEN', scope);
      const collation = collationOf([o, low, high], scope);
      return {
        kind: 'between',
        type: 'boolean',
        negated: e.negated,
        operand: o,
        low,
        high,
        ...(collation ? { collation } : {}),
      };
    }
    case 'like': {
      const operand = expectType(check(e.operand), TEXT, 'LIKE', scope);
      const pattern = expectType(check(e.pattern), TEXT, 'LIKE', scope);
      return { kind: 'like', type: 'boolean', negated: e.negated, operand, pattern };
    }
    case 'isNull':
      return { kind: 'isNull', type: 'boolean', negated: e.negated, operand: check(e.operand) };
    case 'call':
      return checkCall(e, scope, insideAggregate);
  }
};

const checkCall = (e: Extract<Expr, { kind: 'call' }>, scope: Scope, insideAggregate: boolean): Checked => {
  if (!isFunctionName(e.name)) {
    const guess = closestName(e.name, FUNCTION_NAMES);
    throw queryError(
      scope.param,
      `unknown function ${e.name}() at character ${e.pos + 1}`,
      `${guess ? `Did you mean ${guess}()? ` : ''}Functions: ${FUNCTION_NAMES.join(', ')}.`,
    );
  }
  const fn = e.name;
  const aggregate = isAggregate(fn);
  if (aggregate && !scope.aggregates) {
    throw queryError(
      scope.param,
      `aggregate ${fn}() is not allowed here (character ${e.pos + 1})`,
      scope.param === '$where' ? 'Filter on aggregates with $having.' : 'Use aggregates in $select, $having or $order.',
    );
  }
  if (aggregate && insideAggregate) {
    throw queryError(scope.param, `aggregate ${fn}() inside another aggregate (character ${e.pos + 1})`);
  }
  if (e.star) {
    if (fn !== 'count') throw queryError(scope.param, `${fn}(*) is not supported; only count(*) takes *`);
    return { kind: 'call', type: 'integer', fn, args: [], star: true };
  }
  if (e.distinct && fn !== 'count') {
    throw queryError(
      scope.param,
      `${fn}(DISTINCT …) is not supported (character ${e.pos + 1}); only count takes DISTINCT`,
      'Count distinct values with count(distinct column).',
    );
  }
  const signature = FUNCTIONS[fn];
  if (e.args.length !== signature.args.length) {
    throw queryError(
      scope.param,
      `${fn}() takes ${signature.args.length} argument${signature.args.length === 1 ? '' : 's'}, got ${e.args.length} (character ${e.pos + 1})`,
    );
  }
  const args = e.args.map((arg, i) => {
    const checked = checkExpr(arg, scope, insideAggregate || aggregate);
    const allowed = signature.args[i]!;
    if (allowed === 'any') {
      if (checked.type === 'null') throw queryError(scope.param, `${fn}() of NULL has no meaning`);
      return checked;
    }
    return expectType(checked, allowed, `${fn}()`, scope);
  });
  // The smallest and largest text are the first and last in the order `$order` sorts it in (pinyin).
  const collation = (fn === 'min' || fn === 'max') && args[0] ? collationOf([args[0]], scope) : undefined;
  return {
    kind: 'call',
    type: signature.result(args),
    fn,
    args,
    star: false,
    ...(e.distinct ? { distinct: e.distinct } : {}),
    ...(collation ? { collation } : {}),
  };
};

/** `:id`: the row's position in the version's file, the engine's row-number column (`CheckOptions.rowIdColumn`). */
const resolveSystem = (name: string, pos: number, scope: Scope): Checked => {
  const written = `:${name}`;
  if (written.toLowerCase() !== ':id') {
    throw queryError(
      scope.param,
      `unknown system field ${written} at character ${pos + 1}`,
      `System fields: ${SYSTEM_FIELDS.join(', ')}. Backquote a column whose name starts with a colon: \`${written}\`.`,
    );
  }
  if (!scope.rowId) {
    throw queryError(
      scope.param,
      `:id (character ${pos + 1}) is not available for this version: its query engine has no row positions`,
      'Filter and order by a column instead, e.g. the primary key.',
    );
  }
  return { kind: 'column', type: 'integer', name: scope.rowId, system: ':id' };
};

const resolveColumn = (name: string, pos: number, scope: Scope, insideAggregate: boolean): Checked => {
  const alias = scope.aliases?.get(name);
  if (alias) {
    if (insideAggregate && containsAggregate(alias)) {
      throw queryError(scope.param, `alias \`${name}\` is an aggregate and cannot be used inside another aggregate`);
    }
    return alias;
  }
  const field = scope.fields.get(name) ?? caseInsensitive(name, scope.fields);
  if (field) return { kind: 'column', type: valueTypeOf(field.type), name: field.name };
  const known = [...scope.fields.keys(), ...(scope.aliases?.keys() ?? [])];
  const guess = closestName(name, known);
  const listing = known.length <= 30 ? ` Columns: ${known.join(', ')}.` : '';
  throw queryError(
    scope.param,
    `unknown column \`${name}\` at character ${pos + 1}`,
    `${guess ? `Did you mean \`${guess}\`?` : 'Check the column name in the dataset schema.'}${listing}`,
  );
};

/** A bare word that names no column (nor alias) in this scope: `sun` in `weather = sun`. */
const unknownName = (e: Expr, scope: Scope): string | undefined =>
  e.kind === 'column' &&
  !scope.aliases?.get(e.name) &&
  !scope.fields.get(e.name) &&
  !caseInsensitive(e.name, scope.fields)
    ? e.name
    : undefined;

/**
 * Both sides of a comparison. A bare word on one side that is no column, compared with text on the
 * other (`weather = sun`), is most likely a value written without quotes: the 400 still names the
 * unknown column, and its hint shows the quoted value. `known` is the other side when already checked.
 */
const checkComparands = (
  a: Expr,
  b: Expr,
  scope: Scope,
  check: (x: Expr) => Checked,
  known?: Checked,
): [Checked, Checked] => {
  const aUnknown = known ? undefined : unknownName(a, scope);
  if (aUnknown !== undefined && unknownName(b, scope) === undefined) {
    const right = check(b);
    if (right.type === 'string') throw bareWord(aUnknown, (a as { pos: number }).pos, right, scope);
  }
  const left = known ?? check(a);
  const bUnknown = unknownName(b, scope);
  if (bUnknown !== undefined && left.type === 'string') {
    throw bareWord(bUnknown, (b as { pos: number }).pos, left, scope);
  }
  return [left, check(b)];
};

const bareWord = (word: string, pos: number, text: Checked, scope: Scope) => {
  const guess = closestName(word, [...scope.fields.keys(), ...(scope.aliases?.keys() ?? [])]);
  return queryError(
    scope.param,
    `unknown column \`${word}\` at character ${pos + 1}`,
    `${describeChecked(text)} is text: quote a text value, e.g. '${word.replaceAll("'", "''")}' (a bare word is a column name).${guess ? ` Or did you mean the column \`${guess}\`?` : ''}`,
  );
};

const caseInsensitive = (name: string, fields: ReadonlyMap<string, PublishedField>): PublishedField | undefined => {
  const lower = name.toLowerCase();
  const matches = [...fields.values()].filter((f) => f.name.toLowerCase() === lower);
  return matches.length === 1 ? matches[0] : undefined;
};

export const containsAggregate = (e: Checked): boolean => {
  switch (e.kind) {
    case 'call':
      return isAggregate(e.fn) || e.args.some(containsAggregate);
    case 'not':
    case 'negate':
    case 'isNull':
      return containsAggregate(e.operand);
    case 'binary':
      return containsAggregate(e.left) || containsAggregate(e.right);
    case 'in':
      return containsAggregate(e.operand) || e.list.some(containsAggregate);
    case 'between':
      return containsAggregate(e.operand) || containsAggregate(e.low) || containsAggregate(e.high);
    case 'like':
      return containsAggregate(e.operand) || containsAggregate(e.pattern);
    default:
      return false;
  }
};

/** Names an expression in an error: the column it is, or the first column it uses. */
export const describeChecked = (e: Checked): string => {
  if (e.kind === 'column') return e.system ? `system field ${e.system}` : `column \`${e.name}\``;
  if (e.kind === 'param') return typeof e.value === 'string' ? `'${clip(e.value)}'` : String(e.value);
  if (e.kind === 'null') return 'NULL';
  const column = firstColumn(e);
  return column ? `an expression on column \`${column}\`` : 'an expression';
};

const firstColumn = (e: Checked): string | undefined => {
  if (e.kind === 'column' || e.kind === 'contains') return e.kind === 'column' ? (e.system ?? e.name) : e.column;
  for (const child of checkedChildren(e)) {
    const found = firstColumn(child);
    if (found) return found;
  }
  return undefined;
};

const clip = (text: string): string => (text.length > 40 ? `${text.slice(0, 40)}…` : text);

const expectType = (e: Checked, allowed: readonly ValueType[], what: string, scope: Scope): Checked => {
  if (allowed.includes(e.type)) return e;
  if (e.kind === 'param' && e.type === 'string' && allowed.length === 1 && allowed[0] !== 'string') {
    // A quoted literal where a number or a boolean is expected: accept '42' but say why 'abc' is wrong.
    const coerced = coerceText(e.value as string, allowed[0]!);
    if (coerced.ok) return { kind: 'param', type: allowed[0]!, value: coerced.value };
  }
  throw queryError(
    scope.param,
    `${what} needs ${allowed.join(' or ')}, but ${describeChecked(e)} is ${e.type === 'null' ? 'NULL' : e.type}`,
    columnsHint(allowed, scope) ??
      (e.type === 'string' ? 'Compare text with text, or pick a numeric column.' : undefined),
  );
};

/** Where a column of the right type is wanted: the dataset's columns of that type, or that it has none. */
const columnsHint = (allowed: readonly ValueType[], scope: Scope): string | undefined => {
  if (allowed.includes('boolean') || allowed.includes('null')) return undefined;
  const kinds = allowed.join(' or ');
  const names = [...scope.fields.values()].filter((f) => allowed.includes(valueTypeOf(f.type))).map((f) => f.name);
  if (names.length === 0) return `This dataset has no ${kinds} column.`;
  const shown = names.length > 10 ? `${names.slice(0, 10).join(', ')}, …` : names.join(', ');
  return `Pick ${/^[aeiou]/.test(kinds) ? 'an' : 'a'} ${kinds} column: ${shown}.`;
};

/** Makes two operands comparable: a quoted literal takes the type of the other side, if it fits. */
const unify = (a: Checked, b: Checked, what: string, scope: Scope): [Checked, Checked] => {
  if (a.kind === 'null' || b.kind === 'null') {
    throw queryError(
      scope.param,
      `${what} with NULL is never true`,
      'Test for missing values with IS NULL or IS NOT NULL.',
    );
  }
  if (family(a.type) === family(b.type)) return [a, b];
  if (b.kind === 'param' && b.type === 'string') return [a, coerceTo(b, a, what, scope)];
  if (a.kind === 'param' && a.type === 'string') return [coerceTo(a, b, what, scope), b];
  throw queryError(
    scope.param,
    `${what}: cannot compare ${describeChecked(a)} (${a.type}) with ${describeChecked(b)} (${b.type})`,
    "Compare values of the same type; quote dates and times as text, e.g. '2024-01-31'.",
  );
};

const coerceTo = (
  literal: Extract<Checked, { kind: 'param' }>,
  other: Checked,
  what: string,
  scope: Scope,
): Checked => {
  const coerced = coerceText(literal.value as string, other.type);
  if (coerced.ok) return { kind: 'param', type: other.type, value: coerced.value };
  throw queryError(
    scope.param,
    `${what}: ${describeChecked(other)} is ${other.type}, and ${coerced.reason}`,
    other.type === 'integer' || other.type === 'number'
      ? 'Write numbers without quotes, e.g. 42.'
      : 'Write the value in the column’s format.',
  );
};
