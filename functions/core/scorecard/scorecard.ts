import { z } from 'zod';
import { StoredLocalizedText } from '../manifest/localized.ts';
import { FREQUENCIES } from '../manifest/vocabulary.ts';
import { CRITERION_IDS, type CriterionId } from './quality.ts';

/**
 * A department's scorecard: what the site renders, the API returns and the open metrics dataset
 * publishes. Aggregates only: no API key ids, no personal data.
 */
export const DatasetScore = z.strictObject({
  id: z.string(),
  title: StoredLocalizedText,
  frequency: z.enum(FREQUENCIES),
  /** When the latest version was published. */
  lastUpdate: z.string(),
  onTime: z.strictObject({
    status: z.enum(['on-time', 'overdue', 'not-applicable']),
    dueAt: z.string().optional(),
    daysOverdue: z.number().int().nonnegative(),
  }),
  quality: z.strictObject({
    /** 0–100: share of criteria passed. */
    score: z.number().int().min(0).max(100),
    criteria: z.array(
      z.strictObject({
        id: z.enum(CRITERION_IDS as [CriterionId, ...CriterionId[]]),
        passed: z.boolean(),
        detail: z.string().optional(),
      }),
    ),
  }),
  downloads: z.number().int().nonnegative(),
  queries: z.number().int().nonnegative(),
  ratingAverage: z.number().nullable(),
  ratingCount: z.number().int().nonnegative(),
  openProblems: z.number().int().nonnegative(),
});
export type DatasetScore = z.output<typeof DatasetScore>;

export const DepartmentScorecard = z.strictObject({
  department: z.strictObject({ id: z.string(), name: StoredLocalizedText }),
  datasetsPublished: z.number().int().nonnegative(),
  /** Share (0..1) of datasets with a schedule that are on time; null when none has one. */
  onTimeShare: z.number().min(0).max(1).nullable(),
  scheduledDatasets: z.number().int().nonnegative(),
  overdue: z.array(
    z.strictObject({
      id: z.string(),
      title: StoredLocalizedText,
      frequency: z.enum(FREQUENCIES),
      lastUpdate: z.string(),
      dueAt: z.string(),
      daysOverdue: z.number().int().nonnegative(),
    }),
  ),
  /** Mean quality score of the department's datasets (0–100). */
  averageQuality: z.number().min(0).max(100),
  downloads: z.number().int().nonnegative(),
  queries: z.number().int().nonnegative(),
  /** Usage counted over this many days up to the scorecard date. */
  usageDays: z.number().int().positive(),
  /** Median hours from a comment or problem report to the department's first reply; null without any. */
  medianResponseHours: z.number().nonnegative().nullable(),
  feedbackAnswered: z.number().int().nonnegative(),
  datasets: z.array(DatasetScore),
});
export type DepartmentScorecard = z.output<typeof DepartmentScorecard>;

export const Scorecards = z.strictObject({
  generatedAt: z.string(),
  departments: z.array(DepartmentScorecard),
});
export type Scorecards = z.output<typeof Scorecards>;
