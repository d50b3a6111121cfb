import type { PublishedField } from '../catalog/schema.ts';
import { joinZh } from '../zh-spacing.ts';
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
import { queryError, zhAt, zhTypeName } from './query-error.ts';

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
      {
        message: `unknown function ${e.name}() at character ${e.pos + 1}`,
        hint: `${guess ? `Did you mean ${guess}()? ` : ''}Functions: ${FUNCTION_NAMES.join(', ')}.`,
      },
      {
        message: `未知函数 ${e.name}()（${zhAt(e.pos)}）`,
        hint: `${guess ? `是不是要写 ${guess}()？` : ''}可用的函数：${FUNCTION_NAMES.join('、')}。`,
      },
    );
  }
  const fn = e.name;
  const aggregate = isAggregate(fn);
  if (aggregate && !scope.aggregates) {
    const inWhere = scope.param === '$where';
    throw queryError(
      scope.param,
      {
        message: `aggregate ${fn}() is not allowed here (character ${e.pos + 1})`,
        hint: inWhere ? 'Filter on aggregates with $having.' : 'Use aggregates in $select, $having or $order.',
      },
      {
        message: `此处不能使用聚合函数 ${fn}()（${zhAt(e.pos)}）`,
        hint: inWhere ? '按聚合结果筛选请用 $having。' : '聚合函数只能用在 $select、$having 或 $order 中。',
      },
    );
  }
  if (aggregate && insideAggregate) {
    throw queryError(
      scope.param,
      { message: `aggregate ${fn}() inside another aggregate (character ${e.pos + 1})` },
      { message: `聚合函数 ${fn}() 不能放在另一个聚合函数之内（${zhAt(e.pos)}）` },
    );
  }
  if (e.star) {
    if (fn !== 'count') {
      throw queryError(
        scope.param,
        { message: `${fn}(*) is not supported; only count(*) takes *` },
        { message: `不支持 ${fn}(*)；只有 count(*) 可以用 *` },
      );
    }
    return { kind: 'call', type: 'integer', fn, args: [], star: true };
  }
  if (e.distinct && fn !== 'count') {
    throw queryError(
      scope.param,
      {
        message: `${fn}(DISTINCT …) is not supported (character ${e.pos + 1}); only count takes DISTINCT`,
        hint: 'Count distinct values with count(distinct column).',
      },
      {
        message: `不支持 ${fn}(DISTINCT …)（${zhAt(e.pos)}）；只有 count 可以用 DISTINCT`,
        hint: '统计不同值的个数请用 count(distinct column)。',
      },
    );
  }
  const signature = FUNCTIONS[fn];
  const arity = signature.args.length;
  if (e.args.length !== arity) {
    throw queryError(
      scope.param,
      {
        message: `${fn}() takes ${arity} argument${arity === 1 ? '' : 's'}, got ${e.args.length} (character ${e.pos + 1})`,
      },
      { message: `${fn}() 需要 ${arity} 个参数，实际给了 ${e.args.length} 个（${zhAt(e.pos)}）` },
    );
  }
  const args = e.args.map((arg, i) => {
    const checked = checkExpr(arg, scope, insideAggregate || aggregate);
    const allowed = signature.args[i]!;
    if (allowed === 'any') {
      if (checked.type === 'null') {
        throw queryError(
          scope.param,
          { message: `${fn}() of NULL has no meaning` },
          { message: `对 NULL 求 ${fn}() 没有意义` },
        );
      }
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
      {
        message: `unknown system field ${written} at character ${pos + 1}`,
        hint: `System fields: ${SYSTEM_FIELDS.join(', ')}. Backquote a column whose name starts with a colon: \`${written}\`.`,
      },
      {
        message: `未知的系统字段 ${written}（${zhAt(pos)}）`,
        hint: `系统字段：${SYSTEM_FIELDS.join('、')}。名称以冒号开头的列请加反引号：\`${written}\`。`,
      },
    );
  }
  if (!scope.rowId) {
    throw queryError(
      scope.param,
      {
        message: `:id (character ${pos + 1}) is not available for this version: its query engine has no row positions`,
        hint: 'Filter and order by a column instead, e.g. the primary key.',
      },
      {
        message: `:id（${zhAt(pos)}）不能用于这个版本：它的查询引擎没有行位置`,
        hint: '请改用某一列（例如主键）来筛选和排序。',
      },
    );
  }
  return { kind: 'column', type: 'integer', name: scope.rowId, system: ':id' };
};

const resolveColumn = (name: string, pos: number, scope: Scope, insideAggregate: boolean): Checked => {
  const alias = scope.aliases?.get(name);
  if (alias) {
    if (insideAggregate && containsAggregate(alias)) {
      throw queryError(
        scope.param,
        { message: `alias \`${name}\` is an aggregate and cannot be used inside another aggregate` },
        { message: `别名 \`${name}\` 是聚合结果，不能放在另一个聚合函数之内` },
      );
    }
    return alias;
  }
  const field = scope.fields.get(name) ?? caseInsensitive(name, scope.fields);
  if (field) return { kind: 'column', type: valueTypeOf(field.type), name: field.name };
  const known = [...scope.fields.keys(), ...(scope.aliases?.keys() ?? [])];
  const guess = closestName(name, known);
  const listed = known.length <= 30;
  throw queryError(
    scope.param,
    {
      message: `unknown column \`${name}\` at character ${pos + 1}`,
      hint: `${guess ? `Did you mean \`${guess}\`?` : 'Check the column name in the dataset schema.'}${listed ? ` Columns: ${known.join(', ')}.` : ''}`,
    },
    {
      message: `未知的列 \`${name}\`（${zhAt(pos)}）`,
      hint: `${guess ? `是不是要写 \`${guess}\`？` : '请对照数据集的字段检查列名。'}${listed ? `可用的列：${known.join('、')}。` : ''}`,
    },
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
  const quoted = `'${word.replaceAll("'", "''")}'`;
  return queryError(
    scope.param,
    {
      message: `unknown column \`${word}\` at character ${pos + 1}`,
      hint: `${describeChecked(text)} is text: quote a text value, e.g. ${quoted} (a bare word is a column name).${guess ? ` Or did you mean the column \`${guess}\`?` : ''}`,
    },
    {
      message: `未知的列 \`${word}\`（${zhAt(pos)}）`,
      hint: `${joinZh(describeCheckedZh(text), '是文本：文本值要加引号，例如', quoted, '（不加引号的词是列名）。')}${guess ? `或者，是不是要写列 \`${guess}\`？` : ''}`,
    },
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

/** describeChecked in Chinese: 列 `name`，系统字段 :id，'text'，基于列 `name` 的表达式. */
export const describeCheckedZh = (e: Checked): string => {
  if (e.kind === 'column') return e.system ? `系统字段 ${e.system}` : `列 \`${e.name}\``;
  if (e.kind === 'param') return typeof e.value === 'string' ? `'${clip(e.value)}'` : String(e.value);
  if (e.kind === 'null') return 'NULL';
  const column = firstColumn(e);
  return column ? `基于列 \`${column}\` 的表达式` : '表达式';
};

/** What an operator or function is called in a Chinese message: the SoQL as written, `unary -` in words. */
const operatorZh = (what: string): string => (what === 'unary -' ? '一元运算符 -' : what);

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
  const hint =
    columnsHint(allowed, scope) ??
    (e.type === 'string'
      ? { en: 'Compare text with text, or pick a numeric column.', zh: '请用文本与文本比较，或选择数值类型的列。' }
      : undefined);
  throw queryError(
    scope.param,
    {
      message: `${what} needs ${allowed.join(' or ')}, but ${describeChecked(e)} is ${e.type === 'null' ? 'NULL' : e.type}`,
      hint: hint?.en,
    },
    {
      message: joinZh(
        `${operatorZh(what)} 需要`,
        allowed.map(zhTypeName).join('或'),
        '，但',
        describeCheckedZh(e),
        '是',
        zhTypeName(e.type),
      ),
      hint: hint?.zh,
    },
  );
};

/** Where a column of the right type is wanted: the dataset's columns of that type, or that it has none. */
const columnsHint = (allowed: readonly ValueType[], scope: Scope): { en: string; zh: string } | undefined => {
  if (allowed.includes('boolean') || allowed.includes('null')) return undefined;
  const kinds = allowed.join(' or ');
  const kindsZh = allowed.map(zhTypeName).join('或');
  const names = [...scope.fields.values()].filter((f) => allowed.includes(valueTypeOf(f.type))).map((f) => f.name);
  if (names.length === 0)
    return { en: `This dataset has no ${kinds} column.`, zh: `这个数据集没有${kindsZh}类型的列。` };
  const more = names.length > 10;
  const shown = more ? `${names.slice(0, 10).join(', ')}, …` : names.join(', ');
  const shownZh = more ? `${names.slice(0, 10).join('、')}……` : names.join('、');
  return {
    en: `Pick ${/^[aeiou]/.test(kinds) ? 'an' : 'a'} ${kinds} column: ${shown}.`,
    zh: `请选择${kindsZh}类型的列：${shownZh}。`,
  };
};

/** Makes two operands comparable: a quoted literal takes the type of the other side, if it fits. */
const unify = (a: Checked, b: Checked, what: string, scope: Scope): [Checked, Checked] => {
  if (a.kind === 'null' || b.kind === 'null') {
    throw queryError(
      scope.param,
      { message: `${what} with NULL is never true`, hint: 'Test for missing values with IS NULL or IS NOT NULL.' },
      { message: `${what} 与 NULL 比较永远不为真`, hint: '判断缺失值请用 IS NULL 或 IS NOT NULL。' },
    );
  }
  if (family(a.type) === family(b.type)) return [a, b];
  if (b.kind === 'param' && b.type === 'string') return [a, coerceTo(b, a, what, scope)];
  if (a.kind === 'param' && a.type === 'string') return [coerceTo(a, b, what, scope), b];
  throw queryError(
    scope.param,
    {
      message: `${what}: cannot compare ${describeChecked(a)} (${a.type}) with ${describeChecked(b)} (${b.type})`,
      hint: "Compare values of the same type; quote dates and times as text, e.g. '2024-01-31'.",
    },
    {
      message: joinZh(
        `${what}：`,
        describeCheckedZh(a),
        '是',
        zhTypeName(a.type),
        '，',
        describeCheckedZh(b),
        '是',
        zhTypeName(b.type),
        '，类型不同，无法比较',
      ),
      hint: "请比较相同类型的值；日期和时间要写成加引号的文本，例如 '2024-01-31'。",
    },
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
  const numeric = other.type === 'integer' || other.type === 'number';
  throw queryError(
    scope.param,
    {
      message: `${what}: ${describeChecked(other)} is ${other.type}, and ${coerced.reason}`,
      hint: numeric ? 'Write numbers without quotes, e.g. 42.' : 'Write the value in the column’s format.',
    },
    {
      message: joinZh(`${what}：`, describeCheckedZh(other), '是', zhTypeName(other.type), '，而', coerced.zh),
      hint: numeric ? '数字不要加引号，例如 42。' : WRITE_IN_FORMAT_ZH,
    },
  );
};

/** The hint of a value the column's type cannot read, in Chinese. */
export const WRITE_IN_FORMAT_ZH = '请按该列的格式书写值。';
