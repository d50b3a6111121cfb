import type { SnapshotDataset } from './types.ts';

/**
 * Text columns that a spreadsheet changes when it opens the CSV by double-click: Excel (and WPS)
 * guesses each cell's type, so a code with leading zeros (`00501`) becomes the number 501, a band such
 * as `10-19` becomes the date 19 October, and a long digit string (a 12-digit village code) shows in
 * scientific notation and keeps 15 significant digits. Parquet and JSON keep the text as text.
 *
 * Known from what the snapshot holds, cheaply: the preview rows and the value profile of each text
 * field, and its declared pattern (a `[0-9]{5}` code whose sample has no leading zero may still hold
 * one). A sample can miss a value, never invent one.
 */
export type SpreadsheetRisk = 'leading-zero' | 'date' | 'long-number';

export interface RiskyColumn {
  readonly field: string;
  readonly risk: SpreadsheetRisk;
  /** A value of the sample that shows it (absent when only the pattern says so). */
  readonly example?: string;
}

/** Excel's General format shows at most 11 digits; a longer whole number is shown as 1.23457E+11. */
const LONG_DIGITS = 12;

const isDigits = (v: string) => /^\d+$/.test(v);

/** `10-19`, `3/4`, `2024-1`: read as a day of a month (either order) or a year and month. */
function looksLikeDate(v: string): boolean {
  const m = /^(\d{1,4})[-/](\d{1,4})(?:[-/](\d{1,4}))?$/.exec(v);
  if (!m) return false;
  const [a, b] = [Number(m[1]), Number(m[2])];
  if (m[1]?.length === 4) return b >= 1 && b <= 12;
  const dayMonth = (d: number, mo: number) => mo >= 1 && mo <= 12 && d >= 1 && d <= 31;
  return dayMonth(b, a) || dayMonth(a, b);
}

/** Whether `pattern` (a Table Schema pattern: the whole value) also accepts `value`. */
function patternAccepts(pattern: string, value: string): boolean {
  try {
    return new RegExp(`^(?:${pattern})$`, 'u').test(value);
  } catch {
    return false;
  }
}

/** The first risk a column's sample shows, most harmful first: lost digits, then dates. */
function riskOf(values: readonly string[], pattern: string | undefined): Omit<RiskyColumn, 'field'> | null {
  const zero = values.find((v) => isDigits(v) && v.length > 1 && v.startsWith('0'));
  if (zero) return { risk: 'leading-zero', example: zero };
  const long = values.find((v) => isDigits(v) && v.length >= LONG_DIGITS);
  if (long) return { risk: 'long-number', example: long };
  const date = values.find(looksLikeDate);
  if (date) return { risk: 'date', example: date };
  const code = values.find((v) => isDigits(v) && v.length > 1);
  if (code && pattern && patternAccepts(pattern, `0${code.slice(1)}`)) return { risk: 'leading-zero' };
  return null;
}

/** The text columns of the dataset's latest version that a spreadsheet would change, in field order. */
export function spreadsheetRisks(d: SnapshotDataset): RiskyColumn[] {
  const out: RiskyColumn[] = [];
  for (const f of d.entry.fields) {
    if (f.type !== 'string') continue;
    const i = d.preview.columns.indexOf(f.name);
    const sample = [
      ...(i < 0 ? [] : d.preview.rows.map((r) => r[i])),
      ...((d.entry.valueProfile ?? []).find((c) => c.field === f.name)?.values ?? []),
    ]
      .filter((v): v is string => typeof v === 'string')
      .map((v) => v.trim());
    const found = riskOf(sample, f.constraints?.pattern);
    if (found) out.push({ field: f.name, ...found });
  }
  return out;
}

/** What a spreadsheet shows for a code with leading zeros: the number it reads (`00501` → `501`). */
export const withoutLeadingZeros = (v: string): string => v.replace(/^0+(?=\d)/, '');
