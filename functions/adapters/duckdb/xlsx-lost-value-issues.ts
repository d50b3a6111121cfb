import type { FieldSpec } from '../../core/manifest/schema.ts';
import { rawValuesPublished } from '../../core/protection/raw-values-published.ts';
import type { ValidationIssue } from '../../core/validation/report.ts';
import { zh, zhField } from '../../core/validation/zh.ts';
import type { LostValues, MergedRange, UnheldCell } from './xlsx-lost-values.ts';

/** The sheet the values were looked for in. */
export interface SheetPlace {
  readonly file: string;
  readonly sheet: string;
  readonly headerRow: number;
}

const MERGE_HINT =
  'unmerge the cells and fill the value into every one of them, then save: in WPS 表格, select the merged cells and choose 合并居中 → 拆分并填充内容; in Excel, select them and click Merge & Center to unmerge, then Find & Select → Go To Special → Blanks, type = and press ↑ (the cell above), and press Ctrl+Enter';
const MERGE_HINT_ZH =
  '请取消合并，并在每个单元格里都填上值，然后保存：在 WPS 表格中，选中合并的单元格，选择 合并居中 → 拆分并填充内容；在 Excel 中，选中这些单元格，点击“合并后居中”取消合并，再选择 查找和选择 → 定位条件 → 空值，输入 = 并按 ↑（引用上方的单元格），最后按 Ctrl+Enter';
const FORMULA_HINT =
  "open the workbook in Excel or WPS and save it again so each formula's value is stored, or export the values (复制 → 选择性粘贴 → 数值)";
const FORMULA_HINT_ZH =
  '请在 Excel 或 WPS 中打开工作簿并重新保存，让每个公式的计算结果都存进文件；或者只导出数值（复制 → 选择性粘贴 → 数值）';
const ERROR_HINT =
  'fix the formula, or the cells it uses, so that it gives a value (=IFERROR(…, "") gives an empty cell instead of an error), or clear the cell to leave it empty; then save the workbook';
const ERROR_HINT_ZH =
  '请修改公式或它引用的单元格，让公式算出一个值（=IFERROR(…, "") 会在出错时得到空单元格，而不是错误值），或者清空该单元格；然后保存工作簿';

/** What each error value says, for a clerk who sees only the code (in English and in Chinese). */
const ERRORS: Record<string, { en: string; zh: string }> = {
  '#DIV/0!': { en: 'a division by zero or by an empty cell', zh: '除数为零或为空单元格' },
  '#N/A': { en: 'a lookup (VLOOKUP, MATCH…) that found nothing', zh: '查找（VLOOKUP、MATCH 等）没有找到结果' },
  '#VALUE!': { en: 'a value of the wrong kind, such as text in a sum', zh: '值的类型不对，例如对文本求和' },
  '#REF!': { en: 'a reference to cells that were deleted', zh: '引用的单元格已被删除' },
  '#NAME?': { en: 'a function or name the program does not know', zh: '程序不认识的函数或名称' },
  '#NUM!': { en: 'a number that cannot be calculated', zh: '无法计算的数字' },
  '#NULL!': { en: 'ranges that do not intersect', zh: '引用的区域没有交集' },
  '#SPILL!': { en: 'a result with no room to spill into', zh: '结果没有空间溢出显示' },
  '#CALC!': { en: 'a calculation the program cannot do', zh: '程序无法完成的计算' },
};

/** Formulas up to this length are shown in the message (a longer one is known by its cell). */
const SHOWN_FORMULA = 60;

/**
 * The issues of the values a sheet would lose (xlsx-lost-values.ts): each refuses the release, with the
 * sheet, the cell or range, the sheet row and the field, and what to do in the spreadsheet program.
 */
export function lostValueIssues(
  lost: LostValues<FieldSpec>,
  place: SheetPlace,
  primaryKey: readonly string[],
): ValidationIssue[] {
  return [...lost.merges.map((m) => mergeIssue(m, place, primaryKey)), ...lost.cells.map((c) => cellIssue(c, place))];
}

/**
 * The key a merged range spans over two or more data rows, if any: a `unique` field, or the primary key
 * when every column of it lies in the range. Unmerged and filled down as the ordinary hint says, the
 * range would repeat one key value over its rows, which the next upload refuses: said ahead.
 */
export function keySpanned(
  m: MergedRange<FieldSpec>,
  primaryKey: readonly string[],
): { kind: 'primary-key' | 'unique'; names: readonly string[] } | null {
  if (m.dataRows < 2) return null;
  const inRange = new Set(m.fields.map((f) => f.name));
  if (primaryKey.length > 0 && primaryKey.every((k) => inRange.has(k)))
    return { kind: 'primary-key', names: primaryKey };
  const unique = m.fields.find((f) => f.constraints?.unique);
  return unique ? { kind: 'unique', names: [unique.name] } : null;
}

/** What the merge issue says of a key it spans: appended to the message, and the hint that replaces the fill-down one. */
function keyWords(key: NonNullable<ReturnType<typeof keySpanned>>, rows: number) {
  const names = key.names.map((n) => `"${n}"`).join(', ');
  const namesZh = key.names.map((n) => `“${n}”`).join('、');
  const pk = key.kind === 'primary-key';
  const what = pk ? `the primary key (${names})` : `${names}, declared unique,`;
  const whatZh = pk ? `主键（${namesZh}）` : `字段${namesZh}声明了 unique（取值不能重复），它`;
  const fix = pk
    ? 'choose in dataset.yaml a primaryKey that tells the rows apart'
    : `remove unique: true from the constraints of ${names} in dataset.yaml`;
  const fixZh = pk
    ? '请在 dataset.yaml 中另选一个能区分各行的 primaryKey'
    : `请在 dataset.yaml 中删去${namesZh}的 unique: true 约束`;
  return {
    message: `; ${what} must not repeat, so filling the range down would repeat one value over its ${rows} rows`,
    hint: `unmerge the cells (WPS 表格: 合并居中 → 取消合并单元格; Excel: click Merge & Center) and type each row's own value of ${names}, then save; if these ${rows} rows really share one value, ${names} does not tell them apart: ${fix}`,
    zh: {
      message: `；${whatZh}不能重复，把合并的值向下填充会让同一个值在这 ${rows} 行中重复`,
      hint: `请取消合并（WPS 表格：合并居中 → 取消合并单元格；Excel：点击“合并后居中”），为每一行填上${namesZh}各自的值，然后保存；如果这 ${rows} 行确实共用同一个值，说明${namesZh}不能区分这些行：${fixZh}`,
    },
  };
}

function mergeIssue(m: MergedRange<FieldSpec>, place: SheetPlace, primaryKey: readonly string[]): ValidationIssue {
  const { field } = m;
  const key = keySpanned(m, primaryKey);
  const keyed = key ? keyWords(key, m.dataRows) : undefined;
  const rows = m.top === m.bottom ? `sheet row ${m.top}` : `sheet rows ${m.top} to ${m.bottom}`;
  const rowsZh = m.top === m.bottom ? `工作表第 ${m.top} 行` : `工作表第 ${m.top} 至 ${m.bottom} 行`;
  const first = m.ref.split(':')[0];
  return {
    type: 'cell/merged',
    file: place.file,
    row: m.firstDataRow - place.headerRow,
    sheetRow: m.firstDataRow,
    field: field.name,
    message: `sheet "${place.sheet}": cells ${m.ref} (${rows}) are merged; a merged range holds its value in its first cell (${first}) only, so its other cells of "${field.name}" would be published empty${keyed?.message ?? ''}`,
    hint: keyed?.hint ?? MERGE_HINT,
    zh: zh(
      `工作表“${place.sheet}”：单元格 ${m.ref}（${rowsZh}）是合并单元格；合并区域只在第一个单元格（${first}）中保存值，所以${zhField(field.name)}中被合并的其他单元格会按空值发布${keyed?.zh.message ?? ''}`,
      keyed?.zh.hint ?? MERGE_HINT_ZH,
    ),
  };
}

function cellIssue(c: UnheldCell<FieldSpec>, place: SheetPlace): ValidationIssue {
  const { field } = c;
  const at = {
    file: place.file,
    row: c.row - place.headerRow,
    sheetRow: c.row,
    field: field.name,
  };
  const where = `sheet row ${c.row}, cell ${c.ref} of sheet "${place.sheet}"`;
  const whereZh = `工作表“${place.sheet}”第 ${c.row} 行的单元格 ${c.ref}`;
  if (c.kind === 'error') {
    const meaning = ERRORS[c.error.toUpperCase()];
    return {
      type: 'cell/error',
      ...at,
      value: c.error,
      message: `${where}: the cell holds the error ${c.error}${meaning ? ` (${meaning.en})` : ''}, not a value; it would be published empty`,
      hint: ERROR_HINT,
      zh: zh(
        `${whereZh}：单元格里是错误值 ${c.error}${meaning ? `（${meaning.zh}）` : ''}，不是一个值；它会按空值发布`,
        ERROR_HINT_ZH,
      ),
    };
  }
  // A formula may hold the literal values of a field whose values are not shown.
  const formula =
    c.formula !== '' && c.formula.length <= SHOWN_FORMULA && rawValuesPublished(field) ? `=${c.formula}` : undefined;
  return {
    type: 'cell/formula-without-value',
    ...at,
    message: `${where}: ${formula ? `the formula ${formula}` : 'the formula'} has no value stored in the file (the program that wrote the workbook did not calculate it), so the cell would be published empty`,
    hint: FORMULA_HINT,
    zh: zh(
      `${whereZh}：${formula ? `公式 ${formula} ` : '公式'}在文件中没有保存计算结果（生成这个工作簿的程序没有计算它），所以该单元格会按空值发布`,
      FORMULA_HINT_ZH,
    ),
  };
}
