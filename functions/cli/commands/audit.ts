import { callApi, guarded, printProblem } from '../api-client.ts';
import { type Command, EXIT, parseArgs, UsageError } from '../io.ts';

/** `opendata audit verify`: recomputes the audit hash chain on the platform and names the first broken link. */
export const auditCommand: Command = {
  name: 'audit',
  usage: 'audit verify [--json]',
  summary: 'verify the audit ledger hash chain; exit 1 and name the first broken entry if it was altered',
  async run(args, io) {
    const { positionals, flags } = parseArgs(args, { booleans: ['json'] });
    if (positionals.length !== 1 || positionals[0] !== 'verify')
      throw new UsageError('the only audit subcommand is "verify"');
    return guarded(io, async () => {
      // A public route: a principal's bearer token there would be read as an API key (401).
      const a = await callApi(io, 'GET', '/v1/audit/verify', undefined, { anonymous: true });
      if (a.status >= 300 && a.status !== 409) {
        printProblem(io, a, flags.json === true);
        return EXIT.refused;
      }
      const v = a.body as {
        valid: boolean;
        entries: number;
        headSeq: number;
        headHash: string;
        firstBroken?: { seq: number; reason: string };
      };
      if (flags.json) io.out(JSON.stringify(v, null, 2));
      else if (v.valid) io.out(`✓ audit ledger intact: ${v.entries} entries, head #${v.headSeq} ${v.headHash}`);
      else io.err(`✗ audit ledger broken at entry #${v.firstBroken?.seq}: ${v.firstBroken?.reason}`);
      return v.valid ? EXIT.ok : EXIT.refused;
    });
  },
};
