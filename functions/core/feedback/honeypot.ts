import { badRequest } from '../errors.ts';

/**
 * The public forms' honeypot: a `website` field hidden from people, which bots fill in. A submission
 * with it filled is refused without saying more (the site shows "submission refused" as such).
 */
export function refuseFilledHoneypot(website: string | undefined): void {
  if (!website) return;
  throw badRequest({
    detail: 'submission refused',
    hint: 'leave the "website" field empty',
    zh: { detail: '提交被拒绝', hint: '请让“website”字段保持为空' },
  });
}
