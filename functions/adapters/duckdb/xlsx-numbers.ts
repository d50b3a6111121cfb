/**
 * A numeric cell of a sheet as the file stores it: the text of its `<v>` element (read-excel-file's
 * `parseNumber` hands it over unparsed), so that a long number is judged, and shown in a report, as
 * written rather than as the double it rounds to.
 */
export class SheetNumber {
  readonly text: string;
  constructor(text: string) {
    this.text = text;
  }

  /** The number as a double (what the CSV has always been given: `String(value)`). */
  get value(): number {
    return Number(this.text);
  }
}

/**
 * Spreadsheets keep 15 significant digits of a number (Excel, WPS and LibreOffice alike): from 10^15
 * on, a whole number has more digits than they keep, and the digits past the 15th are zeros or lost
 * (an identity number typed into a number cell becomes 1.10105E+17, then 110105194912310000).
 * Such a cell cannot be trusted to hold the value that was typed, whatever the field's type.
 *
 * Smaller values with 16 or 17 significant digits (0.30000000000000004) are a double's rounding of a
 * formula's result, which the spreadsheet shows rounded to 15 digits: nothing was typed there that
 * got lost, so they are not refused.
 */
export function exceedsSheetPrecision(n: SheetNumber): boolean {
  return Math.abs(n.value) >= 1e15;
}
