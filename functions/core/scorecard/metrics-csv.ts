import type { DepartmentScorecard } from './scorecard.ts';

const HEADER = [
  'date',
  'department',
  'dataset',
  'frequency',
  'last_update',
  'on_time_status',
  'days_overdue',
  'quality_score',
  'downloads',
  'queries',
  'rating_average',
  'rating_count',
  'open_problems',
] as const;

const cell = (v: string | number | null): string => {
  const s = v === null ? '' : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/**
 * The scorecard as an open dataset: one row per dataset per scorecard date, CSV with a header.
 * Aggregates only (no key ids, no feedback text).
 */
export function scorecardCsv(date: string, cards: readonly DepartmentScorecard[]): string {
  const rows = cards.flatMap((c) =>
    c.datasets.map((d) =>
      [
        date,
        c.department.id,
        d.id,
        d.frequency,
        d.lastUpdate,
        d.onTime.status,
        d.onTime.daysOverdue,
        d.quality.score,
        d.downloads,
        d.queries,
        d.ratingAverage,
        d.ratingCount,
        d.openProblems,
      ]
        .map(cell)
        .join(','),
    ),
  );
  return `${[HEADER.join(','), ...rows].join('\n')}\n`;
}

export const SCORECARD_CSV_FIELDS = HEADER;
