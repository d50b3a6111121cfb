import type { DatasetManifest, FieldSpec } from '../manifest/schema.ts';
import { paramRef, quoteIdent } from '../sql/quote.ts';
import { castTrimmedSql, duckType, typeHint, typeHintZh } from './cast-sql.ts';
import type { IssueType } from './report.ts';
import { placeName, placeNameZh, type RowPlace } from './source-rows.ts';
import { zhField, zhType } from './zh.ts';

/**
 * The row checks of a manifest (types and constraints) as SQL, shared by the detailed validator
 * (validate-table.ts: counts, then sample rows) and the fused staging pass (stage-sql.ts), so that
 * both decide validity with the same expressions.
 *
 * Expressions read, for the field at index i: `__v<i>` (trimmed text, NULL when empty), `__t<i>`
 * (the value cast to the field's type; only when the type is not text) and the raw column.
 */
export interface RowCheck {
  readonly type: IssueType;
  readonly field: FieldSpec;
  /** SQL condition over table `src` (raw VARCHAR columns + __file, __row) true for offending rows; `?` params. */
  readonly where: string;
  readonly whereParams: readonly string[];
  /** Per-row boolean, true for an offending row (counted with count_if); named params. */
  readonly flag?: string;
  /**
   * Counting aggregate for checks across rows (unique, primary key), given the key expression of
   * each field concerned (the trimmed text, or any injective function of it).
   */
  readonly aggregate?: (key: (f: FieldSpec) => string) => string;
  /** Named parameters of `flag` (name without `$` → text value). */
  readonly params: Readonly<Record<string, string>>;
  /**
   * For checks of repeated values (unique, primary key): the key that rows repeat, and the condition
   * for a row to take part, so the report can name the earlier row each offending row repeats.
   */
  readonly duplicate?: { readonly key: string; readonly among?: string };
  /**
   * The issue's message, given the value as the report shows it (masked, or shortened), the length
   * in characters of the whole cell (DuckDB's length(), as the max-length check counts) and, for
   * repeated values, the earlier row repeated (`place`: where it is in its file, line 5).
   */
  readonly message: (value: string, length: number, earlier?: EarlierRow) => string;
  readonly hint: string;
  /**
   * The message and hint in Chinese (the issue's `zh`): `message` takes the same arguments as the
   * English one, so the value is masked or shortened alike.
   */
  readonly zh: {
    readonly message: (value: string, length: number, earlier?: EarlierRow) => string;
    readonly hint: string;
  };
}

export const trimmedRef = (i: number) => `__v${i}`;

/** The row a repeated value was first seen in: file ('' for the issue's own), row, and its line or sheet row. */
export type EarlierRow = { file: string; row: number; place?: RowPlace };

/** "row 3", "row 3 (line 5)", or "row 3 of a.csv (line 5)" when the release has several files. */
const whereRow = (r: EarlierRow) =>
  `row ${r.row}${r.file ? ` of ${r.file}` : ''}${r.place ? ` (${placeName(r.place.unit, r.place.n)})` : ''}`;
/** whereRow in Chinese: 第 3 行, 第 3 行（文件第 5 行）, a.csv 的第 3 行（文件第 5 行）. */
const whereRowZh = (r: EarlierRow) =>
  `${r.file ? `${r.file} 的` : ''}第 ${r.row} 行${r.place ? `（${placeNameZh(r.place.unit, r.place.n)}）` : ''}`;
export const typedRef = (i: number) => `__t${i}`;

/** True when the field's typed value is its trimmed text (text fields: the cast cannot fail). */
export function castIsText(f: Pick<FieldSpec, 'type' | 'format'>): boolean {
  return castTrimmedSql(f, '__x') === '__x';
}

/**
 * In a sheet, a date cell is read as its date whatever `format` says (load-xlsx.ts); a date that does
 * not read is a text cell, which the clerk sees looking like the date cells around it.
 */
function sheetTextNote(manifest: DatasetManifest, f: FieldSpec): string {
  if (!isSheetDate(manifest, f)) return '';
  return 'the cell is text (or a plain number) in the sheet, not an Excel date (date cells are read as dates whatever `format` says; `format` reads text cells): enter it as a date, or ';
}

/** sheetTextNote in Chinese, the start of the hint: it ends where “填写” + typeHintZh follows. */
function sheetTextNoteZh(manifest: DatasetManifest, f: FieldSpec): string {
  if (!isSheetDate(manifest, f)) return '请';
  return '该单元格在工作表中是文本（或普通数字），不是 Excel 日期（日期单元格不论 `format` 怎么写都按日期读取，`format` 只用于读取文本单元格）：请把它录入为日期，或者';
}

const isSheetDate = (manifest: DatasetManifest, f: FieldSpec) =>
  manifest.source.format === 'xlsx' && (f.type === 'date' || f.type === 'datetime');

/** The hint of a cell refused by its type, in English and in Chinese. */
function typeCheckHints(manifest: DatasetManifest, f: FieldSpec): { en: string; zh: string } {
  return {
    en: `${sheetTextNote(manifest, f)}write ${typeHint(f)}`,
    zh: `${sheetTextNoteZh(manifest, f)}填写${typeHintZh(f)}`,
  };
}

/** The checks of every field, in manifest order, then the primary key. */
export function rowChecks(manifest: DatasetManifest): RowCheck[] {
  const checks: RowCheck[] = [];
  for (const [i, f] of manifest.fields.entries()) {
    const col = quoteIdent(f.name);
    const present = `NULLIF(trim(${col}), '') IS NOT NULL`;
    const cast = castTrimmedSql(f, `NULLIF(trim(${col}), '')`);
    const v = trimmedRef(i);
    const text = castIsText(f);
    const typed = text ? v : typedRef(i);
    const p = (suffix: string) => `c${i}_${suffix}`;
    if (!text) {
      // A text field's cast is the trimmed text itself: it cannot fail, so it needs no check.
      const hints = typeCheckHints(manifest, f);
      checks.push({
        type: 'cell/type',
        field: f,
        where: `${present} AND ${cast} IS NULL`,
        whereParams: [],
        flag: `(${v} IS NOT NULL AND ${typed} IS NULL)`,
        params: {},
        message: (v) => `"${v}" is not a valid ${f.type}`,
        hint: hints.en,
        zh: { message: (v) => `“${v}”不是有效的${zhType(f.type)}`, hint: hints.zh },
      });
    }
    const c = f.constraints;
    if (c?.required || manifest.primaryKey.includes(f.name)) {
      const inKey = manifest.primaryKey.includes(f.name);
      checks.push({
        type: 'cell/required',
        field: f,
        where: `NOT (${present})`,
        whereParams: [],
        flag: `(${v} IS NULL)`,
        params: {},
        message: () => `a value is required in "${f.name}"`,
        hint: inKey
          ? 'primary key fields must have a value in every row'
          : 'fill the cell, or drop `required` if empty values are legitimate',
        zh: {
          message: () => `${zhField(f.name)}必须有值，这里是空的`,
          hint: inKey ? '主键字段在每一行都必须有值' : '请填写这个单元格；如果允许为空，请去掉 `required`',
        },
      });
    }
    const shift = f.treatment?.kind === 'date-shift' ? f.treatment : undefined;
    const keyIndex = shift ? manifest.fields.findIndex((k) => k.name === shift.keyField) : -1;
    const key = manifest.fields[keyIndex];
    // A date shifted per record needs the record's key: without one, the date would be published as
    // null (one shared shift would be learnt from a single record), silently losing it. A key that is
    // required already has its own check.
    if (shift && key && !key.constraints?.required && !manifest.primaryKey.includes(key.name)) {
      const keyPresent = `NULLIF(trim(${quoteIdent(key.name)}), '') IS NOT NULL`;
      checks.push({
        type: 'cell/required',
        field: key,
        where: `${present} AND NOT (${keyPresent})`,
        whereParams: [],
        flag: `(${v} IS NOT NULL AND ${trimmedRef(keyIndex)} IS NULL)`,
        params: {},
        message: () =>
          `"${key.name}" is empty, but "${f.name}" has a date, which is shifted per "${key.name}" (date-shift keyField): it cannot be shifted`,
        hint: `fill "${key.name}" in every row that has a date in "${f.name}", or key the date-shift by a field that always has a value (mark it \`required\`)`,
        zh: {
          message: () =>
            `${zhField(key.name)}是空的，但${zhField(f.name)}有日期；这个日期要按${zhField(key.name)}逐条做日期偏移（date-shift 的 keyField），缺了它就无法偏移`,
          hint: `凡是${zhField(f.name)}有日期的行，都请填写${zhField(key.name)}；或者改按一个每行都有值的字段做日期偏移（把它标为 \`required\`）`,
        },
      });
    }
    if (c?.enum) {
      const names = c.enum.map((_, j) => p(`e${j}`));
      checks.push({
        type: 'cell/enum',
        field: f,
        where: `${present} AND trim(${col}) NOT IN (${c.enum.map(() => '?').join(', ')})`,
        whereParams: c.enum.map(String),
        // list_contains rather than NOT IN: DuckDB plans a long IN list as a join, which does not
        // keep row order in the staging pass.
        flag: `(${v} IS NOT NULL AND NOT list_contains([${names.map(paramRef).join(', ')}], ${v}))`,
        params: Object.fromEntries(names.map((n, j) => [n, String(c.enum?.[j])])),
        message: (v) => `"${v}" is not one of the allowed values`,
        hint: `use one of: ${c.enum.slice(0, 20).join(', ')}`,
        zh: {
          message: (v) => `“${v}”不在允许的取值中`,
          hint: `请使用以下取值之一：${c.enum.slice(0, 20).join('、')}`,
        },
      });
    }
    if (c?.minimum !== undefined) {
      checks.push({
        type: 'cell/minimum',
        field: f,
        where: `${cast} < CAST(? AS ${duckType(f.type)})`,
        whereParams: [String(c.minimum)],
        flag: `(${typed} < CAST(${paramRef(p('min'))} AS ${duckType(f.type)}))`,
        params: { [p('min')]: String(c.minimum) },
        message: (v) => `${v} is below the minimum ${c.minimum}`,
        hint: `values of "${f.name}" must be >= ${c.minimum}; fix the value or the constraint`,
        zh: {
          message: (v) => `${v} 小于最小值 ${c.minimum}`,
          hint: `${zhField(f.name)}的值必须大于或等于 ${c.minimum}：请更正这个值，或修改这条约束`,
        },
      });
    }
    if (c?.maximum !== undefined) {
      checks.push({
        type: 'cell/maximum',
        field: f,
        where: `${cast} > CAST(? AS ${duckType(f.type)})`,
        whereParams: [String(c.maximum)],
        flag: `(${typed} > CAST(${paramRef(p('max'))} AS ${duckType(f.type)}))`,
        params: { [p('max')]: String(c.maximum) },
        message: (v) => `${v} is above the maximum ${c.maximum}`,
        hint: `values of "${f.name}" must be <= ${c.maximum}; fix the value or the constraint`,
        zh: {
          message: (v) => `${v} 大于最大值 ${c.maximum}`,
          hint: `${zhField(f.name)}的值必须小于或等于 ${c.maximum}：请更正这个值，或修改这条约束`,
        },
      });
    }
    if (c?.pattern) {
      checks.push({
        type: 'cell/pattern',
        field: f,
        where: `${present} AND NOT regexp_full_match(trim(${col}), ?)`,
        whereParams: [c.pattern],
        flag: `(${v} IS NOT NULL AND NOT regexp_full_match(${v}, ${paramRef(p('pattern'))}))`,
        params: { [p('pattern')]: c.pattern },
        message: (v) => `"${v}" does not match the pattern ${c.pattern}`,
        hint: `values must match the whole pattern ${c.pattern} (RE2 syntax)`,
        zh: {
          message: (v) => `“${v}”不符合格式（正则表达式）${c.pattern}`,
          hint: `整个值都必须符合格式（正则表达式）${c.pattern}，只有一部分符合不算（RE2 语法）`,
        },
      });
    }
    if (c?.maxLength) {
      checks.push({
        type: 'cell/max-length',
        field: f,
        where: `length(${col}) > ${Number(c.maxLength)}`,
        whereParams: [],
        flag: `(length(${col}) > ${Number(c.maxLength)})`,
        params: {},
        message: (_, length) => `value is ${length} characters long, more than ${c.maxLength}`,
        hint: `shorten the value or raise maxLength`,
        zh: {
          message: (_, length) => `值的长度为 ${length} 个字符，超过了最大长度 ${c.maxLength}`,
          hint: '请缩短这个值，或调高 `maxLength`',
        },
      });
    }
    if (c?.unique) {
      checks.push({
        type: 'cell/unique',
        field: f,
        where: `${present} AND concat(__file, ':', __row) IN (SELECT concat(__file, ':', __row) FROM (SELECT __file, __row, row_number() OVER (PARTITION BY trim(${col}) ORDER BY __file, __row) AS n FROM src WHERE ${present}) WHERE n > 1)`,
        whereParams: [],
        // Rows repeating an earlier value = values present - distinct values (no window in the counting pass).
        aggregate: (key) => `(count(${key(f)}) - count(DISTINCT ${key(f)}))`,
        params: {},
        duplicate: { key: `trim(${col})`, among: present },
        message: (v, _, earlier) => `"${v}" appears in an earlier row too${earlier ? `: ${whereRow(earlier)}` : ''}`,
        hint: `values of "${f.name}" must be unique; remove the duplicate row or drop \`unique\``,
        zh: {
          message: (v, _, earlier) => `“${v}”在前面的行中已经出现过${earlier ? `：${whereRowZh(earlier)}` : ''}`,
          hint: `${zhField(f.name)}的值必须唯一：请删除重复的行，或去掉 \`unique\``,
        },
      });
    }
  }
  if (manifest.primaryKey.length > 0) {
    const keyFields = manifest.primaryKey.map((k) => manifest.fields.find((f) => f.name === k) as FieldSpec);
    const trimmed = manifest.primaryKey.map((k) => `trim(${quoteIdent(k)})`).join(', ');
    checks.push({
      type: 'row/primary-key',
      field: keyFields[0] as FieldSpec,
      where: `concat(__file, ':', __row) IN (SELECT concat(__file, ':', __row) FROM (SELECT __file, __row, row_number() OVER (PARTITION BY ${trimmed} ORDER BY __file, __row) AS n FROM src) WHERE n > 1)`,
      whereParams: [],
      // One key column: plain DISTINCT (cheaper than on a struct), NULL counted as one value like row(NULL).
      aggregate: (key) => {
        const k = keyFields.map(key).join(', ');
        return keyFields.length === 1
          ? `(count(*) - count(DISTINCT ${k}) - CASE WHEN count_if(${k} IS NULL) > 0 THEN 1 ELSE 0 END)`
          : `(count(*) - count(DISTINCT row(${k})))`;
      },
      params: {},
      duplicate: { key: trimmed },
      message: (_, __, earlier) =>
        `primary key (${manifest.primaryKey.join(', ')}) repeats ${earlier ? whereRow(earlier) : 'an earlier row'}`,
      hint: 'every row must have a distinct primary key: remove the duplicate or fix the key declaration',
      zh: {
        message: (_, __, earlier) =>
          `主键（${manifest.primaryKey.join('、')}）与前面的行重复${earlier ? `：${whereRowZh(earlier)}` : ''}`,
        hint: '每一行的主键都必须互不相同：请删除重复的行，或更正主键的声明',
      },
    });
  }
  return checks;
}
