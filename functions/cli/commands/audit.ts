import type { ChainVerdict } from '../../core/release/audit-chain.ts';
import { verifyExport } from '../../core/release/audit-export.ts';
import { callApi, guarded, printProblem } from '../api-client.ts';
import { type CliIo, type Command, EXIT, parseArgs, UsageError } from '../io.ts';
import { ExportUnreadable, readLedgerExport } from '../read-ledger-export.ts';

/**
 * `opendata audit verify`: recomputes the audit hash chain on the platform and names the first broken
 * link. With `--export <file-or-url>`, verifies a public export here instead, as any outsider can:
 * each disclosed value against its commitment, and the hash chain (core/release/audit-export.ts).
 */
export const auditCommand: Command = {
  name: 'audit',
  usage: 'audit verify [--export <file-or-url>] [--json]',
  summary: 'verify the audit ledger hash chain (or a public export of it); exit 1 and name the first broken entry',
  async run(args, io) {
    const { positionals, flags } = parseArgs(args, { booleans: ['json'], strings: ['export'] });
    if (positionals.length !== 1 || positionals[0] !== 'verify')
      throw new UsageError('the only audit subcommand is "verify"');
    const json = flags.json === true;
    if (typeof flags.export === 'string') return verifyExportFile(io, flags.export, json);
    return guarded(io, async () => {
      // A public route: a principal's bearer token there would be read as an API key (401).
      const a = await callApi(io, 'GET', '/v1/audit/verify', undefined, { anonymous: true });
      if (a.status >= 300 && a.status !== 409) {
        printProblem(io, a, json);
        return EXIT.refused;
      }
      return report(io, a.body as unknown as ChainVerdict, json, 'audit ledger');
    });
  },
};

async function verifyExportFile(io: CliIo, source: string, json: boolean): Promise<number> {
  let entries: unknown[];
  try {
    entries = await readLedgerExport(source, io.cwd);
  } catch (e) {
    if (!(e instanceof ExportUnreadable)) throw e;
    io.err(`✗ ${e.message}`);
    return EXIT.refused;
  }
  return report(io, verifyExport(entries), json, 'audit ledger export');
}

function report(io: CliIo, v: ChainVerdict, json: boolean, what: string): number {
  if (json) io.out(JSON.stringify(v, null, 2));
  else if (v.valid) io.out(`✓ ${what} intact: ${v.entries} entries, head #${v.headSeq} ${v.headHash}`);
  else io.err(`✗ ${what} broken at entry #${v.firstBroken?.seq}: ${v.firstBroken?.reason}`);
  return v.valid ? EXIT.ok : EXIT.refused;
}
