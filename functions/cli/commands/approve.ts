import type { ReleaseState, ReleaseView } from '../../core/release/release.ts';
import { callApi, guarded, printProblem } from '../api-client.ts';
import { type Command, EXIT, parseArgs, UsageError } from '../io.ts';
import { cliLanguage } from '../language.ts';
import { formatRelease } from '../release-format.ts';
import { releaseLines } from '../release-lines.ts';
import { waitForRelease } from '../wait-release.ts';

/** Publication is queued (AWS answers 202 `approved`) until the ingest function publishes or refuses it. */
const QUEUED: ReadonlySet<ReleaseState> = new Set(['approved']);

/**
 * `opendata approve <release-id>`: the second pair of eyes. Locally the approval publishes at once; in
 * AWS it is queued, and the command waits for the outcome (OPENDATA_WAIT_SECONDS, default 900) unless
 * `--no-wait`. Exit 0 when published (or queued with --no-wait), 1 when refused, not published, or
 * still queued after the wait. Run by a platform admin on a release that publishes identity numbers
 * under an exception, it is the platform sign-off (exit 0; the department approves next). A release
 * published as a version withdrawn since is answered as published, with the withdrawal (as `status`),
 * and exits 1 like `opendata release` for the same state: the version it names is not available.
 */
export const approveCommand: Command = {
  name: 'approve',
  usage: { en: 'approve <release-id> [--no-wait] [--json]', 'zh-CN': 'approve <发布申请编号> [--no-wait] [--json]' },
  summary: {
    en: 'approve a release whose checks passed (not your own); it is published as the next version (run by an admin: the platform sign-off of identity exceptions)',
    'zh-CN':
      '审批检查已通过的发布申请（不能是自己提交的）；批准后作为下一个版本发布（由平台管理员运行时：对按例外发布身份号码的平台签核）',
  },
  async run(args, io) {
    const { positionals, flags } = parseArgs(args, { booleans: ['json', 'no-wait'] });
    if (positionals.length !== 1) throw new UsageError('give exactly one release id', '请给出且仅给出一个发布申请编号');
    const id = positionals[0] as string;
    const lines = releaseLines(cliLanguage(io.env));
    return guarded(io, async () => {
      const a = await callApi(io, 'POST', `/v1/releases/${encodeURIComponent(id)}/approve`, {});
      if (a.status >= 300) {
        printProblem(io, a, flags.json === true);
        return EXIT.refused;
      }
      let r = a.body as unknown as ReleaseView;
      if (r.state === 'checks-passed' && r.platformSignOff?.by) {
        io.out(flags.json ? JSON.stringify(r, null, 2) : lines.signedOff(r));
        return EXIT.ok;
      }
      const wait = r.state === 'approved' && flags['no-wait'] !== true;
      if (wait && !flags.json) io.out(lines.approvedWaiting(r));
      if (wait) {
        const waited = await waitForRelease(io, r.id, QUEUED);
        if (!waited) return EXIT.refused;
        r = waited;
      }
      if (flags.json) io.out(JSON.stringify(r, null, 2));
      else if (r.state === 'published' && r.versionWithdrawn) {
        // Approving again a release whose version was withdrawn since: published once, not available now.
        io.out(lines.approvedWithdrawn(r));
      } else if (r.state === 'published') {
        io.out(lines.approvedPublished(r));
      } else if (r.state === 'publication-failed') {
        io.err(lines.approvedNotPublished(r));
        io.out(formatRelease(r, cliLanguage(io.env)));
      } else {
        io.out(wait ? lines.stillQueued(r) : lines.approvedQueued(r));
      }
      // A version withdrawn since is not available: exit 1, as `opendata release` does for the same state.
      const available = r.state === 'published' && r.versionWithdrawn === undefined;
      return available || (r.state === 'approved' && !wait) ? EXIT.ok : EXIT.refused;
    });
  },
};
