import { badRequest, notFound } from '../core/errors.ts';
import {
  Feedback,
  FeedbackInput,
  type FeedbackSummary,
  isPublic,
  needsModeration,
  type PublicFeedback,
  publicView,
  summarize,
} from '../core/feedback/feedback.ts';
import { addReply, moderate } from '../core/feedback/moderation.ts';
import type { Principal } from '../core/release/principal.ts';
import { actingDepartment, requireRole } from '../http/auth-guard.ts';
import { ConditionFailedError } from '../ports/catalog-store.ts';
import type { Deps } from './deps.ts';
import { limitSubmission, newId } from './feedback-limits.ts';
import { parseOrBadRequest } from './feedback-parse.ts';

/** Feedback items are generic documents `feedback/<datasetId>#<time-id>` (listable per dataset). */
export const FEEDBACK_KIND = 'feedback';

async function datasetOf(deps: Deps, datasetId: string) {
  const d = await deps.catalog.getDataset(datasetId);
  if (!d || d.value.latestVersion === null) {
    throw notFound({ detail: `no published dataset "${datasetId}"`, hint: 'see GET /v1/datasets' });
  }
  return d.value;
}

/**
 * Stores a rating, comment or problem report. Anyone may submit (rate-limited per client); text is
 * cleaned of HTML and shown only after moderation; a privacy concern alerts the department and the
 * admins at once through the Notifier.
 */
export async function submitFeedback(
  deps: Deps,
  datasetId: string,
  body: unknown,
  client: { sourceIp: string },
): Promise<{ feedback: Feedback; alerted: boolean }> {
  const input = parseOrBadRequest(FeedbackInput, body);
  if (input.website) throw badRequest({ detail: 'submission refused', hint: 'leave the "website" field empty' });
  const entry = await datasetOf(deps, datasetId);
  await limitSubmission(deps, client.sourceIp, 'feedbackPerDataset', datasetId);
  await limitSubmission(deps, client.sourceIp, 'feedback');
  const now = deps.clock.now();
  const at = now.toISOString();
  const feedback: Feedback = Feedback.parse({
    id: `${datasetId}#${newId(now)}`,
    datasetId,
    department: entry.publisher.id,
    kind: input.kind,
    ...(input.rating !== undefined && input.kind === 'rating' ? { rating: input.rating } : {}),
    ...(input.text ? { text: input.text } : {}),
    ...(input.problemType ? { problemType: input.problemType } : {}),
    ...(input.version ? { version: input.version } : {}),
    createdAt: at,
    moderation: needsModeration(input) ? 'pending' : 'approved',
    ...(input.kind === 'problem' ? { status: 'open' } : {}),
    replies: [],
  });
  await deps.catalog.putDoc(FEEDBACK_KIND, feedback.id, feedback, 0);
  let alerted = false;
  if (feedback.problemType === 'privacy-concern') {
    await deps.notifier.alert({
      kind: 'privacy-concern',
      urgency: 'urgent',
      department: feedback.department,
      datasetId,
      subject: `Privacy concern reported on ${datasetId}`,
      message: `A privacy concern was reported on dataset ${datasetId}${feedback.version ? ` (v${feedback.version})` : ''} at ${at}:\n\n${feedback.text ?? ''}\n\nReview it now; withdraw the version if personal data is exposed.`,
      link: `${deps.publicBaseUrl}/v1/feedback/${encodeURIComponent(feedback.id)}`,
      at,
    });
    alerted = true;
  }
  return { feedback, alerted };
}

export async function allFeedback(deps: Deps, datasetId?: string): Promise<Feedback[]> {
  const docs = await deps.catalog.listDocs<unknown>(FEEDBACK_KIND, datasetId ? { prefix: `${datasetId}#` } : {});
  return docs.map((d) => Feedback.parse(d.value));
}

/** What everyone sees on a dataset: rating summary and moderated items with replies, newest first. */
export async function publicFeedback(
  deps: Deps,
  datasetId: string,
): Promise<{ datasetId: string; summary: FeedbackSummary; items: PublicFeedback[] }> {
  await datasetOf(deps, datasetId);
  const items = await allFeedback(deps, datasetId);
  return {
    datasetId,
    summary: summarize(items),
    items: items
      .filter((f) => isPublic(f) && (f.text || f.replies.length))
      .reverse()
      .map(publicView),
  };
}

/** The moderation queue: a department member sees its department's items, an admin everyone's. */
export async function moderationQueue(
  deps: Deps,
  p: Principal,
  filter: { department?: string; moderation?: string; datasetId?: string },
): Promise<Feedback[]> {
  if (filter.department) requireRole(p, 'department', filter.department);
  else requireRole(p, 'admin');
  const items = await allFeedback(deps, filter.datasetId);
  return items
    .filter((f) => !filter.department || f.department === filter.department)
    .filter((f) => !filter.moderation || f.moderation === filter.moderation)
    .reverse();
}

async function load(deps: Deps, id: string) {
  const doc = await deps.catalog.getDoc<unknown>(FEEDBACK_KIND, id);
  if (!doc) throw notFound({ detail: `no feedback "${id}"` });
  return { value: Feedback.parse(doc.value), revision: doc.revision };
}

/** One item in full, for its department or an admin. */
export async function getFeedback(deps: Deps, p: Principal, id: string): Promise<Feedback> {
  const { value } = await load(deps, id);
  requireRole(p, 'department', value.department);
  return value;
}

/** Conditional read-modify-write (a lost race is retried on the fresh item). */
async function update(deps: Deps, id: string, change: (f: Feedback) => Feedback): Promise<Feedback> {
  for (let i = 0; i < 5; i++) {
    const { value, revision } = await load(deps, id);
    const next = change(value);
    try {
      await deps.catalog.putDoc(FEEDBACK_KIND, id, next, revision);
      return next;
    } catch (e) {
      if (!(e instanceof ConditionFailedError)) throw e;
    }
  }
  throw new Error(`feedback ${id}: too many concurrent updates`);
}

export async function moderateFeedback(deps: Deps, p: Principal, id: string, body: unknown): Promise<Feedback> {
  const action = (body as { action?: unknown } | null)?.action;
  if (action !== 'approve' && action !== 'reject') {
    throw badRequest({
      detail: 'action must be "approve" or "reject"',
      errors: [{ where: 'body.action', message: 'missing or unknown' }],
    });
  }
  return update(deps, id, (f) => {
    requireRole(p, 'department', f.department);
    return moderate(f, action, p.id, deps.clock.now().toISOString());
  });
}

/** A public reply by the department (or an admin); `resolve: true` closes a problem report. */
export async function replyToFeedback(deps: Deps, p: Principal, id: string, body: unknown): Promise<Feedback> {
  const b = (body ?? {}) as { text?: unknown; resolve?: unknown };
  if (typeof b.text !== 'string') {
    throw badRequest({ detail: 'a reply needs text', errors: [{ where: 'body.text', message: 'missing' }] });
  }
  return update(deps, id, (f) => {
    requireRole(p, 'department', f.department);
    return addReply(
      f,
      { text: b.text as string, resolve: b.resolve === true },
      { id: p.id, department: actingDepartment(p, f.department) },
      deps.clock.now().toISOString(),
    );
  });
}
