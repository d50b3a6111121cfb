import type { FieldSpec } from '../../core/manifest/schema.ts';
import { rawValuesPublished } from '../../core/protection/raw-values-published.ts';
import type { ValidationIssue } from '../../core/validation/report.ts';
import type { LostValues, MergedRange, UnheldCell } from './xlsx-lost-values.ts';

/** The sheet the values were looked for in. */
export interface SheetPlace {
  readonly file: string;
  readonly sheet: string;
  readonly headerRow: number;
}

const MERGE_HINT =
  'unmerge the cells and fill the value into every one of them, then save: in WPS 表格, select the merged cells and choose 合并居中 → 拆分并填充内容; in Excel, select them and click Merge & Center to unmerge, then Find & Select → Go To Special → Blanks, type = and press ↑ (the cell above), and press Ctrl+Enter';
const FORMULA_HINT =
  "open the workbook in Excel or WPS and save it again so each formula's value is stored, or export the values (复制 → 选择性粘贴 → 数值)";
const ERROR_HINT =
  'fix the formula, or the cells it uses, so that it gives a value (=IFERROR(…, "") gives an empty cell instead of an error), or clear the cell to leave it empty; then save the workbook';

/** What each error value says, for a clerk who sees only the code. */
const ERRORS: Record<string, string> = {
  '#DIV/0!': 'a division by zero or by an empty cell',
  '#N/A': 'a lookup (VLOOKUP, MATCH…) that found nothing',
  '#VALUE!': 'a value of the wrong kind, such as text in a sum',
  '#REF!': 'a reference to cells that were deleted',
  '#NAME?': 'a function or name the program does not know',
  '#NUM!': 'a number that cannot be calculated',
  '#NULL!': 'ranges that do not intersect',
  '#SPILL!': 'a result with no room to spill into',
  '#CALC!': 'a calculation the program cannot do',
};

/** Formulas up to this length are shown in the message (a longer one is known by its cell). */
const SHOWN_FORMULA = 60;

/**
 * The issues of the values a sheet would lose (xlsx-lost-values.ts): each refuses the release, with the
 * sheet, the cell or range, the sheet row and the field, and what to do in the spreadsheet program.
 */
export function lostValueIssues(lost: LostValues<FieldSpec>, place: SheetPlace): ValidationIssue[] {
  return [...lost.merges.map((m) => mergeIssue(m, place)), ...lost.cells.map((c) => cellIssue(c, place))];
}

function mergeIssue(m: MergedRange<FieldSpec>, place: SheetPlace): ValidationIssue {
  const { field } = m;
  const rows = m.top === m.bottom ? `sheet row ${m.top}` : `sheet rows ${m.top} to ${m.bottom}`;
  const first = m.ref.split(':')[0];
  return {
    type: 'cell/merged',
    file: place.file,
    row: m.firstDataRow - place.headerRow,
    sheetRow: m.firstDataRow,
    field: field.name,
    message: `sheet "${place.sheet}": cells ${m.ref} (${rows}) are merged; a merged range holds its value in its first cell (${first}) only, so its other cells of "${field.name}" would be published empty`,
    hint: MERGE_HINT,
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
  if (c.kind === 'error') {
    const meaning = ERRORS[c.error.toUpperCase()];
    return {
      type: 'cell/error',
      ...at,
      value: c.error,
      message: `${where}: the cell holds the error ${c.error}${meaning ? ` (${meaning})` : ''}, not a value; it would be published empty`,
      hint: ERROR_HINT,
    };
  }
  // A formula may hold the literal values of a field whose values are not shown.
  const shown =
    c.formula !== '' && c.formula.length <= SHOWN_FORMULA && rawValuesPublished(field)
      ? `the formula =${c.formula}`
      : 'the formula';
  return {
    type: 'cell/formula-without-value',
    ...at,
    message: `${where}: ${shown} has no value stored in the file (the program that wrote the workbook did not calculate it), so the cell would be published empty`,
    hint: FORMULA_HINT,
  };
}
