import type { DeidentificationEntry } from '../../../functions/core/catalog/schema.ts';
import type { Grade } from '../../../functions/core/manifest/vocabulary.ts';
import { describeEntry } from '../../../functions/core/protection/treatments/describe-treatment.ts';
import { closedBuckets } from '../../../functions/core/protection/treatments/generalize-number.ts';
import type { Language } from './types.ts';

/**
 * The de-identification table of a dataset page in the page's language. A version's record (and its
 * published deidentification-report.json) holds English text and the facts it was written from (cause,
 * source type, treatment, and the checks' finding: rows suppressed, values a detector let through);
 * describe-treatment.ts and deidentification-finding.ts write the page's language from those facts. A
 * record or note without them (written before they were recorded) is shown as written, its language
 * marked.
 */

/** One row of the table: the field, its grade, and the action and reason in `lang`. */
export interface DeidRow {
  field: string;
  grade: Grade;
  action: string;
  reason: string;
  /**
   * What the checks found on the field: in `lang` when the record holds its facts (`finding`), else as
   * recorded (English; in English it is then already in `reason`).
   */
  note?: string;
  /** Set when the text is the record's own (no facts this site can read): shown as written, language marked. */
  asRecorded: boolean;
  /** For number bands: whether both bounds are included (the source field's type decides), when known. */
  closed?: boolean;
}

/** The rows of a version's de-identification table in `lang`. */
export function deidRows(version: { deidentification: readonly DeidentificationEntry[] }, lang: Language): DeidRow[] {
  return version.deidentification.map((x) => {
    const text = describeEntry(x, lang);
    const width = x.treatment?.kind === 'generalize-number' ? x.treatment.width : undefined;
    const closed = x.sourceType && typeof width === 'number' ? closedBuckets(x.sourceType, width) : undefined;
    return {
      field: x.field,
      grade: x.grade,
      ...(text ?? { action: x.action, reason: x.reason }),
      asRecorded: text === null,
      ...(closed === undefined ? {} : { closed }),
    };
  });
}
