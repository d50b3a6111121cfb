import { detectorById } from '../protection/detectors/index.ts';
import {
  IDENTITY_DETECTORS,
  type PiiExceptionUse,
  SIGN_OFF_DETECTORS,
  signOffExceptionsUsed,
} from '../protection/pii-exceptions.ts';
import { SAME_ROW_VALUE } from '../protection/same-row-values.ts';
import { hasRole, type Principal } from './principal.ts';
import type { Release } from './release.ts';

/**
 * Why a release needs a platform sign-off: the exceptions of `SIGN_OFF_DETECTORS` (identity numbers, a
 * withheld column's values) that excepted values in it (recorded with its checks). A release checked
 * before the checks recorded what exceptions excepted counts every such exception its manifest declares
 * (values unknown: 0), so that none slips through unsigned.
 */
export function signOffReasons(r: Release): readonly PiiExceptionUse[] {
  return r.checks?.piiExceptions ? signOffExceptionsUsed(r.checks.piiExceptions) : legacyDeclared(r);
}

/** A release checked before the checks counted exceptions: every sign-off exception its manifest declares. */
function legacyDeclared(r: Release): readonly PiiExceptionUse[] {
  if (!r.checks) return [];
  const declared = Array.isArray(r.manifest.piiExceptions) ? (r.manifest.piiExceptions as unknown[]) : [];
  return declared.flatMap((e) => {
    const { field, detector } = (e ?? {}) as { field?: unknown; detector?: unknown };
    return typeof field === 'string' && typeof detector === 'string' && SIGN_OFF_DETECTORS.has(detector)
      ? [{ field, detector, values: 0 }]
      : [];
  });
}

/** Whether the release needs a platform sign-off that no admin has given yet. */
export const awaitsSignOff = (r: Release): boolean => signOffReasons(r).length > 0 && !r.platformSignOff;

/**
 * The reasons in a sentence: `3 resident-id value(s) in "id_no", 2 cell(s) of "remarks" holding a
 * withheld column's value`.
 */
export function describeSignOffReasons(reasons: readonly PiiExceptionUse[]): string {
  return reasons
    .map((u) => {
      if (u.values === 0) return `an exception for ${u.detector} in "${u.field}"`;
      return u.detector === SAME_ROW_VALUE.id
        ? `${u.values} cell(s) of "${u.field}" holding ${SAME_ROW_VALUE.label.en}`
        : `${u.values} ${u.detector} value(s) in "${u.field}"`;
    })
    .join(', ');
}

/** The reasons in Chinese: `字段“证件号码”中 2 个居民身份证号码，字段“备注”中 1 个单元格含有同一行未公开列的原值`. */
export function describeSignOffReasonsZh(reasons: readonly PiiExceptionUse[]): string {
  return reasons
    .map((u) => {
      const sameRow = u.detector === SAME_ROW_VALUE.id;
      const name = sameRow ? SAME_ROW_VALUE.label['zh-CN'] : (detectorById(u.detector)?.label['zh-CN'] ?? u.detector);
      if (u.values === 0) return `字段“${u.field}”的${name}例外`;
      return sameRow
        ? `字段“${u.field}”中 ${u.values} 个单元格含有${name}`
        : `字段“${u.field}”中 ${u.values} 个${name}`;
    })
    .join('，');
}

/**
 * What the release publishes under exceptions that need a sign-off, as a noun phrase: identity numbers,
 * a withheld column's values, or both (`publishes … under piiExceptions`).
 */
export function signOffSubject(reasons: readonly PiiExceptionUse[]): { readonly en: string; readonly zh: string } {
  const identity = reasons.some((u) => IDENTITY_DETECTORS.has(u.detector));
  const withheld = reasons.some((u) => u.detector === SAME_ROW_VALUE.id);
  if (identity && withheld)
    return { en: "identity numbers and withheld columns' values", zh: '身份号码和未公开列的原值' };
  return withheld
    ? { en: "withheld columns' values", zh: '未公开列的原值' }
    : { en: 'identity numbers', zh: '身份号码' };
}

/**
 * Whether an approval call by `p` is the platform sign-off: `p` is an admin and the release awaits one
 * (or `p` gave it, a retry); an admin who is also an approver of the department signs off first and
 * approves nothing, since the department's approval must come from someone else.
 */
export function approvalIsSignOff(r: Release, p: Principal): boolean {
  if (!p.admin || r.state !== 'checks-passed' || signOffReasons(r).length === 0) return false;
  const by = r.platformSignOff?.by;
  return by === undefined || by === p.id || !hasRole(p, 'approver', r.department);
}
