import { noPublishedDataset } from '../core/catalog/catalog-problems.ts';
import { badRequest, isAppError, notFound } from '../core/errors.ts';
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
import { refuseFilledHoneypot } from '../core/feedback/honeypot.ts';
import { addReply, moderate } from '../core/feedback/moderation.ts';
import { refusePersonalData } from '../core/feedback/personal-data.ts';
import type { Principal } from '../core/release/principal.ts';
import { actingDepartment, requireRole } from '../http/auth-guard.ts';
import { parseBody } from '../http/body-schema.ts';
import { ConditionFailedError } from '../ports/catalog-store.ts';
import type { Deps } from './deps.ts';
import { limitSubmission, newId, onceId } from './feedback-limits.ts';
import { appendAudit } from './release/audit-ledger.ts';

/** Feedback items are generic documents `feedback/<datasetId>#<time-id>` (listable per dataset). */
export const FEEDBACK_KIND = 'feedback';
/** A client's current rating of a dataset: `feedback-rater/<datasetId>#<rater hash>` → the rating's id. */
export const RATER_KIND = 'feedback-rater';

const SUBMIT_HINT = {
  en:
    'remove it and send again: this text is published as written, and the department answers publicly here. ' +
    'If the dataset itself shows personal data, report a problem of type privacy-concern: it is never published',
  zh:
    '请删除后重新提交：这段文字会按原样公开，部门也会在这里公开答复。' +
    '如果数据集本身显示了个人信息，请提交类型为 privacy-concern 的问题报告：它永远不会公开',
};
const REPLY_HINT = {
  en: "remove it and send again: replies are public; link to the department's contact page instead",
  zh: '请删除后重新提交：回复是公开的；如需留联系方式，请改为链接到部门的联系页面',
};

async function datasetOf(deps: Deps, datasetId: string) {
  const d = await deps.catalog.getDataset(datasetId);
  if (!d || d.value.latestVersion === null) {
    throw noPublishedDataset(datasetId);
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
  const input = parseBody(FeedbackInput, body ?? {});
  refuseFilledHoneypot(input.website);
  const entry = await datasetOf(deps, datasetId);
  // A privacy concern is never shown and may have to point at the exposed data; every other text is public.
  if (input.problemType !== 'privacy-concern')
    refusePersonalData([{ where: 'body.text', text: input.text }], SUBMIT_HINT);
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
  // The rater's mark first: if it cannot be made (the key unreadable), nothing is stored, so a retried
  // request cannot leave uncounted-but-stored ratings behind.
  const rater = feedback.kind === 'rating' ? await onceId(deps, 'rating', datasetId, client.sourceIp) : undefined;
  await deps.catalog.putDoc(FEEDBACK_KIND, feedback.id, feedback, 0);
  if (rater !== undefined) await replacePreviousRating(deps, feedback, rater);
  let alerted = false;
  if (feedback.problemType === 'privacy-concern') {
    await deps.notifier.alert({
      kind: 'privacy-concern',
      urgency: 'urgent',
      department: feedback.department,
      datasetId,
      subject: `Privacy concern reported on ${datasetId}`,
      // The link only, never the reporter's text: it is unmoderated (anyone could send phishing through
      // the platform's alert channel) and may quote the exposed personal data into mailboxes.
      message: `A privacy concern was reported on dataset ${datasetId}${feedback.version ? ` (v${feedback.version})` : ''} at ${at}. Read it in the moderation queue (signed in) and withdraw the version if personal data is exposed.`,
      link: `${deps.publicBaseUrl}/v1/feedback/${encodeURIComponent(feedback.id)}`,
      at,
    });
    alerted = true;
  }
  return { feedback, alerted };
}

/**
 * One rating per client and dataset: the rater's index document points at the current rating; a new
 * rating takes the index (conditional write, so concurrent ratings of one client leave one counted) and
 * marks the one it replaces.
 */
async function replacePreviousRating(deps: Deps, rating: Feedback, rater: string): Promise<void> {
  const key = `${rating.datasetId}#${rater}`;
  for (let i = 0; i < 8; i++) {
    const cur = await deps.catalog.getDoc<{ feedbackId: string }>(RATER_KIND, key);
    try {
      await deps.catalog.putDoc(RATER_KIND, key, { feedbackId: rating.id }, cur?.revision ?? 0);
    } catch (e) {
      if (e instanceof ConditionFailedError) continue;
      throw e;
    }
    const previous = cur?.value.feedbackId;
    if (previous && previous !== rating.id && (await deps.catalog.getDoc(FEEDBACK_KIND, previous))) {
      await update(deps, previous, (f) =>
        f.replacedBy ? f : { ...f, replacedBy: rating.id, replacedAt: rating.createdAt },
      );
    }
    return;
  }
  throw new Error(`ratings of ${rating.datasetId}: too many concurrent updates by one client`);
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
  if (!doc) throw notFound({ detail: `no feedback "${id}"`, zh: { detail: `没有反馈“${id}”` } });
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
      zh: { detail: 'action 必须是“approve”或“reject”' },
      errors: [{ where: 'body.action', message: 'missing or unknown', zh: { message: '缺少或无法识别' } }],
    });
  }
  let next: Feedback;
  try {
    next = await update(deps, id, (f) => {
      requireRole(p, 'department', f.department);
      return moderate(f, action, p.id, deps.clock.now().toISOString());
    });
  } catch (e) {
    // A retry after a crash between the write and the audit entry: the 409 stands, the entry is completed.
    if (isAppError(e) && e.status === 409) {
      const { value } = await load(deps, id);
      if (value.moderatedBy === p.id && value.moderation === (action === 'approve' ? 'approved' : 'rejected')) {
        await auditModeration(deps, p.id, value);
      }
    }
    throw e;
  }
  await auditModeration(deps, p.id, next);
  return next;
}

/**
 * Audit details name the item, never its text or anything about the person who wrote it. Every entry
 * of an action has the same members (null when they do not apply): the public export of the ledger
 * shows member names, so a member present only for problem reports would tell which items are.
 */
const itemFacts = (f: Feedback) => ({
  dataset: f.datasetId,
  department: f.department,
  kind: f.kind,
  problemType: f.problemType ?? null,
});

async function auditModeration(deps: Deps, actor: string, f: Feedback): Promise<void> {
  await appendAudit(deps, {
    actor,
    action: 'feedback.moderated',
    subject: `feedback/${f.id}`,
    details: { ...itemFacts(f), decision: f.moderation },
    dedupeKey: `feedback/${f.id}/moderated/${f.moderation}/${f.moderatedAt ?? ''}`,
  });
}

/** A public reply by the department (or an admin); `resolve: true` closes a problem report. */
export async function replyToFeedback(deps: Deps, p: Principal, id: string, body: unknown): Promise<Feedback> {
  const b = (body ?? {}) as { text?: unknown; resolve?: unknown };
  if (typeof b.text !== 'string') {
    throw badRequest({
      detail: 'a reply needs text',
      zh: { detail: '回复需要填写正文（text）' },
      errors: [{ where: 'body.text', message: 'missing', zh: { message: '缺少' } }],
    });
  }
  refusePersonalData([{ where: 'body.text', text: b.text }], REPLY_HINT);
  const next = await update(deps, id, (f) => {
    requireRole(p, 'department', f.department);
    return addReply(
      f,
      { text: b.text as string, resolve: b.resolve === true },
      { id: p.id, department: actingDepartment(p, f.department) },
      deps.clock.now().toISOString(),
    );
  });
  const reply = next.replies.length;
  const at = next.replies[reply - 1]?.at;
  await appendAudit(deps, {
    actor: p.id,
    action: 'feedback.replied',
    subject: `feedback/${next.id}`,
    details: {
      ...itemFacts(next),
      reply,
      by: next.replies[reply - 1]?.department,
      // The reply approved a pending item, or resolved a problem report, at the same moment (else null).
      decision: next.moderatedAt === at ? next.moderation : null,
      status: next.resolvedAt === at ? next.status : null,
    },
    dedupeKey: `feedback/${next.id}/reply/${reply}`,
  });
  return next;
}
