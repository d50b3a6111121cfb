import type { Release } from '../../core/release/release.ts';
import { callApi, guarded, printProblem } from '../api-client.ts';
import { type Command, EXIT, parseArgs, UsageError } from '../io.ts';

/** `opendata reject <release-id> --reason "..."`. */
export const rejectCommand: Command = {
  name: 'reject',
  usage: 'reject <release-id> --reason <text> [--json]',
  summary: 'reject a submitted release, with a reason (recorded in the audit ledger)',
  async run(args, io) {
    const { positionals, flags } = parseArgs(args, { booleans: ['json'], strings: ['reason'] });
    if (positionals.length !== 1) throw new UsageError('give exactly one release id');
    if (typeof flags.reason !== 'string' || !flags.reason.trim()) throw new UsageError('--reason is required');
    return guarded(io, async () => {
      const a = await callApi(io, 'POST', `/v1/releases/${encodeURIComponent(positionals[0] as string)}/reject`, {
        reason: flags.reason,
      });
      if (a.status >= 300) {
        printProblem(io, a);
        return EXIT.refused;
      }
      const r = a.body as unknown as Release;
      io.out(
        flags.json ? JSON.stringify(r, null, 2) : `✓ ${r.id} rejected by ${r.rejection?.by}: ${r.rejection?.reason}`,
      );
      return EXIT.ok;
    });
  },
};
