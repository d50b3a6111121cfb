import type { FieldType } from '../../manifest/vocabulary.ts';

/** A cell as the processor hands it over: source text or an already cast scalar; dates are ISO text. */
export type CellValue = string | number | boolean | null;

/** What a treatment may need beyond the value. */
export interface TreatmentContext {
  /** Declared type of the field (decides, e.g., whether number buckets read "30-39" or "30-40"). */
  readonly fieldType: FieldType;
  /** The platform's HMAC key (pseudonymize, date-shift). Never logged, never in a report. */
  readonly key?: Uint8Array;
  /** The whole source record, for treatments keyed by another field (date-shift). */
  readonly record?: Readonly<Record<string, CellValue>>;
}

/** The text of a value, as it is masked, pseudonymized or truncated (numbers in their JS shortest form). */
export function textOf(value: string | number | boolean): string {
  return typeof value === 'string' ? value : String(value);
}
