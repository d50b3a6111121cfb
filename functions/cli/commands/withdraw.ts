import type { VersionRecord } from '../../core/catalog/schema.ts';
import { runAction } from '../api-client.ts';
import { type Command, parseArgs, UsageError } from '../io.ts';
import { cliLanguage } from '../language.ts';
import { releaseLines } from '../release-lines.ts';

/**
 * `opendata withdraw <dataset> <version> --reason "..."`: downloads answer 410; metadata and audit stay.
 * The reason is public for good (the 410 answers, the site, the write-once public audit ledger), so the
 * platform refuses one that holds personal data (422): the help says so before anyone types it.
 */
export const withdrawCommand: Command = {
  name: 'withdraw',
  usage: 'withdraw <dataset> <version> --reason <text> [--json]',
  summary:
    'withdraw a published version (downloads and queries answer 410 Gone with the reason). The reason is PUBLIC FOR GOOD — in the 410 answers, on the dataset page and in the write-once public audit ledger: describe the problem without personal data (no names, ID or phone numbers; a reason holding them is refused)',
  async run(args, io) {
    const { positionals, flags } = parseArgs(args, { booleans: ['json'], strings: ['reason'] });
    if (positionals.length !== 2) throw new UsageError('give a dataset id and a version number');
    if (typeof flags.reason !== 'string' || !flags.reason.trim()) {
      throw new UsageError(
        '--reason is required; it is public for good, so describe the problem without personal data',
      );
    }
    const [dataset, version] = positionals as [string, string];
    return runAction<VersionRecord>(
      io,
      `/v1/datasets/${encodeURIComponent(dataset)}/versions/${encodeURIComponent(version)}/withdraw`,
      { reason: flags.reason },
      flags.json === true,
      releaseLines(cliLanguage(io.env)).withdrawn,
    );
  },
};
