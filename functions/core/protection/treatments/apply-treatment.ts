import type { Treatment } from '../../manifest/treatment.ts';
import type { CellValue, TreatmentContext } from './context.ts';
import { dateShift } from './date-shift.ts';
import { generalizeDate } from './generalize-date.ts';
import { generalizeNumber } from './generalize-number.ts';
import { maskValue } from './mask.ts';
import { pseudonymizeValue } from './pseudonymize.ts';
import { roundCoordinates } from './round-coordinates.ts';
import { truncateCode } from './truncate-code.ts';

/**
 * The JS reference of every treatment: the value published for `value`. Pure: inputs are never
 * mutated. `drop` and `redact` both give null (a dropped column is not written at all; the processor
 * removes it, this function only says what its cells would be). The DuckDB SQL in treatment-sql.ts
 * must give the same results; an integration test holds them equal.
 */
export function applyTreatment(value: CellValue, treatment: Treatment, ctx: TreatmentContext): CellValue {
  switch (treatment.kind) {
    case 'drop':
    case 'redact':
      return null;
    case 'mask':
      return maskValue(value, treatment);
    case 'pseudonymize':
      return pseudonymizeValue(value, treatment, ctx.key);
    case 'generalize-number':
      return generalizeNumber(value, treatment, ctx.fieldType);
    case 'generalize-date':
      return generalizeDate(value, treatment);
    case 'round-coordinates':
      return roundCoordinates(value, treatment, ctx.fieldType);
    case 'truncate-code':
      return truncateCode(value, treatment);
    case 'date-shift':
      return dateShift(value, treatment, ctx.key, ctx.record);
  }
}
