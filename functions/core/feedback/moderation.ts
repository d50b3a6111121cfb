import { badRequest, conflict } from '../errors.ts';
import type { Feedback } from './feedback.ts';
import { LIMITS } from './feedback.ts';
import { cleanText } from './sanitize.ts';

/**
 * Transitions of a feedback item. Authorization (department member or admin) is checked before by
 * the use case through the one auth guard; these functions only decide what the change is.
 */

export function moderate(f: Feedback, action: 'approve' | 'reject', by: string, at: string): Feedback {
  const next = action === 'approve' ? 'approved' : 'rejected';
  if (f.moderation === next) {
    throw conflict({
      detail: `feedback ${f.id} is already ${next}`,
      zh: { detail: `反馈 ${f.id} 已经${next === 'approved' ? '通过审核' : '被拒绝'}（${next}）` },
    });
  }
  return { ...f, moderation: next, moderatedBy: by, moderatedAt: at };
}

export function addReply(
  f: Feedback,
  input: { text: string; resolve?: boolean },
  by: { id: string; department: string },
  at: string,
): Feedback {
  const text = cleanText(input.text);
  if (text.length < LIMITS.minText || text.length > LIMITS.reply) {
    throw badRequest({
      detail: `a reply needs ${LIMITS.minText} to ${LIMITS.reply} characters`,
      zh: { detail: `回复需要 ${LIMITS.minText} 到 ${LIMITS.reply} 个字符` },
      errors: [{ where: 'body.text', message: 'missing, too short or too long', zh: { message: '缺少、太短或太长' } }],
    });
  }
  const resolve = input.resolve === true && f.kind === 'problem' && f.status === 'open';
  return {
    ...f,
    // The party, never the person: replies are public (the audit ledger keeps who replied).
    replies: [...f.replies, { text, department: by.department, at }],
    // A department's public reply makes the item public (it answers it), unless it was rejected.
    moderation: f.moderation === 'pending' ? 'approved' : f.moderation,
    ...(f.moderation === 'pending' ? { moderatedBy: by.id, moderatedAt: at } : {}),
    firstResponseAt: f.firstResponseAt ?? at,
    ...(resolve ? { status: 'resolved' as const, resolvedAt: at } : {}),
  };
}
