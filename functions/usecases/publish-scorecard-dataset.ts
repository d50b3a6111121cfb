import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Registry } from '../core/manifest/parse.ts';
import { DatasetManifest } from '../core/manifest/schema.ts';
import { SYSTEM_PRINCIPAL } from '../core/release/principal.ts';
import { scorecardCsv } from '../core/scorecard/metrics-csv.ts';
import { type PublishDeps, type PublishOutcome, publishRelease } from './publish-release.ts';
import { appendAudit, exportLedgerAfterChange } from './release/audit-ledger.ts';
import { computeScorecards } from './scorecard.ts';

export const SCORECARD_DATASET_ID = 'platform-scorecards';

/** A publication's outcome, or `no-datasets` when no department has a dataset to score yet. */
export type ScorecardOutcome = PublishOutcome | { status: 'no-datasets' };
/** The department that runs the platform and publishes its measurements. */
export const PLATFORM_PUBLISHER = 'demo-data-office';

/**
 * Publishes the department scorecards as an open dataset through the platform's own pipeline (the
 * same validation, protection gate and immutable versions as any release), recorded in the audit
 * ledger as published by the platform. Run daily in AWS (the ingest function's schedule) and at each local start; a day whose numbers
 * did not change publishes nothing new.
 */
export async function publishScorecardDataset(deps: PublishDeps, registry: Registry): Promise<ScorecardOutcome> {
  const cards = await computeScorecards(deps);
  const date = cards.generatedAt.slice(0, 10);
  const departments = cards.departments.filter((c) => c.department.id !== PLATFORM_PUBLISHER);
  // A platform with no published dataset yet has nothing to score (and a release needs a row).
  if (!departments.some((d) => d.datasets.length > 0)) return { status: 'no-datasets' };
  const work = await mkdtemp(join(deps.workRoot, 'scorecards-'));
  try {
    const csv = join(work, 'scorecards.csv');
    await writeFile(csv, scorecardCsv(date, departments));
    const manifest = DatasetManifest.parse(scorecardManifest(date));
    const out = await publishRelease(deps, {
      releaseId: `scorecards-${date}`,
      manifest,
      sources: [{ label: 'scorecards.csv', path: csv }],
      registry,
      skipIfUnchanged: true,
    });
    if (out.status !== 'refused') {
      // Computed by the platform, so no department submits or approves it (no four eyes): the ledger
      // records that the platform published it. Once per version (also after a crash between the
      // publication and this entry: the next run finds the version unchanged and records it then).
      const entry = await appendAudit(deps, {
        actor: SYSTEM_PRINCIPAL.id,
        action: 'scorecards.published',
        subject: `dataset/${SCORECARD_DATASET_ID}/v${out.version}`,
        details: { dataset: SCORECARD_DATASET_ID, version: out.version, date, trigger: 'computed by the platform' },
        dedupeKey: `dataset/${SCORECARD_DATASET_ID}/v${out.version}/published`,
      });
      if (entry) await exportLedgerAfterChange(deps);
    }
    return out;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

const text = (zh: string, en: string) => ({ 'zh-CN': zh, en });

function scorecardManifest(date: string): unknown {
  const f = (name: string, type: string, zh: string, en: string, extra: Record<string, unknown> = {}) => ({
    name,
    type,
    title: text(zh, en),
    description: text(zh, en),
    grade: 'public',
    ...extra,
  });
  return {
    id: SCORECARD_DATASET_ID,
    title: text('各部门数据开放考核评分', 'Department open-data scorecards'),
    description: text(
      '平台每日计算的各部门数据开放考核结果：每行是一个数据集在某一天的按时更新状态（对照其声明的更新频率）、质量评分（许可、描述、字段说明、时空范围、机器可读格式、主键、按时更新、脱敏报告、未处理问题）、近 30 天下载与查询次数，以及用户评分和未处理问题数。只含汇总数字，不含任何 API 密钥或反馈原文。',
      'Computed daily by the platform: one row per dataset and day with its on-time status against the declared update frequency, its quality score (licence, description, field descriptions, coverage, machine-readable formats, primary key, timeliness, de-identification report, open problems), downloads and queries over the last 30 days, user ratings and open problem reports. Aggregates only: no API keys and no feedback text.',
    ),
    publisher: PLATFORM_PUBLISHER,
    contact: { name: '示例市大数据局数据开放处 / Open data office', email: 'opendata@data.demo-city.example' },
    keywords: ['考核', '评分', '数据开放', 'scorecard', 'open data', 'metrics'],
    themes: ['government'],
    license: 'CC0-1.0',
    updateFrequency: 'daily',
    temporal: { start: date },
    source: { files: [{ path: 'scorecards.csv' }], format: 'csv', encoding: 'utf-8' },
    primaryKey: ['date', 'dataset'],
    label: date,
    fields: [
      f('date', 'date', '评分日期', 'Scorecard date'),
      f('department', 'string', '部门', 'Department id'),
      f('dataset', 'string', '数据集', 'Dataset id'),
      f('frequency', 'string', '声明的更新频率', 'Declared update frequency'),
      f('last_update', 'datetime', '最近更新时间', 'Last update'),
      f('on_time_status', 'string', '按时状态', 'On-time status'),
      f('days_overdue', 'integer', '逾期天数', 'Days overdue'),
      f('quality_score', 'number', '质量评分', 'Quality score'),
      f('downloads', 'integer', '近 30 天下载次数', 'Downloads, last 30 days'),
      f('queries', 'integer', '近 30 天查询次数', 'Queries, last 30 days'),
      f('rating_average', 'number', '平均评分', 'Average rating'),
      f('rating_count', 'integer', '评分人数', 'Number of ratings'),
      f('open_problems', 'integer', '未处理问题数', 'Open problem reports'),
    ],
  };
}
