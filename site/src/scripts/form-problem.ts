import { PERSONAL_DATA_PHRASES } from '../../../functions/core/feedback/personal-data-phrases.ts';
import { fewestChars } from '../../../functions/core/feedback/text-length.ts';
import type { Language } from '../lib/types.ts';

/**
 * The API's answer to a refused form (RFC 9457 problem+json, errors[] with `where: "body.<field>"`),
 * in the page's language: one message per form field, shown next to it, and one for the form. The
 * API's own message is the fallback for what is not recognised here, so nothing is ever hidden: on a
 * Chinese page its Chinese (the problem's `zh`), else as written.
 * Pure (no DOM): the browser script and the tests share it.
 */

/** What the API answers (functions/http/problem.ts); every member optional. */
export interface Problem {
  /** `/problems/<slug>`, e.g. `/problems/bad-request`. */
  readonly type?: string;
  readonly detail?: string;
  /** What to do, in English (shown on English pages when the form has no hint of its own). */
  readonly hint?: string;
  readonly errors?: readonly {
    readonly where?: string;
    readonly message?: string;
    /** The message in simplified Chinese (every problem of the API carries it). */
    readonly zh?: { readonly message?: string };
  }[];
  /** The detail (and hint) in simplified Chinese. */
  readonly zh?: { readonly detail?: string; readonly hint?: string };
  /**
   * A refusal of public text that seems to hold personal data (422, functions/core/feedback/personal-data.ts):
   * per field, the kinds of data found (detector ids: `mobile-cn`, `resident-id`, `email`…), never the value.
   */
  readonly personalData?: readonly { readonly field?: string; readonly kinds?: readonly string[] }[];
}

/** Why a submission got no answer at all (status 0), when the browser lets the page tell. */
export type NoAnswer = 'blocked' | 'offline' | 'network';

export interface ExplainOptions {
  /** Status 0: the browser's security policy blocked the request, the device is offline, or neither is known. */
  readonly noAnswer?: NoAnswer;
  /**
   * What to do about personal data in this form, in the page's language (the form's
   * `data-personal-data-hint`): the API's hint is English and written for API clients.
   */
  readonly personalDataHint?: string;
}

/** A form field's length limits, read from its minlength/maxlength (numbers the API may not repeat). */
export interface FieldLimits {
  readonly min?: number;
  readonly max?: number;
  /**
   * A minimum that counts a Chinese, Japanese or Korean character as 2 (functions/core/feedback/text-length.ts;
   * the field's `data-min-weight`): its `minlength` is then the fewest characters that can meet it.
   */
  readonly minWeighted?: number;
}

export interface ExplainedProblem {
  /** Field name → message, for fields of this form. */
  readonly fields: ReadonlyMap<string, string>;
  /** For the form as a whole (the status line). */
  readonly summary: string;
}

const MESSAGES = {
  'zh-CN': {
    fixFields: '提交未成功，请修改标出的内容。',
    failed: '提交未成功',
    network: '提交未成功：无法连接服务器，请稍后再试。',
    blocked: '提交未成功：浏览器的安全策略拦截了这次提交，服务器没有收到。请从本站首页重新打开此页面后再试。',
    offline: '提交未成功：设备似乎没有联网。请联网后再试。',
    personalDataSummary: '提交未成功：内容中似乎包含个人信息，请删除后再提交。',
    personalData: '内容中似乎包含{kinds}。',
    personalDataHint: '内容会公开显示，请删除个人信息后再提交。',
    server: '提交未成功：服务器出错，请稍后再试。',
    tooMany: '提交过于频繁，请一小时后再试。',
    notFound: '提交未成功：找不到该数据集或需求。',
    refused: '提交被拒绝。',
    alreadyVoted:
      '这条需求已计入来自您所在网络地址的一票：每个网络地址计一票，同一单位、校园或移动网络出口的用户共用这一票。',
    votingClosed: '这条需求已停止投票。',
    conflict: '提交未成功：内容正被他人修改，请重试。',
    required: '请填写此项。',
    minChars: '请至少输入 {n} 个字符。',
    minCharsWide: '请至少输入 {wide} 个汉字或 {n} 个字母。',
    maxChars: '最多 {n} 个字符。',
    rating: '评分请选择 1 到 5 星。',
    problemType: '问题报告请选择问题类型。',
    problemTypeOnly: '只有问题报告需要选择问题类型，请改回“—”。',
    kind: '请选择类型：评分、评论或问题报告。',
    department: '请从列表中选择部门。',
  },
  en: {
    fixFields: 'Not sent: please correct the fields marked below.',
    failed: 'Not sent',
    network: 'Not sent: the server could not be reached. Please try again later.',
    blocked:
      'Not sent: the browser’s security policy blocked it, so the server never received it. Open this page again from the site’s home page and retry.',
    offline: 'Not sent: this device seems to be offline. Please connect and try again.',
    personalDataSummary: 'Not sent: it seems to contain personal data. Please remove it and send again.',
    personalData: 'This seems to contain {kinds}.',
    personalDataHint: 'It is published as written: please remove it and send again.',
    server: 'Not sent: the server had a problem. Please try again later.',
    tooMany: 'Too many submissions: please try again in an hour.',
    notFound: 'Not sent: the dataset or request was not found.',
    refused: 'Submission refused.',
    alreadyVoted:
      'A vote for this request was already counted from your network address: votes count once per address, so people in one office, campus or mobile network share one vote.',
    votingClosed: 'Voting on this request is closed.',
    conflict: 'Not sent: someone else is changing it. Please try again.',
    required: 'Please fill in this field.',
    minChars: 'Please write at least {n} characters.',
    minCharsWide: 'Please write at least {n} letters, or {wide} Chinese characters.',
    maxChars: 'At most {n} characters.',
    rating: 'Choose 1 to 5 stars for a rating.',
    problemType: 'Choose a problem type for a problem report.',
    problemTypeOnly: 'Only problem reports have a type: set it back to “—”.',
    kind: 'Choose what it is: a rating, a comment or a problem report.',
    department: 'Choose a department from the list.',
  },
} as const satisfies Record<Language, Record<string, string>>;

type Messages = (typeof MESSAGES)[Language];

/** How each kind of personal data reads in a sentence (detector ids of functions/core/protection/detectors). */
const KINDS: Record<Language, Readonly<Record<string, string>> & { readonly unknown: string }> = {
  'zh-CN': { ...PERSONAL_DATA_PHRASES['zh-CN'], unknown: '个人信息（如手机号码、身份证号码或电子邮箱地址）' },
  en: {
    ...PERSONAL_DATA_PHRASES.en,
    unknown: 'personal data (such as a phone number, an ID number or an e-mail address)',
  },
};

/** "内容中似乎包含手机号码和电子邮箱地址。" followed by what to do. */
function personalDataMessage(m: Messages, lang: Language, kinds: readonly string[], hint: string): string {
  const names = [...new Set(kinds.map((k) => KINDS[lang][k] ?? KINDS[lang].unknown))];
  const list = names.length ? new Intl.ListFormat(lang, { type: 'conjunction' }).format(names) : KINDS[lang].unknown;
  return `${m.personalData.replace('{kinds}', list)}${lang === 'en' ? ' ' : ''}${hint}`;
}

/** The API's English hint as a sentence: "remove it and send again: …" → "Remove it and send again: ….". */
const sentence = (s: string) => {
  const t = s.trim();
  return t ? `${t[0]?.toUpperCase()}${t.slice(1)}${/[.!?]$/.test(t) ? '' : '.'}` : '';
};

const fill = (s: string, n: number) => s.replace('{n}', String(n));

/** "At least 3 Chinese characters or 5 letters": a minimum that counts a CJK character as 2. */
const fillWide = (m: Messages, n: number) => fill(m.minCharsWide, n).replace('{wide}', String(fewestChars(n)));

/** The message for one field error; the API's message (`shown`, in the page's language) when nothing better is known. */
function fieldMessage(m: Messages, field: string, apiMessage: string, limits: FieldLimits, shown: string): string {
  const atLeast = /at least (\d+)/.exec(apiMessage)?.[1];
  if (atLeast) return /counts as 2/.test(apiMessage) ? fillWide(m, Number(atLeast)) : fill(m.minChars, Number(atLeast));
  const atMost = /at most (\d+)/.exec(apiMessage)?.[1];
  if (atMost) return fill(m.maxChars, Number(atMost));
  if (field === 'rating') return m.rating;
  if (field === 'problemType') return /only problem reports/.test(apiMessage) ? m.problemTypeOnly : m.problemType;
  if (field === 'kind') return m.kind;
  if (field === 'department') return m.department;
  if (apiMessage === '') {
    if (limits.minWeighted) return fillWide(m, limits.minWeighted);
    return limits.min ? fill(m.minChars, limits.min) : m.required;
  }
  return shown;
}

/** The form-wide message, from the HTTP status (0: no answer) and the problem. */
function summaryOf(
  m: Messages,
  status: number,
  p: Problem,
  fieldErrors: boolean,
  personal: boolean,
  noAnswer: NoAnswer,
  language: Language,
): string {
  const detail = p.detail ?? '';
  const shown = (language === 'zh-CN' ? p.zh?.detail : undefined) ?? detail;
  const slug = p.type?.split('/').pop();
  if (personal) return m.personalDataSummary;
  if (fieldErrors) return m.fixFields;
  if (status === 0) return m[noAnswer];
  if (status === 429 || slug === 'rate-limited') return m.tooMany;
  if (status === 404 || slug === 'not-found') return m.notFound;
  if (/already (voted|counted from your network)/.test(detail)) return m.alreadyVoted;
  if (/voting is closed/.test(detail)) return m.votingClosed;
  if (status === 409 || slug === 'conflict') return m.conflict;
  if (detail === 'submission refused') return m.refused;
  if (status >= 500) return m.server;
  if (!shown) return `${m.failed} (${status}).`;
  return language === 'zh-CN' ? `${m.failed}：${shown}` : `${m.failed}: ${shown}`;
}

/**
 * Explains a refused form submission in `lang`. `limits` names the form's fields (with their length
 * limits); an error about anything else (e.g. the whole body) is added to the summary as the API wrote it.
 */
export function explainProblem(
  problem: Problem,
  status: number,
  lang: Language,
  limits: ReadonlyMap<string, FieldLimits>,
  options: ExplainOptions = {},
): ExplainedProblem {
  const language: Language = lang in MESSAGES ? lang : 'en';
  const m = MESSAGES[language];
  // Personal data: the kinds per field from the API; a plain post sent back (`?error=unprocessable&field=…`)
  // says only which fields (the forms' only 422 is this refusal).
  const personal = new Map<string, readonly string[]>();
  for (const p of problem.personalData ?? []) if (p.field) personal.set(p.field, p.kinds ?? []);
  const slug = problem.type?.split('/').pop();
  const unprocessable = status === 422 || slug === 'unprocessable';
  const hint =
    options.personalDataHint ?? (language === 'en' && problem.hint ? sentence(problem.hint) : m.personalDataHint);
  const fields = new Map<string, string>();
  const other: string[] = [];
  for (const e of problem.errors ?? []) {
    const field = (e.where ?? '').replace(/^body\.?/, '').split('.')[0] ?? '';
    const own = limits.get(field);
    const message = (language === 'zh-CN' ? e.zh?.message : undefined) ?? e.message ?? '';
    if (own && !fields.has(field)) {
      const kinds = personal.get(field) ?? (unprocessable && !problem.personalData ? [] : undefined);
      if (kinds) personal.set(field, kinds);
      fields.set(
        field,
        kinds ? personalDataMessage(m, language, kinds, hint) : fieldMessage(m, field, e.message ?? '', own, message),
      );
    } else if (!own) other.push(message ? `${e.where}: ${message}` : (e.where ?? ''));
  }
  const summary = summaryOf(
    m,
    status,
    problem,
    fields.size > 0,
    personal.size > 0,
    options.noAnswer ?? 'network',
    language,
  );
  return { fields, summary: [summary, ...other].filter(Boolean).join(' ') };
}

/**
 * The problem a plain HTML post came back with: `?error=<slug>&field=<name>…` in the page address
 * (the API's 303 after a refused form post). Null when there is none.
 */
export function problemFromQuery(search: string): { problem: Problem; status: number } | null {
  const q = new URLSearchParams(search);
  const slug = q.get('error');
  if (!slug) return null;
  const known: Record<string, number> = {
    'bad-request': 400,
    'not-found': 404,
    conflict: 409,
    unprocessable: 422,
    'rate-limited': 429,
  };
  return {
    status: known[slug] ?? 400,
    problem: {
      type: `/problems/${slug}`,
      ...(q.get('detail') ? { detail: q.get('detail') as string } : {}),
      errors: q.getAll('field').map((f) => ({ where: `body.${f}`, message: '' })),
    },
  };
}
