import type { VersionRecord } from '../catalog/schema.ts';
import { WITHDRAWN_BY_PLATFORM } from '../catalog/withdrawn-samples.ts';
import { badRequest, conflict, forbidden } from '../errors.ts';
import { refusePersonalData } from '../feedback/personal-data.ts';
import { MIN_REASON_LENGTH, minLengthMessageZh, shortReason, WIDE_CHAR_WEIGHT } from '../feedback/text-length.ts';
import { hasRole, type Principal } from './principal.ts';
import type { CheckReport, PublicationFailure, RawFile, Release, ReleaseState } from './release.ts';
import {
  awaitsSignOff,
  describeSignOffReasons,
  describeSignOffReasonsZh,
  signOffReasons,
  signOffSubject,
} from './sign-off.ts';
import { STATE_ZH } from './state-words.ts';

/**
 * The release state machine: one pure function per transition, each with its own authorization
 * check. Illegal transitions answer 409 conflict, missing rights 403 forbidden. Storage (conditional
 * writes) and the audit ledger are the use cases' business, not this module's.
 */

/** What a transition does, in Chinese (`requireState`'s action). */
const ACTION_ZH: Readonly<Record<string, string>> = {
  submitted: '提交',
  checked: '记录检查结果',
  approved: '批准',
  'signed off': '签核',
  rejected: '驳回',
  published: '标记为已发布',
  'marked publication-failed': '标记为发布失败',
};

function requireState(r: Release, action: string, allowed: readonly ReleaseState[]): void {
  if (!allowed.includes(r.state)) {
    const zhAction = ACTION_ZH[action] ?? action;
    throw conflict({
      detail: `release ${r.id} is ${r.state}: it cannot be ${action}`,
      hint: `only a release that is ${allowed.join(' or ')} can be ${action}; see GET /v1/releases/${r.id}`,
      zh: {
        detail: `发布申请 ${r.id} 的状态是“${STATE_ZH[r.state]}”（${r.state}）：不能${zhAction}`,
        hint: `只有状态为${allowed.map((a) => `“${STATE_ZH[a]}”（${a}）`).join('或')}的发布申请才能${zhAction}；请查看 opendata status ${r.id}`,
      },
      extensions: { state: r.state },
    });
  }
}

/** 403 naming who was refused, what and what to do, in English and Chinese. */
function deny(p: Principal, detail: string, hint: string, zh: { detail: string; hint: string }): never {
  throw forbidden({ detail: `${p.id}: ${detail}`, hint, zh: { detail: `${p.id}：${zh.detail}`, hint: zh.hint } });
}

function moved(r: Release, state: ReleaseState, by: Principal, at: string, patch: Partial<Release> = {}): Release {
  return { ...r, ...patch, state, history: [...r.history, { state, at, by: by.id }] };
}

/** Who reads a reason: a rejection's stays with the department and the auditors, a withdrawal's is public. */
const REASON_READERS = {
  rejection: 'the department reads it; the audit ledger keeps it (its public export does not show it)',
  withdrawal:
    "it is public for good: the version's 410 answers, the dataset's page and the write-once public audit ledger",
} as const;

/** REASON_READERS in Chinese, with the act's name. */
const REASON_READERS_ZH = {
  rejection: { act: '驳回', readers: '部门会看到它；审计账本会保存它（其公开导出不显示）' },
  withdrawal: { act: '撤回', readers: '它会永久公开：该版本的 410 应答、数据集页面和只写一次的公开审计账本' },
} as const;

function requireReason(reason: string | undefined, what: keyof typeof REASON_READERS): string {
  const t = (reason ?? '').trim();
  const short = shortReason(t);
  if (short) {
    const z = REASON_READERS_ZH[what];
    throw badRequest({
      detail: `a ${what} needs a reason`,
      hint: `say why in a sentence (${short}); ${REASON_READERS[what]}`,
      zh: {
        detail: `${z.act}需要写明理由`,
        hint: `请用一句话说明原因（至少 ${MIN_REASON_LENGTH} 个字符，一个汉字算 ${WIDE_CHAR_WEIGHT} 个）；${z.readers}`,
      },
      errors: [{ where: 'body.reason', message: short, zh: { message: minLengthMessageZh(MIN_REASON_LENGTH) } }],
    });
  }
  return t;
}

/**
 * A withdrawal's reason is published as written, where nothing can take it back (the public ledger
 * export is write-once): what looks like personal data in it — as the release gate and the public
 * forms find it — is refused (422, naming the kind, never echoing the value). Withdrawals after a
 * privacy incident are exactly the ones tempted to quote the record.
 */
function refusePersonalReason(reason: string): void {
  refusePersonalData([{ where: 'body.reason', text: reason }], {
    en: `describe the problem without personal data (e.g. "records of individuals could be re-identified from rows 1-40"): the reason is public for good — the version's 410 answers, the dataset's page and the write-once public audit ledger`,
    zh: '请在不写出个人信息的前提下描述问题（例如“第 1-40 行的个人记录可能被重新识别”）：撤回原因会永久公开——在该版本的 410 答复、数据集页面和只写一次的公开审计账本中',
  });
}

export interface DraftInput {
  readonly id: string;
  readonly datasetId: string;
  /** The department the manifest names as publisher. */
  readonly department: string;
  readonly label?: string;
  readonly manifest: Record<string, unknown>;
  readonly manifestSha256: string;
  readonly dataSha256: string;
  readonly files: readonly RawFile[];
}

/** A publisher of the manifest's department opens a release (its files are uploaded next). */
export function createDraft(p: Principal, input: DraftInput, at: string): Release {
  if (!hasRole(p, 'publisher', input.department)) {
    deny(
      p,
      `may not release datasets of department "${input.department}"`,
      `a release needs the publisher role of the department the manifest names (publisher: ${input.department})`,
      {
        detail: `不能发布部门“${input.department}”的数据集`,
        hint: `发布需要清单中所写部门的发布者角色（publisher: ${input.department}）`,
      },
    );
  }
  return {
    id: input.id,
    datasetId: input.datasetId,
    department: input.department,
    ...(input.label ? { label: input.label } : {}),
    state: 'draft',
    createdBy: p.id,
    createdAt: at,
    manifest: input.manifest,
    manifestSha256: input.manifestSha256,
    dataSha256: input.dataSha256,
    files: [...input.files],
    breaking: false,
    history: [{ state: 'draft', at, by: p.id }],
  };
}

/** draft → submitted: the data is uploaded; only a publisher of the department submits. */
export function submit(r: Release, p: Principal, at: string): Release {
  requireState(r, 'submitted', ['draft']);
  if (!hasRole(p, 'publisher', r.department)) {
    deny(p, `may not submit releases of department "${r.department}"`, 'ask a publisher of that department', {
      detail: `不能提交部门“${r.department}”的发布申请`,
      hint: '请该部门的发布者提交',
    });
  }
  return moved(r, 'submitted', p, at, { submittedBy: p.id, submittedAt: at });
}

/** submitted → checks-passed | checks-failed: only the pipeline records check results. */
export function recordChecks(
  r: Release,
  p: Principal,
  result: { report: CheckReport; diff?: Release['diff']; breaking: boolean },
  at: string,
): Release {
  requireState(r, 'checked', ['submitted']);
  if (!p.system) {
    deny(p, 'only the platform records check results', 'checks run automatically on submission', {
      detail: '只有平台能记录检查结果',
      hint: '提交后检查会自动运行',
    });
  }
  // The checks ran: an earlier failure to run them is history (the ledger keeps it). A sign-off was of
  // the data checked before: these results (report.piiExceptions) say whether another one is needed.
  const { checksError: _ran, platformSignOff: _before, ...rest } = r;
  return moved(rest, result.report.valid ? 'checks-passed' : 'checks-failed', p, at, {
    checks: result.report,
    ...(result.diff ? { diff: result.diff } : {}),
    breaking: result.breaking,
  });
}

/**
 * A submitted release whose checks could not run (an internal error): it stays `submitted`, with the
 * error's class and the number of failed attempts, for the department and the platform team to see.
 */
export function recordChecksError(r: Release, p: Principal, kind: string, at: string): Release {
  requireState(r, 'checked', ['submitted']);
  if (!p.system) {
    deny(p, 'only the platform records check results', 'checks run automatically on submission', {
      detail: '只有平台能记录检查结果',
      hint: '提交后检查会自动运行',
    });
  }
  return { ...r, checksError: { kind, at, attempts: (r.checksError?.attempts ?? 0) + 1 } };
}

/**
 * checks-passed → approved: four eyes — an approver of the department who did not submit it; for a
 * release publishing identity numbers or a withheld column's values under an exception, only once a
 * platform admin signed it off
 * (`signOff`), and not by the admin who did.
 */
export function approve(r: Release, p: Principal, at: string): Release {
  requireState(r, 'approved', ['checks-passed']);
  if (!hasRole(p, 'approver', r.department)) {
    deny(
      p,
      `is not an approver of department "${r.department}"`,
      p.admin && signOffReasons(r).length === 0
        ? `ask an approver of that department (release ${r.id} publishes no identity numbers or withheld columns' values under an exception: it needs no platform sign-off)`
        : 'ask an approver of that department',
      {
        detail: `不是部门“${r.department}”的审批人`,
        hint:
          p.admin && signOffReasons(r).length === 0
            ? `请该部门的审批人审批（发布申请 ${r.id} 没有按例外发布身份号码或未公开列的原值：不需要平台签核）`
            : '请该部门的审批人审批',
      },
    );
  }
  if (isAuthor(r, p)) {
    deny(
      p,
      `submitted release ${r.id} and cannot also approve it (four eyes)`,
      'a second person of the department must approve',
      { detail: `提交了发布申请 ${r.id}，不能再由自己批准（双人复核）`, hint: '须由本部门另一人审批' },
    );
  }
  if (awaitsSignOff(r)) {
    throw forbidden({
      detail: `${p.id}: release ${r.id} publishes ${signOffSubject(signOffReasons(r)).en} under piiExceptions (${describeSignOffReasons(signOffReasons(r))}): it needs a platform sign-off before the department approves it`,
      hint: `ask a platform admin (the data-protection officer) to sign it off with \`opendata approve ${r.id}\` (POST /v1/releases/${r.id}/approve), then approve it again; or treat or clean those values, remove the exception and release again`,
      zh: {
        detail: `${p.id}：发布申请 ${r.id} 按 piiExceptions 发布${signOffSubject(signOffReasons(r)).zh}（${describeSignOffReasonsZh(signOffReasons(r))}）：须先经平台签核，部门才能批准`,
        hint: `请平台管理员（数据保护负责人）用 \`opendata approve ${r.id}\`（POST /v1/releases/${r.id}/approve）签核后再批准；或者对这些值做脱敏处理或清理，删除这条例外后重新发布`,
      },
      extensions: { platformSignOff: 'required' },
    });
  }
  if (r.platformSignOff?.by === p.id) {
    deny(
      p,
      `signed release ${r.id} off for the platform and cannot also approve it for the department`,
      'another approver of the department must approve',
      { detail: `已代表平台签核发布申请 ${r.id}，不能再代表部门批准`, hint: '须由本部门另一位审批人审批' },
    );
  }
  return moved(r, 'approved', p, at, { approvedBy: p.id, approvedAt: at });
}

/**
 * checks-passed → checks-passed, signed off: a platform admin (the data-protection officer) accepts
 * that the release publishes identity numbers or a withheld column's values under its exceptions. Not the submitter (four eyes);
 * the department still approves. Signing again as the same admin changes nothing.
 */
export function signOff(r: Release, p: Principal, at: string): Release {
  requireState(r, 'signed off', ['checks-passed']);
  if (!p.admin) {
    deny(p, 'only a platform admin signs a release off', 'ask a platform admin (the data-protection officer)', {
      detail: '只有平台管理员能签核发布申请',
      hint: '请平台管理员（数据保护负责人）签核',
    });
  }
  if (signOffReasons(r).length === 0) {
    throw conflict({
      detail: `release ${r.id} publishes no identity numbers or withheld columns' values under an exception: it needs no platform sign-off`,
      hint: 'an approver of the department approves it',
      zh: {
        detail: `发布申请 ${r.id} 没有按例外发布身份号码或未公开列的原值：不需要平台签核`,
        hint: '由该部门的审批人审批',
      },
      extensions: { state: r.state },
    });
  }
  if (r.platformSignOff?.by === p.id) return r;
  if (r.platformSignOff?.by) {
    throw conflict({
      detail: `release ${r.id} was signed off by ${r.platformSignOff.by} at ${r.platformSignOff.at}`,
      hint: 'an approver of the department approves it now',
      zh: {
        detail: `发布申请 ${r.id} 已由 ${r.platformSignOff.by} 于 ${r.platformSignOff.at} 签核`,
        hint: '现在由该部门的审批人审批',
      },
      extensions: { state: r.state },
    });
  }
  if (isAuthor(r, p)) {
    deny(p, `submitted release ${r.id} and cannot also sign it off (four eyes)`, 'ask another platform admin', {
      detail: `提交了发布申请 ${r.id}，不能再由自己签核（双人复核）`,
      hint: '请另一位平台管理员签核',
    });
  }
  return { ...r, platformSignOff: { by: p.id, at } };
}

/** Four eyes: who created or submitted a release neither approves nor signs it off. */
const isAuthor = (r: Release, p: Principal): boolean => p.id === r.submittedBy || p.id === r.createdBy;

/** submitted | checks-passed | checks-failed → rejected, with a reason: an approver of the department or an admin. */
export function reject(r: Release, p: Principal, reason: string | undefined, at: string): Release {
  requireState(r, 'rejected', ['submitted', 'checks-passed', 'checks-failed']);
  if (!hasRole(p, 'approver', r.department) && !p.admin) {
    deny(p, `may not reject releases of department "${r.department}"`, 'ask an approver of that department', {
      detail: `不能驳回部门“${r.department}”的发布申请`,
      hint: '请该部门的审批人驳回',
    });
  }
  const why = requireReason(reason, 'rejection');
  return moved(r, 'rejected', p, at, { rejection: { reason: why, by: p.id, at } });
}

/** approved → published: the pipeline, once the version is committed. */
export function markPublished(r: Release, p: Principal, version: number, at: string): Release {
  requireState(r, 'published', ['approved']);
  if (!p.system) {
    deny(p, 'only the platform marks releases published', 'approve the release; publication follows', {
      detail: '只有平台能把发布申请标记为已发布',
      hint: '请批准发布申请，随后平台会发布',
    });
  }
  return moved(r, 'published', p, at, { version, publishedAt: at });
}

/** approved → publication-failed: the pipeline, when publication is refused for good (never for a transient error). */
export function markPublicationFailed(r: Release, p: Principal, failure: PublicationFailure): Release {
  requireState(r, 'marked publication-failed', ['approved']);
  if (!p.system) {
    deny(p, 'only the platform records a failed publication', 'approve the release; publication follows', {
      detail: '只有平台能记录发布失败',
      hint: '请批准发布申请，随后平台会发布',
    });
  }
  return moved(r, 'publication-failed', p, failure.at, { publicationFailure: failure });
}

/**
 * The party a withdrawal names, publicly: `platform` for an admin, else the department (a withdrawal
 * needs one or the other), never the person (the audit ledger keeps who), as data requests do.
 */
export const withdrawingParty = (p: Principal, department: string): string =>
  p.admin ? WITHDRAWN_BY_PLATFORM : department;

/**
 * published → withdrawn (a version, not a release): an approver of the dataset's department or an
 * admin, with a reason. Metadata and the audit trail stay; downloads and queries answer 410.
 */
export function withdrawVersion(
  v: VersionRecord,
  department: string,
  p: Principal,
  reason: string | undefined,
  at: string,
): VersionRecord {
  if (v.state !== 'published') {
    throw conflict({
      detail: `version ${v.version} of "${v.datasetId}" is ${v.state}: only a published version can be withdrawn`,
      hint: v.state === 'withdrawn' ? `it was withdrawn on ${v.withdrawn?.at}` : 'wait until it is published',
      zh: {
        detail: `“${v.datasetId}”的第 ${v.version} 版状态是 ${v.state}：只有已发布的版本才能撤回`,
        hint: v.state === 'withdrawn' ? `它已于 ${v.withdrawn?.at} 撤回` : '请等它发布后再撤回',
      },
      extensions: { state: v.state },
    });
  }
  if (!hasRole(p, 'approver', department) && !p.admin) {
    deny(
      p,
      `may not withdraw versions of department "${department}"`,
      'ask an approver of that department or an admin',
      { detail: `不能撤回部门“${department}”的版本`, hint: '请该部门的审批人或平台管理员撤回' },
    );
  }
  const why = requireReason(reason, 'withdrawal');
  refusePersonalReason(why);
  return { ...v, state: 'withdrawn', withdrawn: { reason: why, at, by: withdrawingParty(p, department) } };
}
