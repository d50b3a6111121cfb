import type { ReleaseView, VersionWithdrawal } from '../core/release/release.ts';
import { awaitsSignOff, describeSignOffReasons, signOffReasons } from '../core/release/sign-off.ts';
import { formatIssue, formatReport } from './report-format.ts';

/** "withdrawn <at> by <party>: <reason>": a published release's version withdrawn since. */
export function describeWithdrawal(w: VersionWithdrawal): string {
  return `withdrawn ${w.at}${w.by ? ` by ${w.by}` : ''}: ${w.reason}`;
}

/** A release for people: id, state, who did what, the check report and the diff. */
export function formatRelease(r: ReleaseView): string {
  const w = r.versionWithdrawn;
  const lines = [
    `release ${r.id}`,
    `  dataset ${r.datasetId}${r.label ? ` (${r.label})` : ''}, department ${r.department}`,
    `  state   ${r.state}${r.version ? ` → version ${r.version}${w ? ' (withdrawn)' : ''}` : ''}`,
    `  by      ${r.history.map((h) => `${h.state}: ${h.by} ${h.at}`).join('\n          ')}`,
  ];
  if (r.rejection) lines.push(`  rejected: ${r.rejection.reason}`);
  if (w) lines.push(`  version ${r.version} ${describeWithdrawal(w)}`);
  const reasons = signOffReasons(r);
  if (reasons.length > 0) {
    const why = `identity numbers under piiExceptions: ${describeSignOffReasons(reasons)}`;
    lines.push(
      r.platformSignOff?.by
        ? `  platform sign-off: by ${r.platformSignOff.by} ${r.platformSignOff.at} (${why})`
        : awaitsSignOff(r) && r.state === 'checks-passed'
          ? `  platform sign-off: needed (${why}) — a platform admin runs: opendata approve ${r.id}`
          : `  platform sign-off: needed (${why}), not given`,
    );
  }
  if (r.checksError) {
    lines.push(
      `  checks could not run: an internal ${r.checksError.kind} (${r.checksError.attempts} attempt(s), last ${r.checksError.at}); not a finding about the data — the platform team is alerted, and the next attempt runs them again`,
    );
  }
  const failed = r.publicationFailure;
  if (failed) {
    lines.push(`  not published (${failed.status} ${failed.type}): ${failed.detail}`);
    if (failed.hint) lines.push(`  hint: ${failed.hint}`);
    for (const i of failed.issues ?? []) lines.push(...formatIssue(i, '    '));
  }
  if (r.checks) {
    const report = formatReport(r.datasetId, { ...r.checks, cap: 100 }, r.state === 'published');
    lines.push(report.replace(/^/gm, '  '));
  }
  if (r.diff) {
    const d = r.diff;
    const rows =
      d.rowsAdded === null ? 'rows not compared' : `rows +${d.rowsAdded} -${d.rowsRemoved} ~${d.rowsChanged}`;
    lines.push(
      `  diff vs v${d.fromVersion}: fields +[${d.fieldsAdded.join(', ')}] -[${d.fieldsRemoved.join(', ')}]` +
        `${d.fieldsRetyped.length ? ` retyped [${d.fieldsRetyped.map((f) => `${f.name}: ${f.from}→${f.to}`).join(', ')}]` : ''}; ${rows}${d.breaking ? '; BREAKING' : ''}`,
    );
  }
  return lines.join('\n');
}
