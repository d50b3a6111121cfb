import { RELEASE_STATES, type ReleaseView } from '../../core/release/release.ts';
import { awaitsSignOff } from '../../core/release/sign-off.ts';
import { callApi, guarded, printProblem } from '../api-client.ts';
import { type Command, EXIT, parseArgs, UsageError } from '../io.ts';
import { cliLanguage } from '../language.ts';
import { formatRelease } from '../release-format.ts';
import { type ReleaseLines, releaseLines } from '../release-lines.ts';
import { columns, padColumns } from '../text-columns.ts';

/**
 * `opendata status [<release-id>]`: one release in detail, or the list of releases. A published
 * release whose version was withdrawn since says so (the API's `versionWithdrawn`): the release stays
 * `published` (what happened to it), its version does not.
 */
export const statusCommand: Command = {
  name: 'status',
  usage: {
    en: 'status [<release-id>] [--dataset <id>] [--json]',
    'zh-CN': 'status [<发布申请编号>] [--dataset <数据集编号>] [--json]',
  },
  summary: {
    en: 'show a release (state, checks, diff, its version withdrawn since) or list releases',
    'zh-CN': '显示一个发布申请（状态、检查、差异，其版本后来是否被撤回），或列出发布申请',
  },
  async run(args, io) {
    const { positionals, flags } = parseArgs(args, { booleans: ['json'], strings: ['dataset'] });
    if (positionals.length > 1) throw new UsageError('give at most one release id', '最多给出一个发布申请编号');
    const id = positionals[0];
    const lines = releaseLines(cliLanguage(io.env));
    return guarded(io, async () => {
      const path = id
        ? `/v1/releases/${encodeURIComponent(id)}`
        : `/v1/releases${typeof flags.dataset === 'string' ? `?dataset=${encodeURIComponent(flags.dataset)}` : ''}`;
      const a = await callApi(io, 'GET', path);
      if (a.status >= 300) {
        printProblem(io, a, flags.json === true);
        return EXIT.refused;
      }
      if (flags.json) io.out(JSON.stringify(a.body, null, 2));
      else if (id) io.out(formatRelease(a.body as unknown as ReleaseView, cliLanguage(io.env)));
      else {
        const list = (a.body.releases as ReleaseView[]) ?? [];
        // The state column as wide as its widest word in this language (Chinese counts two columns a character).
        const width = Math.max(...RELEASE_STATES.map((s) => columns(lines.stateCell(s))));
        io.out(
          list.length
            ? list
                .map(
                  (r) =>
                    `${padColumns(lines.stateCell(r.state), width)} ${r.id}  ${r.datasetId}${r.version ? ` v${r.version}` : ''}${r.versionWithdrawn ? lines.withdrawnMark : ''}${r.state === 'checks-passed' && awaitsSignOff(r) ? lines.awaitsSignOffMark : ''}${suppressedNote(r, lines)}  ${r.createdAt}`,
                )
                .join('\n')
            : lines.noReleases,
        );
      }
      return EXIT.ok;
    });
  },
};

/** " (18 of 60 rows suppressed)": a release whose k-anonymity suppression takes rows out, in the list. */
function suppressedNote(r: ReleaseView, lines: ReleaseLines): string {
  const s = r.checks?.suppressed;
  return s ? lines.suppressedMark(s) : '';
}
