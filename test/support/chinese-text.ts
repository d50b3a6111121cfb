import { expect } from 'vitest';
import type { ValidationIssue, ValidationWarning } from '../../functions/core/validation/report.ts';

/** A CJK unified ideograph: the text is written in Chinese. */
export const CJK = /[\u4e00-\u9fff]/;

/** The issue types of the row checks (checks-sql.ts): a manifest using every constraint meets them all. */
export const ROW_CHECK_TYPES = [
  'cell/type',
  'cell/required',
  'cell/enum',
  'cell/minimum',
  'cell/maximum',
  'cell/pattern',
  'cell/max-length',
  'cell/unique',
  'row/primary-key',
] as const;

/** Every issue (or warning) carries its message and hint in Chinese (`zh`), both written in Chinese. */
export function expectChinese(issues: readonly (ValidationIssue | ValidationWarning | null | undefined)[]): void {
  expect(issues.length).toBeGreaterThan(0);
  for (const i of issues) {
    expect(i?.zh, `${i?.type}: ${i?.message}`).toBeDefined();
    expect(i?.zh?.message, i?.type).toMatch(CJK);
    expect(i?.zh?.hint, i?.type).toMatch(CJK);
  }
}

/** A problem as the API answers it (problem+json) or as an AppError: what its Chinese is checked against. */
export interface ProblemLike {
  readonly detail: string;
  readonly hint?: string;
  readonly zh?: { readonly detail?: string; readonly hint?: string };
  readonly errors?: readonly {
    readonly where: string;
    readonly message: string;
    readonly zh?: { readonly message?: string };
  }[];
}

/**
 * What an English detail names that its Chinese must name too: quoted values (`no dataset "nope"` →
 * nope), numbers, and whatever `also` matches (ids written without quotes, such as `rel-1`).
 */
export function namesIn(detail: string, also?: RegExp): string[] {
  const quoted = [...detail.matchAll(/"([^"]+)"/g)].map((m) => m[1] as string);
  const numbers = detail.match(/\b\d+\b/g) ?? [];
  const more = also ? (detail.match(new RegExp(also.source, also.flags.replace('g', '') + 'g')) ?? []) : [];
  return [...new Set([...quoted, ...numbers, ...more])];
}

/**
 * A problem carries its detail in Chinese (`zh.detail`, written in Chinese) naming every id, number
 * and quoted value its English detail names; its hint in Chinese when it has an English one; and a
 * Chinese message for every field error (`errors[].zh.message`).
 */
export function expectChineseProblem(p: ProblemLike, options: { also?: RegExp } = {}): void {
  expect(p.zh?.detail, p.detail).toMatch(CJK);
  for (const name of namesIn(p.detail, options.also)) expect(p.zh?.detail, p.detail).toContain(name);
  if (p.hint) expect(p.zh?.hint, `${p.detail} (hint: ${p.hint})`).toMatch(CJK);
  for (const e of p.errors ?? []) expect(e.zh?.message, `${e.where}: ${e.message}`).toMatch(CJK);
}
