import type { ReleaseView } from '../../core/release/release.ts';
import { runAction } from '../api-client.ts';
import { type Command, parseArgs, UsageError } from '../io.ts';
import { cliLanguage } from '../language.ts';
import { releaseLines } from '../release-lines.ts';

/** `opendata reject <release-id> --reason "..."`. */
export const rejectCommand: Command = {
  name: 'reject',
  usage: 'reject <release-id> --reason <text> [--json]',
  summary: 'reject a submitted release, with a reason (recorded in the audit ledger)',
  async run(args, io) {
    const { positionals, flags } = parseArgs(args, { booleans: ['json'], strings: ['reason'] });
    if (positionals.length !== 1) throw new UsageError('give exactly one release id');
    if (typeof flags.reason !== 'string' || !flags.reason.trim()) throw new UsageError('--reason is required');
    return runAction<ReleaseView>(
      io,
      `/v1/releases/${encodeURIComponent(positionals[0] as string)}/reject`,
      { reason: flags.reason },
      flags.json === true,
      releaseLines(cliLanguage(io.env)).rejected,
    );
  },
};
