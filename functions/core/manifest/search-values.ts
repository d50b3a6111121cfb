import { sensitiveFieldNames } from './about-people.ts';
import type { FieldSpec } from './schema.ts';

/**
 * `searchValues`: a department declares that every value of a text column may find the dataset in
 * catalogue search (the value profile lists them all: catalog/value-profile.ts), rare ones included.
 * It is for reference data (place names, division codes, station names): the value profile's rule that
 * a value needs five rows (PROFILE_MIN_ROWS) is there because, in data about people, a value one row
 * holds points at one person. So the declaration is refused wherever that can be the case:
 *
 * - on a field that is not text, not graded public, or has a treatment: only values published exactly
 *   as the source holds them are profiled (value-profile.ts's `profilable`, which the processor applies
 *   again);
 * - on a field named by a `piiExceptions` entry: personal data published under an exception is not
 *   advertised;
 * - in a dataset that declares `kAnonymity` or has a field graded `sensitive` (dropped ones included):
 *   its rows are about people, and any of its columns can single one out.
 *
 * One rule for the manifest (schema.ts reports it at the field) and the processor (which profiles only
 * the columns it allows), so that a record written by hand or an older manifest cannot bypass it.
 */
export function searchValuesRefusal(
  field: Pick<FieldSpec, 'name' | 'type' | 'grade' | 'treatment'>,
  manifest: {
    readonly fields: readonly Pick<FieldSpec, 'name' | 'grade'>[];
    readonly kAnonymity?: unknown;
    readonly piiExceptions?: readonly { readonly field: string }[];
  },
): string | undefined {
  const name = `field "${field.name}"`;
  if (field.type !== 'string')
    return `${name} is of type ${field.type}: searchValues applies to text (string) fields only`;
  if (field.grade !== 'public') return `${name} is graded ${field.grade}: searchValues applies to public fields only`;
  if (field.treatment) {
    return `${name} has treatment ${field.treatment.kind}: searchValues applies to untreated fields only, whose published values are the source's`;
  }
  if (manifest.piiExceptions?.some((e) => e.field === field.name)) {
    return `${name} is named by a piiExceptions entry: personal data published under an exception is never made searchable`;
  }
  if (manifest.kAnonymity !== undefined) {
    return 'this dataset declares kAnonymity, so its rows are about people: a value that one row holds could point at one person, and searchValues would make it findable';
  }
  const sensitive = sensitiveFieldNames(manifest).map((n) => `"${n}"`);
  if (sensitive.length) {
    return `this dataset has sensitive field(s) ${sensitive.join(', ')}, so its rows are about people: a value that one row holds could point at one person, and searchValues would make it findable`;
  }
  return undefined;
}

/** The hint of a refused `searchValues` (manifest-hints.ts). */
export const SEARCH_VALUES_HINT =
  'remove searchValues from this field: declare it only on public, untreated text columns of reference data (place names, codes), never in data about people; their common values (held by 5 rows or more) are searchable anyway';
