import type { Release } from '../../core/release/release.ts';
import { callApi, guarded, printProblem } from '../api-client.ts';
import { type Command, EXIT, parseArgs, UsageError } from '../io.ts';

/** `opendata approve <release-id>`: the second pair of eyes; approval publishes the version. */
export const approveCommand: Command = {
  name: 'approve',
  usage: 'approve <release-id> [--json]',
  summary: 'approve a release whose checks passed (not your own); it is published as the next version',
  async run(args, io) {
    const { positionals, flags } = parseArgs(args, { booleans: ['json'] });
    if (positionals.length !== 1) throw new UsageError('give exactly one release id');
    return guarded(io, async () => {
      const a = await callApi(io, 'POST', `/v1/releases/${encodeURIComponent(positionals[0] as string)}/approve`, {});
      if (a.status >= 300) {
        printProblem(io, a);
        return EXIT.refused;
      }
      const r = a.body as unknown as Release;
      io.out(
        flags.json
          ? JSON.stringify(r, null, 2)
          : `✓ ${r.id} approved by ${r.approvedBy}: published ${r.datasetId} version ${r.version}`,
      );
      return EXIT.ok;
    });
  },
};
