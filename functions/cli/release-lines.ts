import type { Language } from '../core/manifest/localized.ts';
import {
  type RowSuppression,
  suppressionShort,
  suppressionShortZh,
} from '../core/protection/deidentification-finding.ts';
import type { ReleaseState, ReleaseView } from '../core/release/release.ts';
import { awaitsSignOff, signOffReasons, signOffSubject } from '../core/release/sign-off.ts';
import { STATE_ZH } from '../core/release/state-words.ts';
import { describeWithdrawal } from './release-format.ts';

/**
 * The lines of the release flow a department reads around the report (`opendata release`, `approve`,
 * `status`): what is happening, what became of the release and what to do next, in the CLI's language.
 * Commands, ids, paths and flags stay as they are typed in either language.
 */
export interface ReleaseLines {
  uploading(name: string, bytes: number): string;
  uploadRefused(name: string, problem: string): string;
  /** A release of this content went nowhere: the same content is released again as `next`. */
  resubmitting(ended: ReleaseView, next: string): string;
  /** What to do next after `opendata release`, for the state the release is in (`resubmit`: the command). */
  next(r: ReleaseView, resubmit: string): string;
  signedOff(r: ReleaseView): string;
  approvedWaiting(r: ReleaseView): string;
  approvedPublished(r: ReleaseView): string;
  approvedWithdrawn(r: ReleaseView): string;
  approvedNotPublished(r: ReleaseView): string;
  approvedQueued(r: ReleaseView): string;
  stillQueued(r: ReleaseView): string;
  /** `opendata reject`: the release rejected, by whom and why. */
  rejected(r: ReleaseView): string;
  /** `opendata withdraw`: the version withdrawn, by which party and why. */
  withdrawn(v: { datasetId: string; version: number; withdrawn?: { by?: string; reason?: string } }): string;
  /** A release's state in the list of `opendata status`. */
  stateCell(s: ReleaseState): string;
  /** Marks of a release in the list of `opendata status`. */
  readonly withdrawnMark: string;
  readonly awaitsSignOffMark: string;
  readonly noReleases: string;
  /** ` (18 of 60 rows suppressed)`: a release whose k-anonymity suppression takes rows out. */
  suppressedMark(s: RowSuppression): string;
}

const EN: ReleaseLines = {
  uploading: (name, bytes) => `uploading ${name} (${bytes.toLocaleString('en')} bytes)`,
  uploadRefused: (name, problem) => `✗ upload of ${name} refused: ${problem}`,
  resubmitting: (ended, next) =>
    `release ${ended.id} ${
      ended.versionWithdrawn
        ? `was published as version ${ended.version} of ${ended.datasetId}, withdrawn since (${ended.versionWithdrawn.reason})`
        : `is ${ended.state}`
    }: releasing the same content as ${next}`,
  next: (r, resubmit) => {
    switch (r.state) {
      case 'checks-passed':
        return awaitsSignOff(r)
          ? `next: it publishes ${signOffSubject(signOffReasons(r)).en} under piiExceptions, so a platform admin signs it off first (opendata approve ${r.id}, run by an admin), then a second person of the department approves it: opendata approve ${r.id}`
          : `next: a second person approves it: opendata approve ${r.id}`;
      case 'approved':
        return `approved${r.approvedBy ? ` by ${r.approvedBy}` : ''}; its publication is under way: see opendata status ${r.id}`;
      case 'published':
        return r.versionWithdrawn
          ? `✗ published as version ${r.version} of ${r.datasetId}, then ${describeWithdrawal(r.versionWithdrawn)}. Nothing of this content is published now. Fix what the reason says and release again; to release this same content again as a new version (once the reason no longer holds), run: ${resubmit}`
          : `already published as version ${r.version} of ${r.datasetId}: nothing to do`;
      case 'rejected':
        return `✗ rejected${r.rejection ? ` by ${r.rejection.by} (${r.rejection.at}): ${r.rejection.reason}` : ''}. Change what the reason asks and release again; to release this same content again (once the reason no longer holds), run: ${resubmit}`;
      case 'checks-failed':
        return `the checks failed: fix the data and release again (if the cause lay outside this folder, e.g. a licence since registered, release the same content again: ${resubmit})`;
      case 'publication-failed':
        return `not published (see above): fix the cause and release again (the same content: ${resubmit})`;
      default:
        return `still ${r.state} after OPENDATA_WAIT_SECONDS: see opendata status ${r.id} (a draft whose files are all uploaded can be submitted with POST /v1/releases/${r.id}/submit)`;
    }
  },
  signedOff: (r) =>
    `✓ ${r.id} signed off for the platform by ${r.platformSignOff?.by}: an approver of ${r.department} other than ${r.submittedBy ?? r.createdBy} approves it next: opendata approve ${r.id}`,
  approvedWaiting: (r) => `✓ ${r.id} approved by ${r.approvedBy}: publication queued, waiting for it`,
  approvedPublished: (r) => `✓ ${r.id} approved by ${r.approvedBy}: published ${r.datasetId} version ${r.version}`,
  approvedWithdrawn: (r) =>
    `✗ ${r.id} approved by ${r.approvedBy}: published ${r.datasetId} version ${r.version} (${r.versionWithdrawn ? describeWithdrawal(r.versionWithdrawn) : ''}); to publish this content again, the publisher runs opendata release <dir> --resubmit`,
  approvedNotPublished: (r) => `✗ ${r.id} was approved but not published`,
  approvedQueued: (r) =>
    `✓ ${r.id} approved by ${r.approvedBy}: publication of ${r.datasetId} queued (opendata status ${r.id})`,
  stillQueued: (r) =>
    `${r.id} is still queued for publication after OPENDATA_WAIT_SECONDS: see opendata status ${r.id}`,
  rejected: (r) => `✓ ${r.id} rejected by ${r.rejection?.by}: ${r.rejection?.reason}`,
  withdrawn: (v) => `✓ ${v.datasetId} version ${v.version} withdrawn by ${v.withdrawn?.by}: ${v.withdrawn?.reason}`,
  stateCell: (s) => s,
  withdrawnMark: ' (withdrawn)',
  awaitsSignOffMark: ' (awaits platform sign-off)',
  noReleases: 'no releases',
  suppressedMark: (s) => ` (${suppressionShort(s)})`,
};

const ZH: ReleaseLines = {
  uploading: (name, bytes) => `正在上传 ${name}（${bytes.toLocaleString('en')} 字节）`,
  uploadRefused: (name, problem) => `✗ ${name} 上传被拒绝：${problem}`,
  resubmitting: (ended, next) =>
    `发布申请 ${ended.id} ${
      ended.versionWithdrawn
        ? `曾发布为 ${ended.datasetId} 的第 ${ended.version} 版，后已撤回（${ended.versionWithdrawn.reason}）`
        : `的状态是 ${ended.state}`
    }：以 ${next} 重新发布同样的内容`,
  next: (r, resubmit) => {
    switch (r.state) {
      case 'checks-passed':
        return awaitsSignOff(r)
          ? `下一步：它按 piiExceptions 发布${signOffSubject(signOffReasons(r)).zh}，因此先由平台管理员签核（由管理员运行 opendata approve ${r.id}），再由本部门另一人审批：opendata approve ${r.id}`
          : `下一步：由本部门另一人审批：opendata approve ${r.id}`;
      case 'approved':
        return `${r.approvedBy ? `已由 ${r.approvedBy} ` : '已'}批准，正在发布：请查看 opendata status ${r.id}`;
      case 'published':
        return r.versionWithdrawn
          ? `✗ 曾发布为 ${r.datasetId} 的第 ${r.version} 版，后来${describeWithdrawal(r.versionWithdrawn, 'zh-CN')}。这份内容目前没有任何部分处于发布状态。请按撤回理由修改后重新发布；如需把同样的内容作为新版本再次发布（在撤回理由不再成立之后），请运行：${resubmit}`
          : `已发布为 ${r.datasetId} 的第 ${r.version} 版：无需再做什么`;
      case 'rejected':
        return `✗ 已被驳回${r.rejection ? `（${r.rejection.by}，${r.rejection.at}）：${r.rejection.reason}` : ''}。请按驳回理由修改后重新发布；如需再次发布同样的内容（在驳回理由不再成立之后），请运行：${resubmit}`;
      case 'checks-failed':
        return `检查未通过：请修正数据后重新发布（如果原因不在这个文件夹里，例如许可协议后来才登记，请再次发布同样的内容：${resubmit}）`;
      case 'publication-failed':
        return `未发布（见上文）：请排除原因后重新发布（同样的内容：${resubmit}）`;
      default:
        return `等待 OPENDATA_WAIT_SECONDS 后仍为 ${r.state}：请查看 opendata status ${r.id}（文件都已上传的草稿可以用 POST /v1/releases/${r.id}/submit 提交）`;
    }
  },
  signedOff: (r) =>
    `✓ ${r.id} 已由 ${r.platformSignOff?.by} 完成平台签核：接下来由 ${r.department} 中 ${r.submittedBy ?? r.createdBy} 以外的审批人审批：opendata approve ${r.id}`,
  approvedWaiting: (r) => `✓ ${r.id} 已由 ${r.approvedBy} 批准：已排队发布，正在等待`,
  approvedPublished: (r) => `✓ ${r.id} 已由 ${r.approvedBy} 批准：已发布 ${r.datasetId} 第 ${r.version} 版`,
  approvedWithdrawn: (r) =>
    `✗ ${r.id} 已由 ${r.approvedBy} 批准：曾发布 ${r.datasetId} 第 ${r.version} 版（${r.versionWithdrawn ? describeWithdrawal(r.versionWithdrawn, 'zh-CN') : ''}）；如需再次发布这份内容，请发布者运行 opendata release <dir> --resubmit`,
  approvedNotPublished: (r) => `✗ ${r.id} 已批准，但未能发布`,
  approvedQueued: (r) => `✓ ${r.id} 已由 ${r.approvedBy} 批准：${r.datasetId} 已排队发布（opendata status ${r.id}）`,
  stillQueued: (r) => `等待 OPENDATA_WAIT_SECONDS 后 ${r.id} 仍在排队发布：请查看 opendata status ${r.id}`,
  rejected: (r) => `✓ ${r.id} 已由 ${r.rejection?.by} 驳回：${r.rejection?.reason}`,
  withdrawn: (v) => `✓ ${v.datasetId} 第 ${v.version} 版已由 ${v.withdrawn?.by} 撤回：${v.withdrawn?.reason}`,
  stateCell: (s) => STATE_ZH[s],
  withdrawnMark: '（已撤回）',
  awaitsSignOffMark: '（待平台签核）',
  noReleases: '没有发布申请',
  suppressedMark: (s) => `（${suppressionShortZh(s)}）`,
};

/** The release-flow lines in `lang`. */
export const releaseLines = (lang: Language): ReleaseLines => (lang === 'zh-CN' ? ZH : EN);
