import { maskExample, PERSONAL_DETECTORS, scanText } from '../protection/detectors/index.ts';
import type { ValidationIssue } from './report.ts';

/**
 * A validation report is stored with the release and shown to the department, its reviewers and the
 * CLI, so it never shows personal data (docs/manifest.md, "Validation report"). Cell issues mask a
 * non-public or treated field's values (maskForReport); a public field can hold personal data too, by
 * mistake: an ID number in a date column, a phone number in a count, "张三13900001111" in a result
 * column. So every issue's texts are scanned with the residual-PII detectors, whatever the field's
 * grade, and each hit is masked as the `pii/residual` examples are (maskExample: 13*******11), which
 * keeps enough to find the cell. Organisation codes (non-blocking detectors) are left as they are.
 */

/** The issue with every personal identifier in its value, message and hint (and their Chinese) masked; the same object when there is none. */
export function maskPersonalData(issue: ValidationIssue): ValidationIssue {
  const { value, message, hint, zh } = issue;
  // Each hit as written (look-alike digits, separators and all) and its mask; a value quoted in the
  // message is masked there too, even where the message's context would read it otherwise.
  const masks = new Map<string, string>();
  for (const text of [value, message, hint, zh?.message, zh?.hint]) {
    if (!text) continue;
    for (const m of scanText(text, PERSONAL_DETECTORS)) masks.set(text.slice(m.start, m.end), maskExample(m));
  }
  if (masks.size === 0) return issue;
  // Longest first, so that a hit inside a longer one never leaves the longer one's other digits.
  const order = [...masks.keys()].sort((a, b) => b.length - a.length);
  const masked = (text: string) => order.reduce((t, raw) => t.replaceAll(raw, masks.get(raw) as string), text);
  return {
    ...issue,
    ...(value !== undefined ? { value: masked(value) } : {}),
    message: masked(message),
    hint: masked(hint),
    ...(zh ? { zh: { message: masked(zh.message), hint: masked(zh.hint) } } : {}),
  };
}
