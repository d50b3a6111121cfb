import { z } from 'zod';
import { badRequest, conflict } from '../errors.ts';
import { isSitePath } from '../site/site-path.ts';
import { cleanText } from './sanitize.ts';
import {
  MIN_REASON_LENGTH,
  maxLengthMessage,
  minLengthMessage,
  minLengthMessageZh,
  shortReason,
  weightedLength,
} from './text-length.ts';

/** Status of a data request; `published` carries a link, `declined` a reason. */
export const REQUEST_STATUSES = ['open', 'planned', 'published', 'declined'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/** The statuses in Chinese, as the site's request pages name them. */
export const REQUEST_STATUS_ZH: Readonly<Record<RequestStatus, string>> = {
  open: '待处理',
  planned: '已计划',
  published: '已发布',
  declined: '不予开放',
};
/** “已发布”（published): a status as Chinese problem details name it. */
export const requestStatusZh = (s: RequestStatus): string => `“${REQUEST_STATUS_ZH[s]}”（${s}）`;

/**
 * Length limits of a request's texts, after cleaning. A minimum counts a Chinese, Japanese or Korean
 * character as 2 (text-length.ts): a title is 5 letters or 3 Chinese characters (空气质量 is a
 * title), a description 10 letters or 5 Chinese characters (实时公交到站). Maximums count characters.
 */
export const REQUEST_TEXT_LIMITS = {
  title: { min: 5, max: 200 },
  description: { min: 10, max: 4000 },
} as const;

const text = ({ min, max }: { min: number; max: number }) =>
  z
    .string()
    .max(max * 4)
    .transform(cleanText)
    .pipe(
      z
        .string()
        .refine((s) => weightedLength(s) >= min, minLengthMessage(min))
        .max(max, maxLengthMessage(max)),
    );

/** What anyone may submit to ask for a dataset that is not published yet. */
export const DataRequestInput = z.strictObject({
  /** What data is wanted, in a line. */
  title: text(REQUEST_TEXT_LIMITS.title),
  /** Why and in what form (fields, period, area, format). */
  description: text(REQUEST_TEXT_LIMITS.description),
  /** The department thought to hold the data (optional; a department can take it over). */
  department: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,63}$/)
    .optional(),
  /** Honeypot: must stay empty. */
  website: z.string().max(200).optional(),
  returnTo: z.string().max(500).optional(),
});
export type DataRequestInput = z.output<typeof DataRequestInput>;

export const DataRequest = z.strictObject({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  department: z.string().optional(),
  status: z.enum(REQUEST_STATUSES),
  /** Where the data is now (status published): a dataset page or API URL. */
  link: z.string().optional(),
  /** Why not (status declined). */
  reason: z.string().optional(),
  votes: z.number().int().nonnegative(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  history: z.array(
    z.strictObject({
      status: z.enum(REQUEST_STATUSES),
      at: z.iso.datetime(),
      /** Who acted: `public` (the request itself), `platform` (an admin) or the department's id; never a person. */
      by: z.string(),
      note: z.string().optional(),
    }),
  ),
});
export type DataRequest = z.output<typeof DataRequest>;

export const StatusChange = z.strictObject({
  status: z.enum(REQUEST_STATUSES),
  /** Required for `published`: an http(s) URL or a site path (`/datasets/<id>/`). */
  link: z.string().max(500).optional(),
  /** Required for `declined`: at least 5 characters (a CJK character counts as 2; text-length.ts), shown publicly. */
  reason: z.string().max(2000).optional(),
  /** The department taking the request (needed when the request names none). */
  department: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,63}$/)
    .optional(),
});
export type StatusChange = z.output<typeof StatusChange>;

/** Applies a status change (authorization is checked before, by the use case). */
export function changeStatus(r: DataRequest, change: StatusChange, by: string, at: string): DataRequest {
  if (r.status === change.status && change.status !== 'published') {
    throw conflict({
      detail: `request ${r.id} is already ${r.status}`,
      zh: { detail: `需求 ${r.id} 的状态已经是${requestStatusZh(r.status)}` },
    });
  }
  const { link: _l, reason: _r, ...base } = r;
  const next: DataRequest = {
    ...base,
    status: change.status,
    ...(change.department ? { department: change.department } : {}),
    updatedAt: at,
    history: [...r.history, { status: change.status, at, by }],
  };
  if (change.status === 'published') {
    const link = (change.link ?? '').trim();
    if (!/^https?:\/\/[^\s]+$/.test(link) && !isSitePath(link)) {
      throw badRequest({
        detail: 'a published request needs a link to the data',
        hint: 'give link: an http(s) URL or a site path such as /datasets/<id>/ (one leading /, no backslash: //host and /\\host lead to another site)',
        zh: {
          detail: `状态为${requestStatusZh('published')}的需求需要提供数据的链接`,
          hint: '请填写 link：http(s) 网址，或 /datasets/<id>/ 这样的站内路径（只以一个 / 开头，不含反斜杠：//host 和 /\\host 会指向其他网站）',
        },
        errors: [{ where: 'body.link', message: 'missing or not a URL', zh: { message: '缺少链接或不是网址' } }],
      });
    }
    return { ...next, link };
  }
  if (change.status === 'declined') {
    const reason = cleanText(change.reason ?? '');
    const short = shortReason(reason);
    if (short) {
      throw badRequest({
        detail: 'a declined request needs a reason',
        hint: `say why in a sentence (${short}); it is shown publicly`,
        zh: {
          detail: `状态为${requestStatusZh('declined')}的需求需要写明原因`,
          hint: `请用一句话说明原因（${minLengthMessageZh(MIN_REASON_LENGTH)}）；原因会公开显示`,
        },
        errors: [{ where: 'body.reason', message: short, zh: { message: minLengthMessageZh(MIN_REASON_LENGTH) } }],
      });
    }
    return { ...next, reason, history: [...r.history, { status: change.status, at, by, note: reason }] };
  }
  return next;
}
