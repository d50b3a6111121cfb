import type { FieldSpec } from '../../manifest/schema.ts';
import { treatmentFieldTypes } from '../../manifest/treatment.ts';
import { widthScale } from './generalize-number.ts';

/**
 * Problems with a field's treatment that the Treatment schema alone cannot see: a treatment that does
 * not fit the field type (TREATMENT_FIELD_TYPES), a width the bucket labels cannot print exactly, a
 * date-shift keyed by a field that does not exist. Run at manifest validation, so a release fails with a message and not
 * halfway through processing. Each problem is one sentence saying what to change.
 */
export function treatmentProblems(
  field: Pick<FieldSpec, 'name' | 'type' | 'treatment'>,
  fieldNames: readonly string[],
): string[] {
  const t = field.treatment;
  if (!t) return [];
  const problems: string[] = [];
  const fits = treatmentFieldTypes(t);
  if (!fits.includes(field.type)) {
    problems.push(`${t.kind} applies to ${fits.join(', ')} fields; "${field.name}" is ${field.type}`);
  }
  switch (t.kind) {
    case 'generalize-number':
      try {
        widthScale(t.width);
      } catch {
        problems.push(`bucket width ${t.width} of "${field.name}" has more than 9 decimals; use a rounder width`);
      }
      break;
    case 'date-shift':
      if (t.keyField === field.name) {
        problems.push(
          `date-shift of "${field.name}" cannot be keyed by the field itself; name a person or record id field`,
        );
      } else if (!fieldNames.includes(t.keyField)) {
        problems.push(`date-shift of "${field.name}" is keyed by "${t.keyField}", which is not a declared field`);
      }
      break;
    default:
      break;
  }
  return problems;
}
