import type { FieldSpec } from '../manifest/schema.ts';

/**
 * Whether a field's raw values are published as they are: a public field without a treatment. Every
 * other field's values (a sensitive grade, or treated: a pseudonymized public key) are never shown as
 * written, neither in the published files nor in what describes them (constraints, reports).
 */
export function rawValuesPublished(f: Pick<FieldSpec, 'grade' | 'treatment'>): boolean {
  return f.grade === 'public' && f.treatment === undefined;
}
