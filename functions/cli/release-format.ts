import type { Language } from '../core/manifest/localized.ts';
import type { PiiExceptionUse } from '../core/protection/pii-exceptions.ts';
import type { ReleaseState, ReleaseView, VersionWithdrawal } from '../core/release/release.ts';
import {
  awaitsSignOff,
  describeSignOffReasons,
  describeSignOffReasonsZh,
  signOffReasons,
  signOffSubject,
} from '../core/release/sign-off.ts';
import { STATE_ZH, STEP_ZH } from '../core/release/state-words.ts';
import { formatIssue, formatReport } from './report-format.ts';
import { columns } from './text-columns.ts';

/** "withdrawn <at> by <party>: <reason>": a published release's version withdrawn since. */
export function describeWithdrawal(w: VersionWithdrawal, lang: Language = 'en'): string {
  return lang === 'zh-CN'
    ? `已于 ${w.at}${w.by ? ` 由 ${w.by}` : ''} 撤回：${w.reason}`
    : `withdrawn ${w.at}${w.by ? ` by ${w.by}` : ''}: ${w.reason}`;
}

/** A release for people: id, state, who did what, the check report and the diff; `lang` 'zh-CN' in Chinese. */
export function formatRelease(r: ReleaseView, lang: Language = 'en'): string {
  const t = WORDS[lang];
  const w = r.versionWithdrawn;
  const lines = [
    `${t.release} ${r.id}`,
    `  ${t.dataset(r.datasetId, r.label, r.department)}`,
    `  ${t.state} ${t.stateName(r.state)}${r.version ? ` → ${t.version} ${r.version}${w ? t.withdrawnMark : ''}` : ''}`,
    // Each step under the first, lined up after the label (a Chinese label is two characters of two columns).
    `  ${t.by} ${r.history.map((h) => t.step(h.state, h.by, h.at)).join(`\n${' '.repeat(3 + columns(t.by))}`)}`,
  ];
  if (r.rejection) lines.push(`  ${t.rejected}${r.rejection.reason}`);
  if (w) lines.push(`  ${t.version} ${r.version} ${describeWithdrawal(w, lang)}`);
  const reasons = signOffReasons(r);
  if (reasons.length > 0) {
    lines.push(
      `  ${t.signOff(reasons, r.platformSignOff?.by ? r.platformSignOff : undefined, awaitsSignOff(r) && r.state === 'checks-passed', r.id)}`,
    );
  }
  if (r.checksError) lines.push(`  ${t.checksError(r.checksError)}`);
  const failed = r.publicationFailure;
  if (failed) {
    lines.push(`  ${t.notPublished(`${failed.status} ${failed.type}`)}${failed.detail}`);
    if (failed.hint) lines.push(`  ${t.hint}${failed.hint}`);
    for (const i of failed.issues ?? []) lines.push(...formatIssue(i, '    ', '', lang));
  }
  if (r.checks) {
    const report = formatReport(r.datasetId, { ...r.checks, cap: 100 }, r.state === 'published', lang);
    lines.push(report.replace(/^/gm, '  '));
  }
  if (r.diff) {
    const d = r.diff;
    const retyped = d.fieldsRetyped.map((f) => `${f.name}: ${f.from}→${f.to}`).join(', ');
    lines.push(`  ${t.diff(d, retyped)}`);
  }
  return lines.join('\n');
}

type ChecksError = NonNullable<ReleaseView['checksError']>;
type Diff = NonNullable<ReleaseView['diff']>;
type SignOff = { by?: string; at?: string };

const WORDS = {
  en: {
    release: 'release',
    dataset: (id: string, label: string | undefined, dept: string) =>
      `dataset ${id}${label ? ` (${label})` : ''}, department ${dept}`,
    state: 'state  ',
    stateName: (s: ReleaseState) => s as string,
    version: 'version',
    withdrawnMark: ' (withdrawn)',
    by: 'by     ',
    step: (state: ReleaseState, by: string, at: string) => `${state}: ${by} ${at}`,
    rejected: 'rejected: ',
    signOff: (reasons: readonly PiiExceptionUse[], given: SignOff | undefined, awaited: boolean, id: string) => {
      const why = `${signOffSubject(reasons).en} under piiExceptions: ${describeSignOffReasons(reasons)}`;
      if (given) return `platform sign-off: by ${given.by} ${given.at} (${why})`;
      return awaited
        ? `platform sign-off: needed (${why}) — a platform admin runs: opendata approve ${id}`
        : `platform sign-off: needed (${why}), not given`;
    },
    checksError: (e: ChecksError) =>
      `checks could not run: an internal ${e.kind} (${e.attempts} attempt(s), last ${e.at}); not a finding about the data — the platform team is alerted, and the next attempt runs them again`,
    notPublished: (what: string) => `not published (${what}): `,
    hint: 'hint: ',
    diff: (d: Diff, retyped: string) => {
      const rows =
        d.rowsAdded === null ? 'rows not compared' : `rows +${d.rowsAdded} -${d.rowsRemoved} ~${d.rowsChanged}`;
      return (
        `diff vs v${d.fromVersion}: fields +[${d.fieldsAdded.join(', ')}] -[${d.fieldsRemoved.join(', ')}]` +
        `${retyped ? ` retyped [${retyped}]` : ''}; ${rows}${d.breaking ? '; BREAKING' : ''}`
      );
    },
  },
  'zh-CN': {
    release: '发布申请',
    dataset: (id: string, label: string | undefined, dept: string) =>
      `数据集 ${id}${label ? `（${label}）` : ''}，部门 ${dept}`,
    state: '状态',
    stateName: (s: ReleaseState) => `${STATE_ZH[s]}（${s}）`,
    version: '版本',
    withdrawnMark: '（已撤回）',
    by: '经办',
    step: (state: ReleaseState, by: string, at: string) => `${STEP_ZH[state]}：${by} ${at}`,
    rejected: '已驳回：',
    signOff: (reasons: readonly PiiExceptionUse[], given: SignOff | undefined, awaited: boolean, id: string) => {
      const why = `按 piiExceptions 发布的${signOffSubject(reasons).zh}：${describeSignOffReasonsZh(reasons)}`;
      if (given) return `平台签核：${given.by} 于 ${given.at} 已签核（${why}）`;
      return awaited
        ? `平台签核：需要（${why}）——请平台管理员运行：opendata approve ${id}`
        : `平台签核：需要（${why}），未获签核`;
    },
    checksError: (e: ChecksError) =>
      `检查未能运行：平台内部错误 ${e.kind}（已尝试 ${e.attempts} 次，最近一次 ${e.at}）；这不是数据本身的问题——平台团队已收到告警，下次尝试会重新运行检查`,
    notPublished: (what: string) => `未发布（${what}）：`,
    hint: '提示：',
    diff: (d: Diff, retyped: string) => {
      const rows =
        d.rowsAdded === null ? '未比较行' : `行 +${d.rowsAdded} -${d.rowsRemoved} ~${d.rowsChanged}（新增/删除/修改）`;
      return (
        `与 v${d.fromVersion} 的差异：字段 +[${d.fieldsAdded.join(', ')}] -[${d.fieldsRemoved.join(', ')}]` +
        `${retyped ? ` 类型变更 [${retyped}]` : ''}；${rows}${d.breaking ? '；不兼容变更' : ''}`
      );
    },
  },
} as const;
