import { IDENTITY_DETECTORS, identityExceptionsUsed, type PiiExceptionUse } from '../protection/pii-exceptions.ts';
import { hasRole, type Principal } from './principal.ts';
import type { Release } from './release.ts';

/**
 * Why a release needs a platform sign-off: the identity exceptions that excepted values in it
 * (recorded with its checks). A release checked before the checks recorded what exceptions excepted
 * counts every identity exception its manifest declares (values unknown: 0), so that none slips
 * through unsigned.
 */
export function signOffReasons(r: Release): readonly PiiExceptionUse[] {
  return r.checks?.piiExceptions ? identityExceptionsUsed(r.checks.piiExceptions) : legacyDeclared(r);
}

/** A release checked before the checks counted exceptions: every identity exception its manifest declares. */
function legacyDeclared(r: Release): readonly PiiExceptionUse[] {
  if (!r.checks) return [];
  const declared = Array.isArray(r.manifest.piiExceptions) ? (r.manifest.piiExceptions as unknown[]) : [];
  return declared.flatMap((e) => {
    const { field, detector } = (e ?? {}) as { field?: unknown; detector?: unknown };
    return typeof field === 'string' && typeof detector === 'string' && IDENTITY_DETECTORS.has(detector)
      ? [{ field, detector, values: 0 }]
      : [];
  });
}

/** Whether the release needs a platform sign-off that no admin has given yet. */
export const awaitsSignOff = (r: Release): boolean => signOffReasons(r).length > 0 && !r.platformSignOff;

/** The reasons in a sentence: `3 resident-id value(s) in "id_no", 1 bank-card value(s) in "card"`. */
export function describeSignOffReasons(reasons: readonly PiiExceptionUse[]): string {
  return reasons
    .map((u) =>
      u.values > 0
        ? `${u.values} ${u.detector} value(s) in "${u.field}"`
        : `an exception for ${u.detector} in "${u.field}"`,
    )
    .join(', ');
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
