import type { ReleaseView } from '../../core/release/release.ts';
import { runAction } from '../api-client.ts';
import { type Command, parseArgs, UsageError } from '../io.ts';
import { cliLanguage } from '../language.ts';
import { releaseLines } from '../release-lines.ts';

/** `opendata reject <release-id> --reason "..."`. */
export const rejectCommand: Command = {
  name: 'reject',
  usage: {
    en: 'reject <release-id> --reason <text> [--json]',
    'zh-CN': 'reject <发布申请编号> --reason <理由> [--json]',
  },
  summary: {
    en: 'reject a submitted release, with a reason (recorded in the audit ledger)',
    'zh-CN': '驳回已提交的发布申请，并写明理由（记入审计账本）',
  },
  async run(args, io) {
    const { positionals, flags } = parseArgs(args, { booleans: ['json'], strings: ['reason'] });
    if (positionals.length !== 1) throw new UsageError('give exactly one release id', '请给出且仅给出一个发布申请编号');
    if (typeof flags.reason !== 'string' || !flags.reason.trim())
      throw new UsageError('--reason is required', '必须给出 --reason（驳回理由）');
    return runAction<ReleaseView>(
      io,
      `/v1/releases/${encodeURIComponent(positionals[0] as string)}/reject`,
      { reason: flags.reason },
      flags.json === true,
      releaseLines(cliLanguage(io.env)).rejected,
    );
  },
};
