import type { VersionRecord } from '../../core/catalog/schema.ts';
import { callApi, guarded, printProblem } from '../api-client.ts';
import { type Command, EXIT, parseArgs, UsageError } from '../io.ts';

/** `opendata withdraw <dataset> <version> --reason "..."`: downloads answer 410; metadata and audit stay. */
export const withdrawCommand: Command = {
  name: 'withdraw',
  usage: 'withdraw <dataset> <version> --reason <text> [--json]',
  summary: 'withdraw a published version (downloads and queries answer 410 Gone with the reason)',
  async run(args, io) {
    const { positionals, flags } = parseArgs(args, { booleans: ['json'], strings: ['reason'] });
    if (positionals.length !== 2) throw new UsageError('give a dataset id and a version number');
    if (typeof flags.reason !== 'string' || !flags.reason.trim()) throw new UsageError('--reason is required');
    const [dataset, version] = positionals as [string, string];
    return guarded(io, async () => {
      const a = await callApi(
        io,
        'POST',
        `/v1/datasets/${encodeURIComponent(dataset)}/versions/${encodeURIComponent(version)}/withdraw`,
        { reason: flags.reason },
      );
      if (a.status >= 300) {
        printProblem(io, a);
        return EXIT.refused;
      }
      const v = a.body as unknown as VersionRecord;
      io.out(
        flags.json
          ? JSON.stringify(v, null, 2)
          : `✓ ${v.datasetId} version ${v.version} withdrawn by ${v.withdrawn?.by}: ${v.withdrawn?.reason}`,
      );
      return EXIT.ok;
    });
  },
};
