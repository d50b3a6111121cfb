import type { DatasetEntry, VersionRecord } from '../catalog/schema.ts';
import type { OnTimeStatus } from './on-time.ts';

/** The quality criteria, each checkable from published facts, each with how to fix it. */
export const CRITERIA = {
  'licence-open': {
    en: 'Open licence, stated',
    'zh-CN': '开放许可并明确声明',
    fix: {
      en: 'Set `license` in dataset.yaml to an open SPDX licence (e.g. CC-BY-4.0) listed in datasets/licenses.yaml.',
      'zh-CN':
        '在 dataset.yaml 的 license 中填写开放的 SPDX 许可（如 CC-BY-4.0），并确保其在 datasets/licenses.yaml 中登记。',
    },
  },
  'description-100': {
    en: 'Description of at least 100 characters',
    'zh-CN': '描述不少于 100 个字符',
    fix: {
      en: 'Describe what a row is, the period, the area, the source and known caveats in `description` (100+ characters).',
      'zh-CN': '在 description 中说明每行代表什么、时间范围、地域、来源和注意事项（不少于 100 个字符）。',
    },
  },
  'fields-described': {
    en: 'Every field described',
    'zh-CN': '每个字段都有说明',
    fix: {
      en: 'Give every entry of `fields` a `description` (meaning, unit, code list).',
      'zh-CN': '为 fields 中的每个字段填写 description（含义、单位、代码表）。',
    },
  },
  coverage: {
    en: 'Temporal and spatial coverage stated',
    'zh-CN': '声明时间和空间覆盖范围',
    fix: {
      en: 'Add `temporal: {start, end}` and `spatial: {description, regionCode or bbox}` to dataset.yaml.',
      'zh-CN': '在 dataset.yaml 中添加 temporal（起止日期）和 spatial（描述、行政区划代码或范围框）。',
    },
  },
  'machine-readable': {
    en: 'Machine-readable formats',
    'zh-CN': '提供机器可读格式',
    fix: {
      en: 'Publish through the pipeline: it produces CSV, Parquet, NDJSON and JSON from any accepted source.',
      'zh-CN': '通过发布流水线发布：它会从源文件生成 CSV、Parquet、NDJSON 和 JSON。',
    },
  },
  'primary-key': {
    en: 'Primary key declared',
    'zh-CN': '声明主键',
    fix: {
      en: 'Add `primaryKey: [field, ...]` naming the fields that identify a row (needed for row-level diffs).',
      'zh-CN': '添加 primaryKey，列出能唯一标识一行的字段（行级差异比较需要它）。',
    },
  },
  'on-time': {
    en: 'Updated on time',
    'zh-CN': '按时更新',
    fix: {
      en: 'Publish a new version before the due date of the declared `updateFrequency`, or correct the declared frequency.',
      'zh-CN': '在声明的 updateFrequency 到期前发布新版本，或更正声明的更新频率。',
    },
  },
  'deidentification-report': {
    en: 'De-identification report present',
    'zh-CN': '附有去标识化报告',
    fix: {
      en: 'Grade every field and give non-public fields a treatment; the pipeline then records what it did per field.',
      'zh-CN': '为每个字段定级，并为非公开字段配置处理方式；流水线会按字段记录处理结果。',
    },
  },
  'no-stale-problems': {
    en: 'No open problem reports older than 30 days',
    'zh-CN': '没有超过 30 天未处理的问题报告',
    fix: {
      en: 'Answer and resolve problem reports within 30 days (reply with resolve: true once fixed).',
      'zh-CN': '在 30 天内答复并解决问题报告（修复后回复时设置 resolve: true）。',
    },
  },
} as const;
export type CriterionId = keyof typeof CRITERIA;
export const CRITERION_IDS = Object.keys(CRITERIA) as CriterionId[];

export interface CriterionResult {
  readonly id: CriterionId;
  readonly passed: boolean;
  /** Why it failed, in a phrase (which fields, how many days…). */
  readonly detail?: string;
}

export interface QualityInput {
  readonly entry: DatasetEntry;
  /** The latest published version (undefined: nothing published). */
  readonly latest: VersionRecord | undefined;
  readonly onTime: OnTimeStatus;
  /** Creation times of the dataset's open problem reports. */
  readonly openProblemDates: readonly string[];
  readonly now: Date;
}

const MACHINE_READABLE = new Set(['csv', 'parquet', 'ndjson', 'json']);
const STALE_MS = 30 * 86_400_000;

/** Evaluates every criterion; the score is the share passed, 0–100. */
export function qualityOf(q: QualityInput): { score: number; criteria: CriterionResult[] } {
  const e = q.entry;
  const desc = Math.max([...(e.description['zh-CN'] ?? '')].length, [...(e.description.en ?? '')].length);
  const undescribed = e.fields.filter((f) => !f.description?.['zh-CN'] && !f.description?.en).map((f) => f.name);
  const nonPublic = (q.latest?.fields ?? e.fields).filter((f) => f.grade !== 'public').map((f) => f.name);
  const reported = new Set((q.latest?.deidentification ?? []).map((d) => d.field));
  const unreported = nonPublic.filter((f) => !reported.has(f));
  const stale = q.openProblemDates.filter((d) => q.now.getTime() - Date.parse(d) > STALE_MS).length;
  const formats = e.formats.filter((f) => MACHINE_READABLE.has(f));
  const check = (id: CriterionId, passed: boolean, detail?: string): CriterionResult =>
    passed ? { id, passed } : { id, passed, ...(detail ? { detail } : {}) };
  const criteria = [
    check('licence-open', e.license.open && e.license.id.length > 0, `${e.license.id || 'no licence'} is not open`),
    check('description-100', desc >= 100, `${desc} characters`),
    check('fields-described', undescribed.length === 0, `not described: ${undescribed.slice(0, 10).join(', ')}`),
    check(
      'coverage',
      e.temporal !== undefined && e.spatial !== undefined,
      [e.temporal ? '' : 'no temporal coverage', e.spatial ? '' : 'no spatial coverage'].filter(Boolean).join('; '),
    ),
    check('machine-readable', formats.length > 0, 'no machine-readable format published'),
    check('primary-key', e.primaryKey.length > 0, 'no primary key'),
    check('on-time', q.onTime.status !== 'overdue', `${q.onTime.daysOverdue} days overdue`),
    check(
      'deidentification-report',
      q.latest !== undefined && unreported.length === 0,
      q.latest ? `no entry for: ${unreported.slice(0, 10).join(', ')}` : 'no published version',
    ),
    check('no-stale-problems', stale === 0, `${stale} open report(s) older than 30 days`),
  ];
  return { score: Math.round((criteria.filter((c) => c.passed).length / criteria.length) * 100), criteria };
}
