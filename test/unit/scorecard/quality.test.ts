import { describe, expect, it } from 'vitest';
import type { Feedback } from '../../../functions/core/feedback/feedback.ts';
import { buildScorecards } from '../../../functions/core/scorecard/build-scorecard.ts';
import { median } from '../../../functions/core/scorecard/median.ts';
import { scorecardCsv } from '../../../functions/core/scorecard/metrics-csv.ts';
import { onTimeStatus } from '../../../functions/core/scorecard/on-time.ts';
import { CRITERIA, CRITERION_IDS, qualityOf } from '../../../functions/core/scorecard/quality.ts';
import { sampleEntry, sampleVersion } from '../../support/catalog-samples.ts';

const now = new Date('2026-06-01T00:00:00Z');

describe('quality criteria', () => {
  it('lists every criterion with a title and how to fix it, in both languages', () => {
    expect(CRITERION_IDS).toHaveLength(9);
    for (const id of CRITERION_IDS) {
      expect(CRITERIA[id].en && CRITERIA[id]['zh-CN'] && CRITERIA[id].fix.en && CRITERIA[id].fix['zh-CN']).toBeTruthy();
    }
  });

  it('fails exactly the criteria that are not met, with a detail', () => {
    const entry = { ...sampleEntry('ds'), description: { en: 'Too short.' }, temporal: undefined, primaryKey: [] };
    const latest = { ...sampleVersion('ds', 1), publishedAt: '2026-05-30T00:00:00Z' };
    const q = qualityOf({
      entry,
      latest,
      onTime: onTimeStatus('daily', '2026-05-01T00:00:00Z', now),
      openProblemDates: ['2026-04-01T00:00:00Z', '2026-05-31T00:00:00Z'],
      now,
    });
    const failed = q.criteria.filter((c) => !c.passed).map((c) => c.id);
    expect(failed).toEqual(
      expect.arrayContaining(['description-100', 'coverage', 'primary-key', 'on-time', 'no-stale-problems']),
    );
    expect(q.criteria.find((c) => c.id === 'no-stale-problems')?.detail).toBe('1 open report(s) older than 30 days');
    expect(q.score).toBe(Math.round(((9 - failed.length) / 9) * 100));
  });
});

describe('department scorecards', () => {
  it('aggregates datasets, overdue list, usage and median response time', () => {
    const a = { ...sampleEntry('a'), updateFrequency: 'daily' as const };
    const b = { ...sampleEntry('b'), updateFrequency: 'annual' as const };
    const va = { ...sampleVersion('a', 1), state: 'published' as const, publishedAt: '2026-05-01T00:00:00Z' };
    const vb = { ...sampleVersion('b', 1), state: 'published' as const, publishedAt: '2026-01-01T00:00:00Z' };
    const fb = (h: number, extra: Partial<Feedback> = {}): Feedback => ({
      id: `a#${h}`,
      datasetId: 'a',
      department: a.publisher.id,
      kind: 'comment',
      text: 'hello',
      createdAt: '2026-05-10T00:00:00.000Z',
      moderation: 'approved',
      replies: [],
      firstResponseAt: new Date(Date.parse('2026-05-10T00:00:00Z') + h * 3_600_000).toISOString(),
      ...extra,
    });
    const [card] = buildScorecards({
      datasets: [
        { entry: a, versions: [va] },
        { entry: b, versions: [vb] },
      ],
      usage: new Map([['a', { downloads: 7, queries: 3 }]]),
      feedback: [fb(2), fb(10), fb(4), { ...fb(1), kind: 'rating', rating: 5 }],
      usageDays: 30,
      now,
    });
    expect(card).toMatchObject({
      datasetsPublished: 2,
      onTimeShare: 0.5,
      downloads: 7,
      queries: 3,
      medianResponseHours: 4,
    });
    expect(card?.overdue.map((o) => o.id)).toEqual(['a']);
    const csv = scorecardCsv('2026-06-01', card ? [card] : []);
    expect(csv.split('\n')[0]).toContain('date,department,dataset');
    expect(csv.trim().split('\n')).toHaveLength(3);
  });

  it('median', () => {
    expect(median([])).toBeNull();
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
  });
});
