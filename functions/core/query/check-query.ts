import type { PublishedField } from '../catalog/schema.ts';
import { foldTraditional } from '../catalog/search/fold-chinese.ts';
import { joinZh } from '../zh-spacing.ts';
import {
  checkExpr,
  collationOf,
  containsAggregate,
  describeChecked,
  describeCheckedZh,
  type Scope,
  valueTypeOf,
  WRITE_IN_FORMAT_ZH,
} from './check-expression.ts';
import type { Checked, CheckedQuery, SortKey } from './checked-query.ts';
import { coerceText } from './coerce-literal.ts';
import { canonical, decodeCursor, fingerprintOf, MAX_CURSOR_KEYS } from './cursor.ts';
import type { Dialect } from './dialect.ts';
import { queryError, zhTypeName } from './query-error.ts';
import type { QueryRequest } from './query-request.ts';

export interface CheckOptions {
  /** Overrides `query.primaryKey`. */
  readonly primaryKey?: readonly string[];
  /**
   * A unique row-number column of the table `data` used as tiebreak when there is no primary key
   * (DuckDB: `file_row_number` of `read_parquet(…, file_row_number = true)`); null when the engine has none.
   */
  readonly rowIdColumn: string | null;
  /** The engine that runs the query: a cursor value is refused (400) unless its cast can read it back. */
  readonly engine: Dialect['name'];
  /**
   * A column of `data` holding the lower-cased text of every `string` field joined by spaces (the
   * DuckDB engine provides `__search`): `$q` then tests one column per term instead of lower-casing
   * every text column of every row (a rare term over 3M rows: 130 → 33 ms). Same answers: terms
   * never contain whitespace, so no term can match across two columns.
   */
  readonly searchColumn?: string;
  /**
   * The ICU collation the engine orders text by (DuckDB: `zh`, the order of Chinese spreadsheets and
   * PostgreSQL's zh_CN: pinyin); absent, text is ordered by code point (Athena). It applies to text
   * `$order` keys and to `<` `<=` `>` `>=` `BETWEEN` of text, never to `=`, `IN`, `LIKE`, `$group` or DISTINCT.
   */
  readonly collation?: string;
}

/** Output names the compiler reserves for its own sort and cursor columns. */
const RESERVED_PREFIX = '__';

/**
 * The semantic check: resolves columns, types every expression, enforces the aggregate rules, and
 * derives the total sort used for keyset pagination.
 */
export const checkQuery = (
  query: QueryRequest,
  fields: readonly PublishedField[],
  options: CheckOptions,
): CheckedQuery => {
  const byName = new Map(fields.map((f) => [f.name, f]));
  const scope = (param: string, aggregates: boolean, aliases: ReadonlyMap<string, Checked> | null = null): Scope => ({
    param,
    fields: byName,
    aliases,
    aggregates,
    rowId: options.rowIdColumn,
    ...(options.collation ? { collation: options.collation } : {}),
  });

  const select = checkSelect(query, fields, scope('$select', true));
  const aliases = new Map(select.filter((s) => s.alias).map((s) => [s.name, s.expr]));

  const conditions: Checked[] = [];
  if (query.where) conditions.push(expectBoolean(checkExpr(query.where, scope('$where', false)), '$where'));
  for (const filter of query.filters) conditions.push(checkFilter(filter.column, filter.value, byName));
  if (query.search.length) conditions.push(checkSearch(query.search, fields, options.searchColumn));
  const where = conditions.reduce<Checked | null>(
    (acc, c) => (acc ? { kind: 'binary', type: 'boolean', op: 'AND', left: acc, right: c } : c),
    null,
  );

  const group = query.group.map((g) => checkExpr(g, scope('$group', false, aliases)));
  const having = query.having
    ? expectBoolean(checkExpr(query.having, scope('$having', true, aliases)), '$having')
    : null;
  const order: SortKey[] = query.order.map((o) => {
    const orderScope = scope('$order', true, aliases);
    const expr = checkExpr(o.expr, orderScope);
    const collation = collationOf([expr], orderScope);
    return {
      expr,
      descending: o.descending,
      ...(o.nulls === 'first' ? { nullsFirst: true as const } : {}),
      ...(collation ? { collation } : {}),
    };
  });
  for (const o of order) {
    if (o.expr.type === 'null' || o.expr.kind === 'param') {
      throw queryError(
        '$order',
        { message: 'ordering by a constant has no effect', hint: 'Order by a column or an expression on one.' },
        { message: '按常量排序没有作用', hint: '请按列或基于列的表达式排序。' },
      );
    }
  }

  const distinct = query.distinct === true;
  if (distinct) checkDistinct(query, select, having, order);
  // DISTINCT is a grouping by the select items: they are the keys $order may use and the tiebreak.
  const distinctKeys = distinct ? select.map((s) => s.expr) : [];
  const aggregated =
    distinct ||
    group.length > 0 ||
    having !== null ||
    select.some((s) => containsAggregate(s.expr)) ||
    order.some((o) => containsAggregate(o.expr));
  if (aggregated) {
    const groupKeys = new Set([...group, ...distinctKeys].map(canonical));
    for (const s of select) requireGrouped(s.expr, groupKeys, '$select');
    if (having) requireGrouped(having, groupKeys, '$having');
    for (const o of order) requireGrouped(o.expr, groupKeys, '$order', distinct);
  }

  const primaryKey = options.primaryKey ?? query.primaryKey;
  let tiebreak: Checked[] | null;
  if (distinct) tiebreak = distinctKeys;
  else if (aggregated) tiebreak = group.length ? group : [];
  else if (primaryKey.length && primaryKey.every((name) => byName.has(name))) {
    tiebreak = primaryKey.map((name) => pkColumn(name, byName));
  } else if (options.rowIdColumn) tiebreak = [{ kind: 'column', type: 'integer', name: options.rowIdColumn }];
  else tiebreak = null;
  // Row positions are unique: an $order by `:id` is total already (and alone is the scan order, no sort).
  const rowId = options.rowIdColumn;
  if (rowId && order.some((o) => o.expr.kind === 'column' && o.expr.name === rowId)) tiebreak = [];

  // A tiebreak already sorted on is left out, unless that key is collated: a collation equates some
  // distinct strings, so the same expression in code point order still separates them.
  const keys = [...order];
  const seen = new Set(keys.filter((k) => !k.collation).map((k) => canonical(k.expr)));
  for (const t of tiebreak ?? []) {
    if (!seen.has(canonical(t))) keys.push({ expr: t, descending: false });
    seen.add(canonical(t));
  }
  const pagination = aggregated && !distinct && group.length === 0 ? 'single' : tiebreak ? 'keyset' : 'offset';
  // The keyset cursor holds every sort key ($order, then the tiebreak): more would make a `next` link that is refused.
  if (pagination === 'keyset' && keys.length > MAX_CURSOR_KEYS) {
    const param = distinct ? '$select' : group.length ? '$group' : '$order';
    throw queryError(
      param,
      {
        message: `${keys.length} sort keys ($order, then the keys that make it total); the limit is ${MAX_CURSOR_KEYS}`,
        hint: 'Order by fewer expressions, or select or group by fewer columns (`distinct *` counts every column).',
      },
      {
        message: `有 ${keys.length} 个排序键（$order，再加上使排序唯一确定的键）；上限为 ${MAX_CURSOR_KEYS} 个`,
        hint: '请减少排序表达式，或减少选择或分组的列（`distinct *` 会计入每一列）。',
      },
    );
  }
  // The filter is part of it too: a cursor followed with another filter is refused, not silently wrong.
  const fingerprint = fingerprintOf(keys, [where, having]);

  let after: (string | null)[] | null = null;
  if (query.cursor !== null) {
    if (pagination === 'single') {
      throw queryError(
        'cursor',
        { message: 'an aggregate without $group has a single row', hint: 'Drop `cursor`.' },
        { message: '不带 $group 的聚合查询只有一行结果', hint: '请去掉 `cursor`。' },
      );
    }
    if (pagination !== 'keyset') {
      throw queryError(
        'cursor',
        { message: 'this dataset has no key to page on', hint: 'Page with $offset instead.' },
        { message: '这个数据集没有可用于分页的键', hint: '请改用 $offset 分页。' },
      );
    }
    after = decodeCursor(query.cursor, fingerprint, keys, options.engine);
  }

  return {
    select: select.map(({ name, type, expr }) => ({ name, type, expr })),
    distinct,
    where,
    group,
    having,
    keys: pagination === 'single' ? [] : keys,
    pagination,
    fingerprint,
    after,
    limit: query.limit,
    offset: query.offset,
  };
};

interface SelectOut {
  readonly name: string;
  readonly type: string;
  readonly expr: Checked;
  readonly alias: boolean;
}

const checkSelect = (query: QueryRequest, fields: readonly PublishedField[], scope: Scope): SelectOut[] => {
  const items = query.select ?? [{ kind: 'star' as const, pos: 0 }];
  const out: SelectOut[] = [];
  const names = new Set<string>();
  const add = (item: SelectOut) => {
    out.push(item);
    names.add(item.name);
  };
  for (const item of items) {
    if (item.kind === 'star') {
      for (const f of fields) {
        if (names.has(f.name)) {
          throw selectedTwice(f.name);
        }
        add({
          name: f.name,
          type: f.type,
          expr: { kind: 'column', type: valueTypeOf(f.type), name: f.name },
          alias: false,
        });
      }
      continue;
    }
    const expr = checkExpr(item.expr, scope);
    const published = expr.kind === 'column' ? fields.find((f) => f.name === expr.name)?.type : undefined;
    const type = published ?? (expr.type === 'null' ? 'string' : expr.type);
    if (item.alias !== null) {
      if (item.alias.startsWith(RESERVED_PREFIX)) {
        throw queryError(
          '$select',
          { message: `alias \`${item.alias}\` starts with "__", which is reserved`, hint: 'Choose another alias.' },
          { message: `别名 \`${item.alias}\` 以保留前缀 "__" 开头`, hint: '请换一个别名。' },
        );
      }
      if (names.has(item.alias)) {
        throw queryError(
          '$select',
          { message: `output name \`${item.alias}\` is used twice`, hint: 'Give each item a distinct alias.' },
          { message: `输出名 \`${item.alias}\` 用了两次`, hint: '请给每一项起不同的别名。' },
        );
      }
      add({ name: item.alias, type, expr, alias: true });
      continue;
    }
    const base = autoName(expr, out.length + 1);
    if (expr.kind === 'column' && names.has(base)) {
      throw selectedTwice(base);
    }
    let name = base;
    for (let n = 2; names.has(name); n++) name = `${base}_${n}`;
    add({ name, type, expr, alias: false });
  }
  return out;
};

const selectedTwice = (name: string) =>
  queryError(
    '$select',
    { message: `column \`${name}\` is selected twice`, hint: 'Give one of them an alias with AS.' },
    { message: `列 \`${name}\` 被选择了两次`, hint: '请用 AS 给其中一个起别名。' },
  );

/**
 * `$select=distinct …` is rendered as SELECT DISTINCT (a GROUP BY would have to repeat each item, and
 * an item with a parameter, `population + 1`, does not match its repetition). So it takes no
 * aggregates, `$group` or `$having`, which SELECT DISTINCT would apply after the grouping.
 */
const checkDistinct = (
  query: QueryRequest,
  select: readonly SelectOut[],
  having: Checked | null,
  order: readonly SortKey[],
): void => {
  const hint = 'For counts per value, use $group with count(*) instead of DISTINCT.';
  const hintZh = '如需统计每个值的行数，请用 $group 加 count(*)，而不是 DISTINCT。';
  if (query.group.length) {
    throw queryError(
      '$select',
      { message: 'DISTINCT cannot be combined with $group', hint },
      { message: 'DISTINCT 不能与 $group 同时使用', hint: hintZh },
    );
  }
  if (having) {
    throw queryError(
      '$select',
      { message: 'DISTINCT cannot be combined with $having', hint: 'Filter with $where.' },
      { message: 'DISTINCT 不能与 $having 同时使用', hint: '请用 $where 筛选。' },
    );
  }
  if (select.some((s) => containsAggregate(s.expr)) || order.some((o) => containsAggregate(o.expr))) {
    throw queryError(
      '$select',
      { message: 'DISTINCT cannot be combined with aggregates', hint },
      { message: 'DISTINCT 不能与聚合函数同时使用', hint: hintZh },
    );
  }
};

/** Socrata-like default names: `name`, `count`, `sum_population`, else `expr_3`; `:id` for the system field. */
const autoName = (expr: Checked, position: number): string => {
  if (expr.kind === 'column') return expr.system ?? expr.name;
  if (expr.kind === 'call') {
    if (expr.star) return expr.fn;
    const arg = expr.args[0];
    if (expr.args.length === 1 && arg?.kind === 'column' && !arg.name.startsWith(RESERVED_PREFIX)) {
      return `${expr.fn}_${arg.name}`;
    }
    return expr.fn;
  }
  return `expr_${position}`;
};

const expectBoolean = (e: Checked, param: string): Checked => {
  if (e.type === 'boolean') return e;
  throw queryError(
    param,
    {
      message: `must be a condition (true or false), but ${describeChecked(e)} is ${e.type}`,
      hint: 'Write a comparison, e.g. population > 1000.',
    },
    {
      message: joinZh('必须是条件（结果为 true 或 false），但', describeCheckedZh(e), '是', zhTypeName(e.type)),
      hint: '请写一个比较，例如 population > 1000。',
    },
  );
};

/** In an aggregate query, every column outside an aggregate must be (part of) a $group expression. */
const requireGrouped = (e: Checked, groupKeys: ReadonlySet<string>, param: string, distinct = false): void => {
  if (groupKeys.has(canonical(e))) return;
  switch (e.kind) {
    case 'column': {
      if (distinct) {
        throw queryError(
          param,
          {
            message: `${e.system ? `system field ${e.system}` : `column \`${e.name}\``} is not one of the DISTINCT items`,
            hint: 'With DISTINCT, $order may only use the selected items (or their aliases).',
          },
          {
            message: `${describeCheckedZh(e)} 不是 DISTINCT 的选择项`,
            hint: '使用 DISTINCT 时，$order 只能使用所选的项（或它们的别名）。',
          },
        );
      }
      const name = e.system ?? `\`${e.name}\``;
      throw queryError(
        param,
        {
          message: `${e.system ? 'system field' : 'column'} ${name} must appear in $group or inside an aggregate`,
          hint: `Add ${name} to $group, or aggregate it, e.g. max(${name}).`,
        },
        {
          message: `${describeCheckedZh(e)} 必须出现在 $group 中，或放在聚合函数之内`,
          hint: `请把 ${name} 加入 $group，或对它聚合，例如 max(${name})。`,
        },
      );
    }
    case 'call':
      if (e.fn === 'count' || e.fn === 'sum' || e.fn === 'avg' || e.fn === 'min' || e.fn === 'max') return;
      for (const a of e.args) requireGrouped(a, groupKeys, param, distinct);
      return;
    case 'not':
    case 'negate':
    case 'isNull':
      requireGrouped(e.operand, groupKeys, param, distinct);
      return;
    case 'binary':
      requireGrouped(e.left, groupKeys, param, distinct);
      requireGrouped(e.right, groupKeys, param, distinct);
      return;
    case 'in':
      for (const x of [e.operand, ...e.list]) requireGrouped(x, groupKeys, param, distinct);
      return;
    case 'between':
      for (const x of [e.operand, e.low, e.high]) requireGrouped(x, groupKeys, param, distinct);
      return;
    case 'like':
      requireGrouped(e.operand, groupKeys, param, distinct);
      requireGrouped(e.pattern, groupKeys, param, distinct);
      return;
    case 'contains':
      throw queryError(
        param,
        { message: `column \`${e.column}\` must appear in $group or inside an aggregate` },
        { message: `列 \`${e.column}\` 必须出现在 $group 中，或放在聚合函数之内` },
      );
    default:
      return;
  }
};

const checkFilter = (column: string, value: string, byName: ReadonlyMap<string, PublishedField>): Checked => {
  const field = byName.get(column);
  if (!field) {
    throw queryError(
      column,
      { message: `unknown column \`${column}\``, hint: 'Filter parameters are column names.' },
      { message: `未知的列 \`${column}\``, hint: '筛选参数的名称必须是列名。' },
    );
  }
  const type = valueTypeOf(field.type);
  const coerced = coerceText(value, type);
  if (!coerced.ok) {
    throw queryError(
      column,
      {
        message: `column \`${column}\` is ${field.type}, and ${coerced.reason}`,
        hint: 'Write the value in the column’s format.',
      },
      {
        message: joinZh(`列 \`${column}\` 是`, zhTypeName(field.type), '，而', coerced.zh),
        hint: WRITE_IN_FORMAT_ZH,
      },
    );
  }
  return {
    kind: 'binary',
    type: 'boolean',
    op: '=',
    left: { kind: 'column', type, name: field.name },
    right: { kind: 'param', type, value: coerced.value },
  };
};

/** Columns `$q` searches: every field published as text (`string`, and `yearmonth` and `geopoint`). */
export const textColumnsOf = (fields: readonly PublishedField[]): string[] =>
  fields.filter((f) => valueTypeOf(f.type) === 'string').map((f) => f.name);

const checkSearch = (terms: readonly string[], fields: readonly PublishedField[], searchColumn?: string): Checked => {
  const textColumns = textColumnsOf(fields);
  if (textColumns.length === 0) {
    throw queryError(
      '$q',
      { message: 'this dataset has no text columns to search', hint: 'Filter with $where instead.' },
      { message: '这个数据集没有可供搜索的文本列', hint: '请改用 $where 筛选。' },
    );
  }
  const or = (acc: Checked, c: Checked): Checked => ({
    kind: 'binary',
    type: 'boolean',
    op: 'OR',
    left: acc,
    right: c,
  });
  const perTerm = terms.map((term): Checked => {
    // A traditional term also matches its simplified form (海澱 finds 海淀): one more substring test, only
    // for a term that has a traditional character. Unlike catalogue search, the data is not folded.
    const simplified = foldTraditional(term);
    const forms = simplified === term ? [term] : [term, simplified];
    return forms
      .flatMap((form): Checked[] =>
        searchColumn
          ? [{ kind: 'contains', type: 'boolean', column: searchColumn, term: form, folded: true }]
          : textColumns.map((column): Checked => ({ kind: 'contains', type: 'boolean', column, term: form })),
      )
      .reduce(or);
  });
  return perTerm.reduce((acc, c) => ({ kind: 'binary', type: 'boolean', op: 'AND', left: acc, right: c }));
};

const pkColumn = (name: string, byName: ReadonlyMap<string, PublishedField>): Checked => {
  // Only called once every key column is known to be published (a treatment may have removed one).
  const field = byName.get(name)!;
  return { kind: 'column', type: valueTypeOf(field.type), name };
};
