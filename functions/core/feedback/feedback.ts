import { z } from 'zod';
import { zhParams } from '../manifest/schema-zh.ts';
import { cleanText } from './sanitize.ts';
import { maxLengthMessage, minLengthMessage, weightedLength } from './text-length.ts';

/** What a user can leave on a dataset. */
export const FEEDBACK_KINDS = ['rating', 'comment', 'problem'] as const;
export type FeedbackKind = (typeof FEEDBACK_KINDS)[number];

/** Problem report types. A privacy concern alerts the department and the admins at once. */
export const PROBLEM_TYPES = ['wrong-data', 'broken-download', 'privacy-concern'] as const;
export type ProblemType = (typeof PROBLEM_TYPES)[number];

/**
 * Length limits (characters, after cleaning). `minText`, the least a comment or problem report says,
 * counts a Chinese, Japanese or Korean character as 2 (text-length.ts): 3 letters or 2 Chinese
 * characters (很好).
 */
export const LIMITS = { text: 2000, reply: 4000, minText: 3 } as const;

const cleaned = (max: number) =>
  z
    .string()
    .max(max * 4, maxLengthMessage(max))
    .transform(cleanText)
    .pipe(z.string().max(max, maxLengthMessage(max)));

/**
 * A submission, from JSON or an HTML form (numbers may arrive as strings). `website` is a honeypot
 * field hidden from people: bots that fill it are refused.
 */
export const FeedbackInput = z
  .strictObject({
    /** rating (1–5 stars, optional text), comment, or problem report. */
    kind: z.enum(FEEDBACK_KINDS),
    /** 1–5; required for a rating. */
    rating: z.coerce.number().int().min(1).max(5).optional(),
    /** Free text; HTML is stripped; required for comments and problem reports. */
    text: cleaned(LIMITS.text).optional(),
    /** Required for a problem report. */
    problemType: z.enum(PROBLEM_TYPES).optional(),
    /** The version the feedback is about (optional). */
    version: z.coerce.number().int().positive().optional(),
    /** Honeypot: must stay empty. */
    website: z.string().max(200).optional(),
    /** Where a plain HTML form came from (redirect target); ignored for JSON clients. */
    returnTo: z.string().max(500).optional(),
  })
  .superRefine((f, ctx) => {
    if (f.kind === 'rating' && f.rating === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['rating'],
        message: 'a rating needs 1 to 5 stars',
        ...zhParams('评分需要 1 到 5 星'),
      });
    if (f.kind !== 'rating' && weightedLength(f.text ?? '') < LIMITS.minText)
      ctx.addIssue({ code: 'custom', path: ['text'], message: minLengthMessage(LIMITS.minText) });
    if (f.kind === 'problem' && !f.problemType)
      ctx.addIssue({
        code: 'custom',
        path: ['problemType'],
        message: `choose one of ${PROBLEM_TYPES.join(', ')}`,
        ...zhParams(`请从 ${PROBLEM_TYPES.join(', ')} 中选择一个`),
      });
    if (f.kind !== 'problem' && f.problemType)
      ctx.addIssue({
        code: 'custom',
        path: ['problemType'],
        message: 'only problem reports have a type',
        ...zhParams('只有问题报告（problem）才有类型'),
      });
  });
export type FeedbackInput = z.output<typeof FeedbackInput>;

export const MODERATION_STATES = ['pending', 'approved', 'rejected'] as const;
export type ModerationState = (typeof MODERATION_STATES)[number];

export const Reply = z.strictObject({
  text: z.string(),
  /**
   * Principal id of who replied, in replies stored before replies named only the party: never shown
   * (publicView). The audit ledger keeps who replied.
   */
  by: z.string().optional(),
  /** The party replying: the department's id, or `platform` (an admin; `admin` in earlier replies). */
  department: z.string(),
  at: z.iso.datetime(),
});
export type Reply = z.output<typeof Reply>;

/**
 * A reply as the public sees it: the party (department or `platform`), never a member of staff. Not
 * strict: a `by` in snapshots written before is dropped when they are read.
 */
export const PublicReply = z.object({
  text: z.string(),
  /** The department's id, or `platform` (an admin). */
  department: z.string(),
  at: z.iso.datetime(),
});
export type PublicReply = z.output<typeof PublicReply>;

/** The party a reply names publicly (`admin`, written by earlier versions, is the platform). */
export const REPLY_BY_PLATFORM = 'platform';

export function publicReply(r: Reply): PublicReply {
  return { text: r.text, department: r.department === 'admin' ? REPLY_BY_PLATFORM : r.department, at: r.at };
}

/** A stored feedback item. No IP address, e-mail or other personal data is stored. */
export const Feedback = z.strictObject({
  id: z.string(),
  datasetId: z.string(),
  /** The dataset's publishing department (copied: moderation queues are per department). */
  department: z.string(),
  kind: z.enum(FEEDBACK_KINDS),
  rating: z.number().int().min(1).max(5).optional(),
  text: z.string().optional(),
  problemType: z.enum(PROBLEM_TYPES).optional(),
  version: z.number().int().positive().optional(),
  createdAt: z.iso.datetime(),
  /** Text is public only once approved; a bare rating needs no moderation. */
  moderation: z.enum(MODERATION_STATES),
  moderatedBy: z.string().optional(),
  moderatedAt: z.iso.datetime().optional(),
  /** Problem reports are open until resolved. */
  status: z.enum(['open', 'resolved']).optional(),
  resolvedAt: z.iso.datetime().optional(),
  replies: z.array(Reply),
  /** First reply or resolution by the department: the response time of the scorecard. */
  firstResponseAt: z.iso.datetime().optional(),
  /**
   * A rating replaced by a newer one from the same client (one rating per client and dataset): kept
   * for the department, no longer counted or shown.
   */
  replacedBy: z.string().optional(),
  replacedAt: z.iso.datetime().optional(),
});
export type Feedback = z.output<typeof Feedback>;

/** Needs moderation before its text is shown? Ratings without text do not. */
export const needsModeration = (f: Pick<FeedbackInput, 'kind' | 'text'>): boolean =>
  f.kind !== 'rating' || (f.text ?? '').length > 0;

/** What the public sees of an item (privacy concerns are never shown, only counted). */
export interface PublicFeedback {
  readonly id: string;
  readonly kind: FeedbackKind;
  readonly rating?: number;
  readonly text?: string;
  readonly problemType?: ProblemType;
  readonly version?: number;
  readonly createdAt: string;
  readonly status?: 'open' | 'resolved';
  readonly replies: readonly PublicReply[];
}

export function isPublic(f: Feedback): boolean {
  return f.moderation === 'approved' && f.problemType !== 'privacy-concern' && !f.replacedBy;
}

export function publicView(f: Feedback): PublicFeedback {
  return {
    id: f.id,
    kind: f.kind,
    ...(f.rating !== undefined ? { rating: f.rating } : {}),
    ...(f.text ? { text: f.text } : {}),
    ...(f.problemType ? { problemType: f.problemType } : {}),
    ...(f.version ? { version: f.version } : {}),
    createdAt: f.createdAt,
    ...(f.status ? { status: f.status } : {}),
    replies: f.replies.map(publicReply),
  };
}

export interface FeedbackSummary {
  readonly ratingCount: number;
  /** Mean rating, one decimal; null without ratings. */
  readonly ratingAverage: number | null;
  readonly openProblems: number;
}

/**
 * The public summary (dataset pages, feeds, scorecards). Ratings count whether moderated or not (a
 * rating carries no text to moderate); rejected and replaced ones do not, so each client counts once.
 * Open problems count what the public may see: never a privacy concern (it stays in the department's
 * and the admins' moderation queue).
 */
export function summarize(items: readonly Feedback[]): FeedbackSummary {
  const counted = items.filter((f) => f.moderation !== 'rejected' && !f.replacedBy);
  const ratings = counted.filter((f) => f.rating !== undefined).map((f) => f.rating ?? 0);
  return {
    ratingCount: ratings.length,
    ratingAverage: ratings.length ? Math.round((ratings.reduce((a, b) => a + b, 0) / ratings.length) * 10) / 10 : null,
    openProblems: counted.filter(
      (f) => f.kind === 'problem' && f.status === 'open' && f.problemType !== 'privacy-concern',
    ).length,
  };
}
