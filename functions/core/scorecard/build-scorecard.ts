import { latestPublished } from '../catalog/build-entry.ts';
import type { DatasetEntry, VersionRecord } from '../catalog/schema.ts';
import type { Feedback } from '../feedback/feedback.ts';
import { summarize } from '../feedback/feedback.ts';
import { median } from './median.ts';
import { onTimeShare, onTimeStatus } from './on-time.ts';
import { qualityOf } from './quality.ts';
import type { DatasetScore, DepartmentScorecard } from './scorecard.ts';

export interface ScorecardInput {
  readonly datasets: ReadonlyArray<{ entry: DatasetEntry; versions: readonly VersionRecord[] }>;
  /** Downloads and queries per dataset over the usage window. */
  readonly usage: ReadonlyMap<string, { downloads: number; queries: number }>;
  readonly feedback: readonly Feedback[];
  readonly usageDays: number;
  readonly now: Date;
}

/** Builds every department's scorecard from published facts, usage counts and feedback. Pure. */
export function buildScorecards(input: ScorecardInput): DepartmentScorecard[] {
  const byDept = new Map<string, { name: DatasetEntry['publisher']['name']; scores: DatasetScore[] }>();
  const feedbackOf = groupBy(input.feedback, (f) => f.datasetId);
  for (const { entry, versions } of input.datasets) {
    const latest = latestPublished([...versions]);
    if (!latest?.publishedAt) continue;
    const fb = feedbackOf.get(entry.id) ?? [];
    const onTime = onTimeStatus(entry.updateFrequency, latest.publishedAt, input.now);
    const openProblemDates = fb
      .filter((f) => f.kind === 'problem' && f.status === 'open' && f.moderation !== 'rejected')
      .map((f) => f.createdAt);
    const quality = qualityOf({ entry, latest, onTime, openProblemDates, now: input.now });
    const summary = summarize(fb);
    const use = input.usage.get(entry.id) ?? { downloads: 0, queries: 0 };
    const score: DatasetScore = {
      id: entry.id,
      title: entry.title,
      frequency: entry.updateFrequency,
      lastUpdate: latest.publishedAt,
      onTime: {
        status: onTime.status,
        ...(onTime.dueAt ? { dueAt: onTime.dueAt } : {}),
        daysOverdue: onTime.daysOverdue,
      },
      quality,
      downloads: use.downloads,
      queries: use.queries,
      ratingAverage: summary.ratingAverage,
      ratingCount: summary.ratingCount,
      openProblems: summary.openProblems,
    };
    const d = byDept.get(entry.publisher.id) ?? { name: entry.publisher.name, scores: [] };
    d.scores.push(score);
    byDept.set(entry.publisher.id, d);
  }
  const feedbackOfDept = groupBy(input.feedback, (f) => f.department);
  return [...byDept.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([id, { name, scores }]) => {
      const answered = (feedbackOfDept.get(id) ?? []).filter((f) => f.kind !== 'rating' && f.firstResponseAt);
      const hours = answered.map((f) => (Date.parse(f.firstResponseAt ?? '') - Date.parse(f.createdAt)) / 3_600_000);
      const med = median(hours);
      return {
        department: { id, name },
        datasetsPublished: scores.length,
        onTimeShare: onTimeShare(scores.map((s) => ({ frequency: s.frequency, ...s.onTime }))),
        scheduledDatasets: scores.filter((s) => s.onTime.status !== 'not-applicable').length,
        overdue: scores
          .filter((s) => s.onTime.status === 'overdue')
          .sort((a, b) => b.onTime.daysOverdue - a.onTime.daysOverdue)
          .map((s) => ({
            id: s.id,
            title: s.title,
            frequency: s.frequency,
            lastUpdate: s.lastUpdate,
            dueAt: s.onTime.dueAt ?? '',
            daysOverdue: s.onTime.daysOverdue,
          })),
        averageQuality: Math.round(scores.reduce((a, s) => a + s.quality.score, 0) / Math.max(1, scores.length)),
        downloads: scores.reduce((a, s) => a + s.downloads, 0),
        queries: scores.reduce((a, s) => a + s.queries, 0),
        usageDays: input.usageDays,
        medianResponseHours: med === null ? null : Math.round(med * 10) / 10,
        feedbackAnswered: answered.length,
        datasets: scores.sort((a, b) => a.id.localeCompare(b.id)),
      };
    });
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const i of items) {
    const k = key(i);
    const list = m.get(k) ?? [];
    list.push(i);
    m.set(k, list);
  }
  return m;
}
