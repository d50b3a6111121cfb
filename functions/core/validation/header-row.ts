import { scanText } from '../protection/detectors/index.ts';
import { quoteLiteral } from '../sql/quote.ts';
import { maskForReport, type ValidationIssue } from './report.ts';
import { placed, type RowPlace, rowPlaceName, rowPlaceNameZh } from './source-rows.ts';
import { zh } from './zh.ts';

/**
 * Government spreadsheet exports put a title above the data (a merged "2024年各区县人口统计表" row, a
 * blank row, "单位：人") and notes below it ("注：…", "数据来源：…"). Read as the header, a title row
 * gives a list of missing and undeclared columns that does not say what is wrong; these checks say it,
 * with the `source.headerRow` that reads the file.
 */

/** Rows looked at for the real header: title blocks are a few rows, never dozens. */
export const HEADER_SEARCH_ROWS = 30;

/** White space: RE2's `\s` is ASCII only, so the ideographic space of Chinese text is named too. */
const SPACE = '[\\s\u3000]*';

/**
 * A note row's text: 注 / 备注 / 说明 / 数据来源 / 资料来源 / 来源 / 制表(人) / 填报(单位) / 审核(人)… /
 * Note / Source, then a colon (or a number and a colon: 注1：). Case-insensitive; the same pattern in
 * JS and in DuckDB's RE2 (the staging pass flags such rows: stage-sql.ts).
 */
export const NOTE_PATTERN = `^${SPACE}(注|备注|说明|附注|数据来源|资料来源|来源|(制表|填表|填报|审核)(人|单位|日期|时间)?|统计(时间|日期)|note|notes|source)${SPACE}[0-9一二三四五六七八九十]*${SPACE}[:：.、)）]`;
const NOTE_TEXT = new RegExp(NOTE_PATTERN, 'i');

/** Whether a row's cells (as text) are a note: one non-empty cell, starting like "注：" or "数据来源：". */
export function isNoteRow(cells: readonly string[]): boolean {
  const filled = cells.filter((c) => c.trim() !== '');
  return filled.length === 1 && NOTE_TEXT.test(filled[0] as string);
}

/**
 * A totals label: 合计 / 总计 / 小计 / 共计, spaced or not (合 计), after a few Chinese characters or none
 * (全市合计, 东城区小计), or Total / Totals / Grand total / Subtotal / Sub-total; then perhaps a colon.
 * Case-insensitive; the same pattern in JS and in DuckDB's RE2 (blank-and-note-rows.ts, stage-sql.ts).
 */
const HAN = '[\u4e00-\u9fff]';
const TOTALS_LABEL = `((${HAN}${SPACE}){0,12}(合|总|小|共)${SPACE}计|(grand${SPACE})?totals?|sub${SPACE}-?${SPACE}totals?)${SPACE}[:：]?${SPACE}`;

/** A cell that is a totals label as a whole (see TOTALS_LABEL). */
export const TOTALS_PATTERN = `^${SPACE}${TOTALS_LABEL}$`;

/** A cell a totals row holds beside its label: a number (full-width, with separators, %, ‰), a dash or a slash, or nothing. */
const FIGURE_CELL = `${SPACE}[-+0-9０-９.,，．%％‰—–/／]*${SPACE}`;

/**
 * A row's non-empty cells joined with U+001F (DuckDB `concat_ws(chr(31), …)`), the first cell empty:
 * the first of them a totals label and the others figures (see isTotalsRow).
 */
export const TOTALS_AFTER_BLANK_PATTERN = `^(${SPACE}\\x1f)*${SPACE}${TOTALS_LABEL}(\\x1f${FIGURE_CELL})*$`;

/** Byte length (UTF-8) a totals label never exceeds: DuckDB's `strlen` skips the regex for longer cells. */
export const TOTALS_MAX_BYTES = 64;

/**
 * SQL: whether a text cell (an expression) is a totals label (false for NULL). Most cells have neither
 * 计 nor "total": `contains` (a byte search, about a third of the regex's cost over a million IDs) spares
 * them the regex. A CASE, not an AND: in a projection (the staging pass's flags) DuckDB evaluates every
 * operand of an AND for every row, the regex too; a CASE evaluates its THEN only for the rows its
 * condition keeps. It takes "Total", "total" and "TOTAL" (so the SQL misses only a label in odd case, "tOTAL").
 */
export function totalsLabelSql(cell: string): string {
  const hint = ['计', 'otal', 'OTAL'].map((t) => `contains(${cell}, '${t}')`).join(' OR ');
  return `(CASE WHEN strlen(${cell}) <= ${TOTALS_MAX_BYTES} AND (${hint}) THEN regexp_matches(${cell}, ${quoteLiteral(TOTALS_PATTERN)}, 'i') ELSE false END)`;
}

/** The hint of a totals or subtotals row. */
export const TOTALS_ROW_HINT =
  'delete the totals row from the export: totals are computed from the data (合计行请从导出文件中删除)';

/** TOTALS_ROW_HINT in Chinese. */
export const TOTALS_ROW_HINT_ZH = '请从导出文件中删除合计行：合计数可以由明细数据计算得出';

const TOTALS_TEXT = new RegExp(TOTALS_PATTERN, 'i');
const FIGURE_TEXT = new RegExp(`^${FIGURE_CELL}$`);

/**
 * Whether a row's cells (as text, in file order) are a totals (or subtotals) row, which sums the data
 * rows and would double every sum if published: its first cell is a totals label (合计, 总计, 小计,
 * 共计, 全市合计, Total, Grand total, Subtotal…), whatever the other cells hold; or, the first cell empty,
 * its first non-empty cell is one and every later cell is a figure or empty. A category value "合计" in a
 * later column of a row with text beside it is data.
 */
export function isTotalsRow(cells: readonly string[]): boolean {
  const k = cells.findIndex((c) => c.trim() !== '');
  if (k < 0 || !TOTALS_TEXT.test(cells[k] as string)) return false;
  return k === 0 || cells.slice(k + 1).every((c) => FIGURE_TEXT.test(c));
}

/**
 * When the row read as the header (`rows[0]`, at row `headerRow` of the file) is not the header: a
 * `header/title-row` issue saying which row holds the column names and the `headerRow` to declare, or
 * null. rows[0] holds fewer than half of the declared names, and either a later row (of the first 30)
 * holds at least half of them, or rows[0] is a single cell (or none) over a wider table, as a title is. `unit` names what the
 * file counts ("row" in a sheet, "line" in a CSV file).
 */
export function titleRowIssue(
  rows: readonly (readonly string[])[],
  fieldNames: readonly string[],
  where: { file: string; headerRow: number; unit: 'row' | 'line' },
): ValidationIssue | null {
  const first = rows[0];
  if (!first || fieldNames.length === 0) return null;
  const declared = new Set(fieldNames);
  const score = (row: readonly string[]) => new Set(row.map((c) => c.trim()).filter((c) => declared.has(c))).size;
  const filled = (row: readonly string[]) => row.filter((c) => c.trim() !== '').length;
  const { file, headerRow, unit } = where;
  const at = (i: number) => headerRow + i;
  /** The row (line) in Chinese: 第 3 行 of a sheet, 文件第 3 行 of a CSV file. */
  const atZh = (i: number) => `${unit === 'line' ? '文件' : ''}第 ${at(i)} 行`;
  const set = (i: number) => `set \`source.headerRow: ${at(i)}\` in dataset.yaml`;
  const setZh = (i: number) => `在 dataset.yaml 中设置 \`source.headerRow: ${at(i)}\``;
  let best = 0;
  for (let i = 1; i < Math.min(rows.length, HEADER_SEARCH_ROWS); i++) {
    if (score(rows[i] as string[]) > score(rows[best] as string[])) best = i;
  }
  const firstText = first.find((c) => c.trim() !== '')?.trim() ?? '';
  const shown = shorten(scanText(firstText).length > 0 ? maskForReport(firstText) : firstText, 60);
  const [describe, describeZh] =
    filled(first) === 0
      ? [`${unit} ${at(0)} is empty`, `${atZh(0)}是空的`]
      : filled(first) === 1
        ? [`${unit} ${at(0)} looks like a title ("${shown}")`, `${atZh(0)}看起来是标题（“${shown}”）`]
        : [`${unit} ${at(0)} does not hold the declared column names`, `${atZh(0)}中没有已声明的列名`];
  // Only a first row holding fewer than half of the declared names is looked past: one holding more is
  // the header, with some names wrong (checkHeader says which).
  const half = Math.max(1, Math.ceil(fieldNames.length / 2));
  if (score(first) >= half) return null;
  if (best > 0 && score(rows[best] as string[]) >= half) {
    return {
      type: 'header/title-row',
      file,
      message: `${describe}: the column names are in ${unit} ${at(best)}`,
      hint: `${set(best)} so that the ${unit}s above the header are skipped (or delete them from the export)`,
      zh: zh(`${describeZh}：列名在${atZh(best)}`, `请${setZh(best)}，跳过表头上方的各行（或从导出文件中删除这些行）`),
    };
  }
  // A single filled cell (or none) while a later row is a table: a title, or a blank line, above the header.
  const table = rows.findIndex((r, i) => i > 0 && i < HEADER_SEARCH_ROWS && filled(r) >= 2);
  if (fieldNames.length >= 2 && filled(first) <= 1 && score(first) === 0 && table > 0) {
    const width = Math.max(...rows.slice(0, HEADER_SEARCH_ROWS).map(filled));
    return {
      type: 'header/title-row',
      file,
      message: `${describe} over a table ${width} columns wide: it is not a header`,
      hint: `${set(table)} if ${unit} ${at(table)} holds the column names (the first ${unit} with several cells), so that the ${unit}s above it are skipped; otherwise delete the title ${unit}s from the export`,
      zh: zh(
        `${describeZh}，下方是一个有 ${width} 列的表格：这一行不是表头`,
        `如果${atZh(table)}是列名（它是第一个有多个单元格的行），请${setZh(table)}，跳过它上方的各行；否则请从导出文件中删除标题行`,
      ),
    };
  }
  return null;
}

/** The first `max` characters (code points: a surrogate pair is never split) and an ellipsis, for a message. */
export function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const chars = Array.from(text);
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : text;
}

/**
 * The `row/totals` issue of data row `row`, a totals row whose label (its first non-empty cell) is
 * `label`, at `place` (its line or sheet row, set on the issue; without one, the message names the data
 * row), the CSV and XLSX loaders' one wording.
 */
export function totalsRowIssue(file: string, row: number, place: RowPlace | undefined, label: string): ValidationIssue {
  const shown = shorten(label.trim(), 20);
  const issue: ValidationIssue = {
    type: 'row/totals',
    file,
    row,
    message: `${rowPlaceName(row, place)} is a totals row ("${shown}"), not a data row: published, it would be counted in every sum`,
    hint: TOTALS_ROW_HINT,
    zh: zh(
      `${rowPlaceNameZh(row, place)}是合计行（“${shown}”），不是数据行：如果发布，它会被重复计入每一次求和`,
      TOTALS_ROW_HINT_ZH,
    ),
  };
  return place ? placed(issue, place.unit, place.n) : issue;
}
