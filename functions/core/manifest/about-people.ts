import type { FieldSpec } from './schema.ts';

/**
 * The fields that make a dataset's rows rows about people: those graded `sensitive`, dropped ones
 * included (a dropped identity still means each row was a person). One rule for the k-anonymity
 * warning (protection/pii-exceptions.ts) and the searchValues refusal (search-values.ts).
 */
export function sensitiveFieldNames(manifest: {
  readonly fields: readonly Pick<FieldSpec, 'name' | 'grade'>[];
}): string[] {
  return manifest.fields.filter((f) => f.grade === 'sensitive').map((f) => f.name);
}
