import { RELEASE_STATES, type Release } from '../../core/release/release.ts';
import { awaitsSignOff } from '../../core/release/sign-off.ts';
import { callApi, guarded, printProblem } from '../api-client.ts';
import { type Command, EXIT, parseArgs, UsageError } from '../io.ts';
import { formatRelease } from '../release-format.ts';

const STATE_WIDTH = Math.max(...RELEASE_STATES.map((s) => s.length));

/** `opendata status [<release-id>]`: one release in detail, or the list of releases. */
export const statusCommand: Command = {
  name: 'status',
  usage: 'status [<release-id>] [--dataset <id>] [--json]',
  summary: 'show a release (state, checks, diff) or list releases',
  async run(args, io) {
    const { positionals, flags } = parseArgs(args, { booleans: ['json'], strings: ['dataset'] });
    if (positionals.length > 1) throw new UsageError('give at most one release id');
    const id = positionals[0];
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
      else if (id) io.out(formatRelease(a.body as unknown as Release));
      else {
        const list = (a.body.releases as Release[]) ?? [];
        const withdrawn = await withdrawnVersions(io, list);
        io.out(
          list.length
            ? list
                .map(
                  (r) =>
                    `${r.state.padEnd(STATE_WIDTH)} ${r.id}  ${r.datasetId}${r.version ? ` v${r.version}` : ''}${withdrawn.has(`${r.datasetId}@${r.version}`) ? ' (withdrawn)' : ''}${r.state === 'checks-passed' && awaitsSignOff(r) ? ' (awaits platform sign-off)' : ''}  ${r.createdAt}`,
                )
                .join('\n')
            : 'no releases',
        );
      }
      return EXIT.ok;
    });
  },
};

/**
 * The published versions of the listed releases that were withdrawn since (`dataset@version`): a
 * release stays `published` (what happened to it), its version may not be. Read from the public
 * versions list of each dataset in the list (at most 20 datasets; the rest are not marked).
 */
async function withdrawnVersions(io: Parameters<typeof callApi>[0], list: readonly Release[]): Promise<Set<string>> {
  const datasets = [...new Set(list.filter((r) => r.version).map((r) => r.datasetId))].slice(0, 20);
  const out = new Set<string>();
  for (const id of datasets) {
    const v = await callApi(io, 'GET', `/v1/datasets/${encodeURIComponent(id)}/versions`, undefined, {
      anonymous: true,
    });
    if (v.status !== 200) continue;
    for (const version of (v.body.versions as Array<{ version: number; state: string }>) ?? []) {
      if (version.state === 'withdrawn') out.add(`${id}@${version.version}`);
    }
  }
  return out;
}
