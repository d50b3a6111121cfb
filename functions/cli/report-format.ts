import type { AppError, ProblemDetail } from '../core/errors.ts';
import type { Language } from '../core/manifest/localized.ts';
import {
  type RowSuppression,
  SUPPRESSION_HINT,
  SUPPRESSION_HINT_ZH,
  suppressionSentence,
  suppressionSentenceZh,
} from '../core/protection/deidentification-finding.ts';
import {
  ISSUE_TYPES,
  type ValidationIssue,
  type ValidationReport,
  type ValidationWarning,
} from '../core/validation/report.ts';
import type { CliIo } from './io.ts';
import { cliLanguage } from './language.ts';

/**
 * A validation report for people: one line per problem with where, what and how to fix it, then the
 * warnings (they refuse nothing). A release's stored report (it has `checkedAt`: the checks ran on the
 * platform) says the release was refused; a local one (`opendata validate`, `preview`) that it would be.
 * `lang` 'zh-CN' writes the frame and each issue's Chinese (`zh`; the English where an older stored
 * report has none).
 */
export function formatReport(
  datasetId: string,
  report: ValidationReport & { warningsTotal?: number; checkedAt?: string },
  /** The release was published: its suppressed rows "were not published". */
  published = false,
  lang: Language = 'en',
): string {
  const t = FRAME[lang];
  const shown = report.warnings ?? [];
  // A release keeps its first warnings only (stored-issues.ts) and their number.
  const total = Math.max(report.warningsTotal ?? 0, shown.length);
  const warnings = [
    ...shown.flatMap((w) => formatIssue(w, '  ', '!', lang)),
    ...(total > shown.length ? [`  ! ${t.moreWarnings(total - shown.length)}`] : []),
  ];
  const suppressed = report.suppressed ? formatSuppressed(report.suppressed, '  ', published, lang) : [];
  if (report.valid) {
    return [t.valid(datasetId, report.rowsRead, total), ...suppressed, ...warnings].join('\n');
  }
  const lines = [t.refused(datasetId, report.total, report.rowsRead, report.checkedAt !== undefined), ...suppressed];
  for (const i of report.issues) lines.push(...formatIssue(i, '  ', '', lang));
  if (report.total > report.issues.length) {
    lines.push(`  ${t.moreIssues(report.total - report.issues.length, JSON.stringify(report.counts))}`);
  }
  return [...lines, ...warnings].join('\n');
}

/** The words around the issues, per language. */
const FRAME = {
  en: {
    valid: (id: string, rows: number, warnings: number) =>
      `✓ ${id}: valid (${rows} rows checked)${warnings ? `, ${warnings} warning(s)` : ''}`,
    // A file refused before its rows were read (a title row, an unreadable file) has no rows to count.
    refused: (id: string, problems: number, rows: number, done: boolean) =>
      `✗ ${id}: ${problems} problem(s)${rows > 0 ? ` in ${rows} row${rows === 1 ? '' : 's'} read` : ', no rows read'} — ${done ? 'the release was refused' : 'the release would be refused'}`,
    moreIssues: (n: number, counts: string) => `… and ${n} more. Counts: ${counts}`,
    moreWarnings: (n: number) => `… and ${n} more warning(s)`,
    hint: 'hint: ',
    row: (n: number) => `row ${n}`,
    line: (n: number) => `line ${n}`,
    sheetRow: (n: number) => `sheet row ${n}`,
    at: (row: string, at: string) => `${row} (${at})`,
    field: (name: string) => `field "${name}"`,
    separator: ', ',
    colon: ': ',
  },
  'zh-CN': {
    valid: (id: string, rows: number, warnings: number) =>
      `✓ ${id}：校验通过（检查了 ${rows} 行）${warnings ? `，${warnings} 条警告` : ''}`,
    refused: (id: string, problems: number, rows: number, done: boolean) =>
      `✗ ${id}：${rows > 0 ? `${rows} 行中发现` : '未读取任何数据行，发现'} ${problems} 个问题——${done ? '本次发布已被拒绝' : '本次发布将被拒绝'}`,
    moreIssues: (n: number, counts: string) => `……另有 ${n} 个问题。各类问题数：${counts}`,
    moreWarnings: (n: number) => `……另有 ${n} 条警告`,
    hint: '提示：',
    row: (n: number) => `第 ${n} 行`,
    line: (n: number) => `文件第 ${n} 行`,
    sheetRow: (n: number) => `工作表第 ${n} 行`,
    at: (row: string, at: string) => `${row}（${at}）`,
    field: (name: string) => `字段“${name}”`,
    separator: '，',
    colon: '：',
  },
} as const satisfies Record<Language, unknown>;

/**
 * The rows k-anonymity suppression takes out, right under the verdict: valid rows that a reader of the
 * register will not find, which whoever publishes or approves must weigh (a `!` line, like a warning).
 */
export function formatSuppressed(
  s: RowSuppression,
  indent: string,
  published = false,
  lang: Language = 'en',
): string[] {
  if (lang === 'zh-CN') {
    const qi = s.quasiIdentifiers.join('、');
    return [
      `${indent}! ${suppressionSentenceZh(s, published)}`,
      `${indent}  提示：（${qi}）组合相同的记录少于 ${s.k} 行的会被删除；要发布更多行，${SUPPRESSION_HINT_ZH}`,
    ];
  }
  return [
    `${indent}! ${suppressionSentence(s, published)}`,
    `${indent}  hint: rows whose (${s.quasiIdentifiers.join(', ')}) are shared by fewer than ${s.k} rows are left out; to publish more of them, ${SUPPRESSION_HINT}`,
  ];
}

/**
 * One issue (or warning, marked `!`) of a report: type, where (file, row with the line or sheet row a
 * person finds it at, field), what, and the hint on the next line. An issue about the whole release (a
 * breaking change) has no where. In Chinese, the issue's `zh` (its English when it has none).
 */
export function formatIssue(
  i: ValidationIssue | ValidationWarning,
  indent: string,
  mark = '',
  lang: Language = 'en',
): string[] {
  const t = FRAME[lang];
  const file = 'file' in i ? i.file : undefined;
  const where = [file, isIssue(i) ? rowAt(i, lang) : undefined, i.field ? t.field(i.field) : undefined]
    .filter(Boolean)
    .join(t.separator);
  const text = lang === 'zh-CN' && i.zh ? i.zh : i;
  const head = `${indent}${mark ? `${mark} ` : ''}[${i.type}] ${where ? `${where}${t.colon}` : ''}${text.message}`;
  return [head, `${indent}  ${t.hint}${text.hint}`];
}

const isIssue = (i: ValidationIssue | ValidationWarning): i is ValidationIssue =>
  (ISSUE_TYPES as readonly string[]).includes(i.type);

/** "row 1 (line 3)", "row 1 (sheet row 3)", "row 1", or "line 1" for a line above the header. */
function rowAt(i: ValidationIssue, lang: Language): string | undefined {
  const t = FRAME[lang];
  const at = i.line !== undefined ? t.line(i.line) : i.sheetRow !== undefined ? t.sheetRow(i.sheetRow) : undefined;
  if (i.row === undefined) return at;
  return at ? t.at(t.row(i.row), at) : t.row(i.row);
}

/**
 * A refusal before any row is read (a manifest that does not parse, an unknown publisher): `--json`
 * prints it as `{valid: false, problem}` on stdout (with its Chinese, `zh`), otherwise what, where and
 * how to fix on stderr, in the CLI's language (language.ts): in Chinese, the detail's and each error's
 * `zh`, or the English where a problem has none.
 */
export function reportProblem(io: CliIo, e: AppError, json = false): void {
  if (json) {
    io.out(JSON.stringify({ valid: false, problem: e.toJSON() }, null, 2));
    return;
  }
  for (const line of problemLines(e, cliLanguage(io.env))) io.err(line);
}

/** A problem as the CLI and the API carry it: detail, field-level errors, a hint, and their Chinese. */
export interface ProblemText {
  readonly detail: string;
  readonly hint?: string;
  readonly errors?: readonly ProblemDetail[];
  readonly zh?: { readonly detail: string; readonly hint?: string };
}

/**
 * A problem for people, in `lang` (each part's Chinese where it has one, else its English): "✗ detail",
 * one line per error with its hint under it, then the problem's own hint. `status` is added to the first
 * line of an API answer; `hint` rewrites hints for the CLI (cli-hints.ts).
 */
export function problemLines(
  p: ProblemText,
  lang: Language,
  opts: { status?: number; hint?: (h: string) => string } = {},
): string[] {
  const t = FRAME[lang];
  const zh = lang === 'zh-CN';
  const fix = opts.hint ?? ((h: string) => h);
  const status = opts.status === undefined ? '' : ` (HTTP ${opts.status})`;
  const lines = [`✗ ${(zh && p.zh?.detail) || p.detail}${status}`];
  for (const x of p.errors ?? []) {
    const text = zh && x.zh ? x.zh : x;
    lines.push(`  ${x.where}${t.colon}${text.message}${text.hint ? `\n    ${t.hint}${fix(text.hint)}` : ''}`);
  }
  const hint = (zh && p.zh?.hint) || p.hint;
  if (hint) lines.push(`  ${t.hint}${fix(hint)}`);
  return lines;
}
