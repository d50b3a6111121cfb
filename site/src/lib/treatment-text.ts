import { Treatment } from '../../../functions/core/manifest/treatment.ts';
import { treatmentWords } from '../../../functions/core/protection/treatments/describe-treatment.ts';
import type { Language } from './types.ts';

/**
 * A field's treatment in plain words, for the field table ("grouped into bands of 10 (e.g. 30-39)",
 * "按 10 分组（如 30-39）") instead of its manifest code (`generalize-number (width=10)`). The
 * de-identification table says the same at length (deidentification-text.ts).
 */

/** The treatment of a published field, or null when it is not one this site knows (a newer kind). */
export function parseTreatment(t: Record<string, unknown> | undefined): Treatment | null {
  if (!t) return null;
  const r = Treatment.safeParse(t);
  return r.success ? r.data : null;
}

/**
 * The treatment in a few words: the short form of the words the de-identification record is written
 * with (describe-treatment.ts). `closed`: whether number bands include both bounds, when known (the
 * source field's type decides; it is recorded on the version's de-identification entry).
 */
export function treatmentSummary(t: Treatment, lang: Language, closed?: boolean): string {
  return treatmentWords(t, lang, closed).short;
}

/** The manifest code of a treatment (`generalize-number (width=10)`): what a treatment this site does not know shows. */
export function treatmentCode(t: Record<string, unknown>): string {
  const { kind, ...params } = t;
  const p = Object.entries(params).map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`);
  return `${String(kind)}${p.length ? ` (${p.join(', ')})` : ''}`;
}
