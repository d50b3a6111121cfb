import type { Release } from '../../core/release/release.ts';
import { runAction } from '../api-client.ts';
import { type Command, parseArgs, UsageError } from '../io.ts';

/** `opendata approve <release-id>`: the second pair of eyes; approval publishes the version. */
export const approveCommand: Command = {
  name: 'approve',
  usage: 'approve <release-id> [--json]',
  summary: 'approve a release whose checks passed (not your own); it is published as the next version',
  async run(args, io) {
    const { positionals, flags } = parseArgs(args, { booleans: ['json'] });
    if (positionals.length !== 1) throw new UsageError('give exactly one release id');
    return runAction<Release>(
      io,
      `/v1/releases/${encodeURIComponent(positionals[0] as string)}/approve`,
      {},
      flags.json === true,
      (r) =>
        r.state === 'published'
          ? `✓ ${r.id} approved by ${r.approvedBy}: published ${r.datasetId} version ${r.version}`
          : // AWS: the publication is queued; `opendata status <id>` shows when it is published.
            `✓ ${r.id} approved by ${r.approvedBy}: publication of ${r.datasetId} queued (opendata status ${r.id})`,
    );
  },
};
