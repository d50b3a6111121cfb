import type { ChainVerdict } from '../../core/release/audit-chain.ts';
import { type ExportVerdict, isDisclosureLine, verifyExport } from '../../core/release/audit-export.ts';
import { checkHead } from '../../core/release/audit-export-head.ts';
import { brokenAt, keptHeadMissing } from '../../core/release/audit-reasons.ts';
import { callApi, guarded, printProblem } from '../api-client.ts';
import { type AuditLines, auditLines } from '../audit-lines.ts';
import { type CliIo, type Command, EXIT, parseArgs, UsageError } from '../io.ts';
import { cliLanguage } from '../language.ts';
import { ExportUnreadable, type LedgerExport, readLedgerExport } from '../read-ledger-export.ts';

/**
 * `opendata audit verify`: recomputes the audit hash chain on the platform and names the first broken
 * link. With `--export <file-or-url>`, verifies a public export here instead, as any outsider can
 * (core/release/audit-export.ts): a head (`head-<seq>.json`) with every segment it names, from the
 * first entry; or one segment (`ledger-<from>-<to>.ndjson`) from the first entry, or after a head
 * hash kept earlier (`--prev-hash`). Under `--lang zh` it says so in Chinese, the reason of a break
 * included (the verdict's `firstBroken.zh`); `--json` prints the verdict, which carries both.
 */
export const auditCommand: Command = {
  name: 'audit',
  usage: {
    en: 'audit verify [--export <head-or-segment> [--prev-hash <hash>]] [--json]',
    'zh-CN': 'audit verify [--export <头文件或分段> [--prev-hash <哈希>]] [--json]',
  },
  summary: {
    en: 'verify the audit ledger hash chain (or a public export of it); exit 1 and name the first broken entry',
    'zh-CN': '校验审计账本的哈希链（或它的公开导出）；链断开时退出码为 1，并指出第一条断开的记录',
  },
  async run(args, io) {
    const { positionals, flags } = parseArgs(args, {
      booleans: ['json'],
      strings: ['export', 'prev-hash', 'expect-head'],
    });
    if (positionals.length !== 1 || positionals[0] !== 'verify')
      throw new UsageError('the only audit subcommand is "verify"', 'audit 只有一个子命令：verify');
    const json = flags.json === true;
    const prevHash = typeof flags['prev-hash'] === 'string' ? flags['prev-hash'] : undefined;
    const expectHead = typeof flags['expect-head'] === 'string' ? flags['expect-head'] : undefined;
    const t = auditLines(cliLanguage(io.env));
    if (typeof flags.export === 'string') return verifyExportFile(io, t, flags.export, prevHash, expectHead, json);
    if (prevHash !== undefined)
      throw new UsageError('--prev-hash goes with --export <segment>', '--prev-hash 要和 --export <分段> 一起使用');
    if (expectHead !== undefined)
      throw new UsageError('--expect-head goes with --export <head>', '--expect-head 要和 --export <头文件> 一起使用');
    return guarded(io, async () => {
      // A public route: a principal's bearer token there would be read as an API key (401).
      const a = await callApi(io, 'GET', '/v1/audit/verify', undefined, { anonymous: true });
      if (a.status >= 300 && a.status !== 409) {
        printProblem(io, a, json);
        return EXIT.refused;
      }
      return report(io, t, a.body as unknown as ChainVerdict, json, t.ledger);
    });
  },
};

async function verifyExportFile(
  io: CliIo,
  t: AuditLines,
  source: string,
  prevHash: string | undefined,
  expectHead: string | undefined,
  json: boolean,
) {
  let exported: LedgerExport;
  try {
    exported = await readLedgerExport(source, io.cwd);
  } catch (e) {
    if (!(e instanceof ExportUnreadable)) throw e;
    io.err(t.unreadable(e));
    return EXIT.refused;
  }
  if (exported.kind === 'head') {
    if (prevHash !== undefined)
      throw new UsageError(
        '--prev-hash checks one segment; a head is verified from the first entry',
        '--prev-hash 用于校验单个分段；头文件总是从第一条记录开始校验',
      );
    const lines = exported.segments.flatMap((s) => s.lines);
    const v = withKeptHead(checkHead(exported.head, verifyExport(lines)), lines, expectHead);
    const code = report(io, t, v, json, t.exportOfHead(exported.segments.length));
    // A consistent chain is not yet the platform's: anyone can seal one.
    if (v.valid && !json && expectHead === undefined) io.out(t.notYetThePlatforms);
    return code;
  }
  if (expectHead !== undefined)
    throw new UsageError(
      '--expect-head checks a head (/files/_audit/head-<seq>.json)',
      '--expect-head 用于校验头文件（/files/_audit/head-<seq>.json）',
    );
  const first = exported.lines.find((l) => !isDisclosureLine(l)) as { seq?: unknown } | undefined;
  const firstSeq = typeof first?.seq === 'number' ? first.seq : 1;
  if (prevHash === undefined && firstSeq > 1) {
    io.err(t.needsPrevHash(source, firstSeq));
    return EXIT.refused;
  }
  const v = verifyExport(exported.lines, prevHash === undefined ? undefined : { seq: firstSeq - 1, hash: prevHash });
  return report(io, t, v, json, t.export);
}

function report(io: CliIo, t: AuditLines, v: ChainVerdict | ExportVerdict, json: boolean, what: string): number {
  if (json) io.out(JSON.stringify(v, null, 2));
  else if (v.valid) {
    io.out(t.intact(what, { ...v, ...('disclosures' in v ? { disclosures: v.disclosures } : {}) }));
    if ('disclosuresUnchecked' in v && v.disclosuresUnchecked) io.out(t.uncheckedDisclosures(v.disclosuresUnchecked));
  } else io.err(t.broken(what, v.firstBroken));
  return v.valid ? EXIT.ok : EXIT.refused;
}

/** A verified export must still contain an entry whose hash is the head kept earlier, unchanged. */
function withKeptHead(v: ExportVerdict, lines: readonly unknown[], kept: string | undefined): ExportVerdict {
  if (kept === undefined || !v.valid) return v;
  const found = lines.some((l) => !isDisclosureLine(l) && (l as { hash?: unknown }).hash === kept);
  if (found) return v;
  return {
    ...v,
    valid: false,
    firstBroken: brokenAt(v.headSeq, keptHeadMissing(kept)),
  };
}
