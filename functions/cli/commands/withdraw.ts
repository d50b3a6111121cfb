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
  usage: {
    en: 'withdraw <dataset> <version> --reason <text> [--json]',
    'zh-CN': 'withdraw <数据集编号> <版本号> --reason <撤回原因> [--json]',
  },
  summary: {
    en: 'withdraw a published version (downloads and queries answer 410 Gone with the reason). The reason is PUBLIC FOR GOOD — in the 410 answers, on the dataset page and in the write-once public audit ledger: describe the problem without personal data (no names, ID or phone numbers; a reason holding them is refused)',
    'zh-CN':
      '撤回一个已发布的版本（下载和查询将答复 410 Gone 并附上原因）。撤回原因会永久公开——在 410 答复、数据集页面和只写一次的公开审计账本中：描述问题时不要写出个人信息（不写姓名、身份证号或电话号码；含有这些内容的原因会被拒绝）',
  },
  async run(args, io) {
    const { positionals, flags } = parseArgs(args, { booleans: ['json'], strings: ['reason'] });
    if (positionals.length !== 2)
      throw new UsageError('give a dataset id and a version number', '请给出数据集编号和版本号');
    if (typeof flags.reason !== 'string' || !flags.reason.trim()) {
      throw new UsageError(
        '--reason is required; it is public for good, so describe the problem without personal data',
        '必须给出 --reason；撤回原因会永久公开，描述问题时不要写出个人信息',
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
