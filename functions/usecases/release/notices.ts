import { suppressionSentence, suppressionShort } from '../../core/protection/deidentification-finding.ts';
import type { Release } from '../../core/release/release.ts';
import { awaitsSignOff, describeSignOffReasons, signOffReasons, signOffSubject } from '../../core/release/sign-off.ts';
import type { Alert } from '../../ports/notifier.ts';
import type { ReleaseDeps } from './deps.ts';

/**
 * The notice a release's department gets when the release reaches a state someone must act on:
 * checks passed (a second person approves), checks failed, or publication refused. Counts and the
 * platform's own messages only: never a cell value (issue values may be masked personal data).
 */
export function releaseNotice(r: Release, publicBaseUrl: string, at: string): Alert | undefined {
  const link = `${publicBaseUrl}/v1/releases/${encodeURIComponent(r.id)}`;
  const base = { urgency: 'notice' as const, department: r.department, datasetId: r.datasetId, link, at };
  const who = `${r.id} of ${r.datasetId}${r.label ? ` (${r.label})` : ''}, submitted by ${r.submittedBy ?? r.createdBy}`;
  switch (r.state) {
    case 'checks-passed': {
      // Valid rows that will not be published are the approver's to weigh: in the subject and first.
      const s = r.checks?.suppressed;
      return {
        ...base,
        kind: 'release-awaiting-approval',
        subject: `Release ${r.id} awaits approval${s ? ` (${suppressionShort(s)})` : ''}`,
        message: `Release ${who}, passed its checks (${r.checks?.rowsRead ?? 0} rows)${r.breaking ? ' with a declared breaking change' : ''}. ${s ? `${suppressionSentence(s)}. ` : ''}${awaitsSignOff(r) ? `It publishes ${signOffSubject(signOffReasons(r)).en} under piiExceptions (${describeSignOffReasons(signOffReasons(r))}): a platform admin signs it off first (opendata approve ${r.id}, run by an admin). ` : ''}An approver of ${r.department} other than the submitter approves it: opendata approve ${r.id}, or rejects it with a reason.`,
      };
    }
    case 'checks-failed':
      return {
        ...base,
        kind: 'release-checks-failed',
        subject: `Release ${r.id} failed its checks`,
        message: `Release ${who}, failed its checks: ${countsText(r.checks?.counts ?? {})}. Nothing is published. See the report: opendata status ${r.id}.`,
      };
    case 'publication-failed':
      return {
        ...base,
        kind: 'release-publication-failed',
        subject: `Release ${r.id} was approved but not published`,
        message:
          `Release ${who}, approved by ${r.approvedBy}, was not published: ${r.publicationFailure?.detail ?? 'refused'}. ${r.publicationFailure?.hint ?? ''}`.trim(),
      };
    default:
      return undefined;
  }
}

const countsText = (counts: Record<string, number>) =>
  Object.entries(counts)
    .map(([type, n]) => `${n} × ${type}`)
    .join(', ') || 'see the report';

/**
 * Sends the release's notice, if its state has one. Best effort, like the ledger export: the state is
 * committed and readable (GET /v1/releases/{id}); a notice that cannot be handed over is not retried.
 * Answers whether one was sent, for the caller's log.
 */
export async function announceRelease(deps: ReleaseDeps, r: Release): Promise<'sent' | 'failed' | 'none'> {
  const notice = releaseNotice(r, deps.publicBaseUrl, deps.clock.now().toISOString());
  if (!notice) return 'none';
  try {
    await deps.notifier.alert(notice);
    return 'sent';
  } catch {
    return 'failed';
  }
}

/**
 * The checks of a release could not run twice in a row: the department learns its release is stuck on
 * the platform's side, not on its data, and the platform team gets it as urgent (admins subscribe to
 * `urgency: urgent`). Best effort, like every notice.
 */
export async function announceChecksError(deps: ReleaseDeps, r: Release): Promise<'sent' | 'failed'> {
  const link = `${deps.publicBaseUrl}/v1/releases/${encodeURIComponent(r.id)}`;
  try {
    await deps.notifier.alert({
      kind: 'release-checks-error',
      urgency: 'urgent',
      department: r.department,
      datasetId: r.datasetId,
      link,
      at: deps.clock.now().toISOString(),
      subject: `The checks of release ${r.id} could not run`,
      message: `The checks of release ${r.id} of ${r.datasetId} could not run (${r.checksError?.attempts ?? 2} attempts, an internal ${r.checksError?.kind ?? 'error'}). Nothing was decided about the data: the release stays submitted and the platform team is alerted. The checks run again on the next attempt, or with POST /v1/releases/${r.id}/submit once it is fixed.`,
    });
    return 'sent';
  } catch {
    return 'failed';
  }
}
