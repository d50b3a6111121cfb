import { readLedgerExport } from '../../functions/cli/read-ledger-export.ts';
import { type ExportedEntry, withLaterDisclosures } from '../../functions/core/release/audit-export.ts';
import type { ExportHead } from '../../functions/core/release/audit-export-head.ts';

/**
 * The public ledger export of a running platform, read as an outsider does: the head that
 * `GET /v1/audit/verify` names, and every segment it names (functions/cli/read-ledger-export.ts).
 */
export async function publicLedgerExport(baseUrl: string): Promise<{
  headUrl: string;
  head: ExportHead;
  segments: ReadonlyArray<{ source: string; lines: unknown[] }>;
  /** Every line of every segment, in order (entries and later disclosures). */
  lines: unknown[];
  /** The entries as public now (later disclosures merged). */
  entries: ExportedEntry[];
}> {
  const verify = (await (await fetch(`${baseUrl}/v1/audit/verify`)).json()) as { latestExport: { head: string } };
  const headUrl = `${baseUrl}${verify.latestExport.head}`;
  const read = await readLedgerExport(headUrl, process.cwd());
  if (read.kind !== 'head') throw new Error(`${headUrl} is not a head`);
  const lines = read.segments.flatMap((s) => s.lines);
  return { headUrl, head: read.head, segments: read.segments, lines, entries: withLaterDisclosures(lines) };
}
