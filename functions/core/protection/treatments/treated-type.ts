import type { FieldSpec } from '../../manifest/schema.ts';
import type { FieldType } from '../../manifest/vocabulary.ts';

/**
 * The Frictionless type a field is published with, after its treatment; null when the field is not
 * published at all (internal, core, or dropped).
 */
export function treatedType(field: Pick<FieldSpec, 'type' | 'grade' | 'treatment'>): FieldType | null {
  if (field.grade === 'internal' || field.grade === 'core') return null;
  const t = field.treatment;
  if (!t) return field.type;
  switch (t.kind) {
    case 'drop':
      return null;
    case 'redact':
    case 'round-coordinates':
    case 'date-shift':
      return field.type;
    case 'mask':
    case 'pseudonymize':
    case 'generalize-number':
    case 'truncate-code':
      return 'string';
    case 'generalize-date':
      return t.to === 'month' ? 'yearmonth' : 'year';
  }
}
