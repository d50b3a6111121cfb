import type { DatasetManifest, FieldSpec } from '../../core/manifest/schema.ts';
import { rawValuesPublished } from '../../core/protection/raw-values-published.ts';
import { maskForReport, type ValidationIssue, type ZhText } from '../../core/validation/report.ts';
import { zh, zhField, zhType } from '../../core/validation/zh.ts';
import type { DuckDbSession } from './duckdb.ts';
import { dayOf, type FormattedDate, formatDates, isMidnight, isoDate, isoDateTime, sheetTime } from './xlsx-dates.ts';
import { exceedsSheetPrecision, SheetNumber } from './xlsx-numbers.ts';

/** A cell as read-excel-file gives it, numbers left as their text (SheetNumber). */
export type Cell = string | number | boolean | Date | SheetNumber | null | undefined;

/** Where a cell is: its data row (the report's row) and its spreadsheet row. */
export interface CellPlace {
  readonly file: string;
  readonly row: number;
  readonly sheetRow: number;
}

/** A cell's CSV text (null: empty) and, when the cell cannot be taken as it is, the issue saying why. */
export interface CellText {
  readonly text: string | null;
  readonly issue?: ValidationIssue;
}

/** Turns the cells of one column into the text the CSV path casts. */
export type ColumnText = (cell: Cell, at: CellPlace) => CellText;

/** A cell's plain text (header, title and note rows): numbers as the doubles they are read into. */
export function plainText(c: Cell): string {
  if (c === null || c === undefined) return '';
  if (c instanceof SheetNumber) return String(c.value);
  if (c instanceof Date) {
    const t = sheetTime(c);
    return isMidnight(t) ? isoDate(t) : isoDateTime(t);
  }
  return String(c);
}

/**
 * How each column's cells become text, by the field its header names: a number a spreadsheet cannot
 * hold exactly is refused wherever it is (xlsx-numbers.ts); a date cell of a date or datetime field
 * is written so that the field's cast reads back its value (xlsx-dates.ts). Cells of other columns,
 * and everything else, are written as their plain text, to be cast like any CSV cell.
 */
export async function columnTexts(
  db: DuckDbSession,
  manifest: DatasetManifest,
  header: readonly string[],
  rows: readonly (readonly Cell[])[],
): Promise<ColumnText[]> {
  const fields = new Map(manifest.fields.map((f) => [f.name, f]));
  const out: ColumnText[] = [];
  for (const [j, name] of header.entries()) {
    const field = fields.get(name);
    out.push(field ? await fieldText(db, field, rows, j) : plainColumn);
  }
  return out;
}

/** A column of no declared field (and the header row): every cell as its plain text. */
export const plainColumn: ColumnText = (c) => ({ text: c === null || c === undefined ? null : plainText(c) });

async function fieldText(
  db: DuckDbSession,
  field: FieldSpec,
  rows: readonly (readonly Cell[])[],
  j: number,
): Promise<ColumnText> {
  // Reports show a non-public or treated field's values masked, as every cell issue does.
  const shown = (text: string) => (rawValuesPublished(field) ? text : maskForReport(text));
  const dated = field.type === 'date' || field.type === 'datetime' ? await dateText(db, field, rows, j) : undefined;
  return (c, at) => {
    if (c instanceof SheetNumber && exceedsSheetPrecision(c)) {
      return { text: plainText(c), issue: longNumberIssue(field, shown(c.text), at) };
    }
    if (c instanceof Date && dated) return dated(sheetTime(c), shown, at);
    return plainColumn(c, at);
  };
}

type DateText = (t: number, shown: (text: string) => string, at: CellPlace) => CellText;

/**
 * A date cell's text in a date or datetime field. A date field takes a cell without a time of day
 * only (a time would be dropped: as for text, the field is to be declared `datetime`); a `format`
 * must be able to write the cell's value (a `%H:%M` format cannot write 08:30:15). The text written
 * for a refused cell still casts, so the cell is reported once.
 */
async function dateText(
  db: DuckDbSession,
  field: FieldSpec,
  rows: readonly (readonly Cell[])[],
  j: number,
): Promise<DateText> {
  const isDate = field.type === 'date';
  // A date field's value is the cell's day (a cell with a time of day is reported on its own).
  const cellValue = (t: number) => (isDate ? dayOf(t) : t);
  const { format } = field;
  let formatted: Map<number, FormattedDate> | undefined;
  if (format !== undefined) {
    const times = new Set<number>();
    for (const row of rows) {
      const c = row[j];
      if (c instanceof Date) times.add(cellValue(sheetTime(c)));
    }
    formatted = await formatDates(db, { type: field.type, format }, [...times]);
  }
  return (t, shown, at) => {
    const value = cellValue(t);
    const f = formatted?.get(value);
    const text = f ? f.text : isDate ? isoDate(value) : isoDateTime(value);
    const cell = () => shown(isoDateTime(t).replace('T', ' '));
    if (isDate && !isMidnight(t)) return { text, issue: timeOfDayIssue(field, cell(), at) };
    if (f && !f.exact) return { text, issue: formatIssue(field, cell(), at) };
    return { text };
  };
}

/**
 * A cell refused where it stands: the report's row, the sheet row a clerk sees, and the field; `zhText`
 * is the message (without the sheet row) and the hint in Chinese.
 */
function cellIssue(
  field: FieldSpec,
  value: string,
  at: CellPlace,
  message: string,
  hint: string,
  zhText: ZhText,
): ValidationIssue {
  return {
    type: 'cell/type',
    file: at.file,
    row: at.row,
    sheetRow: at.sheetRow,
    field: field.name,
    value,
    message: `sheet row ${at.sheetRow}: ${message}`,
    hint,
    zh: zh(`工作表第 ${at.sheetRow} 行：${zhText.message}`, zhText.hint),
  };
}

function longNumberIssue(field: FieldSpec, value: string, at: CellPlace): ValidationIssue {
  return cellIssue(
    field,
    value,
    at,
    `"${value}" is stored as a number, and a spreadsheet keeps only 15 digits of a number: the digits after the 15th are lost (shown as 0 or as 1.10105E+17)`,
    "Excel stored the column as numbers and lost digits (ID, bank-card and other long numbers): format the column as Text (or type ' before each value) and enter the values again, or export them again as text from the system they come from; changing the format of the cells alone does not bring the lost digits back",
    zh(
      `“${value}”是按数字存储的，而电子表格中的数字最多只保留 15 位：第 15 位以后的数字已经丢失（显示为 0 或 1.10105E+17 这样的形式）`,
      "Excel 把这一列存成了数字，丢掉了部分位数（证件号码、银行卡号等长数字）：请把这一列的格式设为“文本”（或在每个值前输入 '），再重新录入这些值，或者从源系统重新以文本形式导出；只改单元格格式找不回已经丢失的数字",
    ),
  );
}

function timeOfDayIssue(field: FieldSpec, value: string, at: CellPlace): ValidationIssue {
  return cellIssue(
    field,
    value,
    at,
    `the cell is an Excel date-time with a time of day ("${value}"), but "${field.name}" is a date: the time would be dropped`,
    'declare the field `type: datetime` if the time of day matters; otherwise remove the time from these cells in the sheet (e.g. =INT(A2), pasted back as values) and export again',
    zh(
      `该单元格是带时间的 Excel 日期时间（“${value}”），但${zhField(field.name)}的类型是日期：时间部分会被丢掉`,
      '如果时间有意义，请把字段声明为 `type: datetime`；否则请在工作表中去掉这些单元格里的时间（例如用 =INT(A2)，再以数值形式粘贴回去），然后重新导出',
    ),
  );
}

function formatIssue(field: FieldSpec, value: string, at: CellPlace): ValidationIssue {
  const kind = field.type === 'date' ? 'date' : 'date-time';
  return cellIssue(
    field,
    value,
    at,
    `the cell is an Excel ${kind} ("${value}") that the field's \`format\` (${field.format}) cannot hold without losing part of it`,
    "a date cell is read as the date it is, but the field's `format` has no place for part of this one (e.g. its seconds): declare a `format` that holds the whole value (with seconds, `%S`), or remove `format` if no cell of the column is text",
    zh(
      `该单元格是 Excel ${zhType(field.type)}（“${value}”），字段的 \`format\`（${field.format}）无法完整容纳它，会丢掉一部分`,
      '日期单元格会按它实际的日期读取，但字段的 `format` 容纳不下这个值的一部分（例如秒）：请声明一个能容纳完整值的 `format`（含秒用 `%S`）；如果这一列没有文本单元格，也可以去掉 `format`',
    ),
  );
}
