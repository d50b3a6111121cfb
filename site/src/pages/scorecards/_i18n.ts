import type { Language } from '../../lib/types.ts';

const en = {
  scorecards: 'Department scorecards',
  scorecardsIntro:
    'How each department keeps its open data: datasets published, updates on time against the declared frequency, a quality score per dataset, usage, and how fast it answers feedback. Computed by the platform from published facts; the numbers are also an open dataset.',
  department: 'Department',
  datasets: 'Datasets',
  onTime: 'On time',
  quality: 'Average quality',
  downloads: 'Downloads',
  queries: 'Queries',
  response: 'Median response (hours)',
  usageWindow: 'Usage over the last {days} days.',
  chartOnTime: 'Share of scheduled datasets updated on time, per department (%)',
  chartQuality: 'Average dataset quality score, per department (0–100)',
  chartUsage: 'Downloads and queries, per department',
  overdue: 'Overdue datasets',
  noOverdue: 'No dataset is overdue.',
  dueAt: 'due',
  daysOverdue: '{n} days overdue',
  frequency: 'Frequency',
  lastUpdate: 'Last update',
  score: 'Quality score',
  criteria: 'Quality criteria',
  passed: 'passed',
  failed: 'not met',
  howToFix: 'How to fix',
  notApplicable: 'no schedule (irregular)',
  feed: 'Atom feed of this department',
  rating: 'Rating',
  none: '—',
  compare: 'All departments',
  requests: 'Data requests',
  requestsIntro:
    'Ask for data that is not published yet, and vote for requests you need too. Departments answer: planned, published (with a link) or declined (with a reason).',
  newRequest: 'Request a dataset',
  title: 'What data?',
  description: 'Why, and in what form (fields, period, area)?',
  departmentOptional: 'Department that holds the data, if you know it',
  departmentUnknown: 'Not sure',
  submit: 'Send',
  vote: 'Vote',
  /** Not shown: read before and after the vote button's text, so each button names its request. */
  voteBefore: '',
  voteAfter: ' for “{title}”',
  votes: 'votes',
  status: 'Status',
  statusOpen: 'open',
  statusPlanned: 'planned',
  statusPublished: 'published',
  statusDeclined: 'declined',
  reason: 'Reason',
  noRequests: 'No requests yet.',
  sent: 'Thank you — received.',
  personalDataHint:
    'A request is public as soon as it is sent, and there is no private contact field: please remove it and send again. The department answers on this page.',
  honeypot: 'Leave this field empty',
  refusedRequest:
    'Not sent. Please check: “What data?” needs at least 5 characters and “Why, and in what form?” at least 10, and neither may contain personal data (phone numbers, ID numbers, e-mail addresses): a request is public as soon as it is sent.',
  refusedVote: 'Your vote was not counted: you may have voted for this request already, or voting on it is closed.',
};
export type ScoreKey = keyof typeof en;

const zh: Record<ScoreKey, string> = {
  scorecards: '部门考核评分',
  scorecardsIntro:
    '各部门开放数据的情况：已发布数据集、按声明频率按时更新的比例、每个数据集的质量得分、使用量，以及答复反馈的速度。由平台根据已发布的事实计算，这些指标本身也作为开放数据发布。',
  department: '部门',
  datasets: '数据集',
  onTime: '按时更新',
  quality: '平均质量',
  downloads: '下载',
  queries: '查询',
  response: '答复时间中位数（小时）',
  usageWindow: '使用量为最近 {days} 天。',
  chartOnTime: '各部门有更新计划的数据集中按时更新的比例（%）',
  chartQuality: '各部门数据集平均质量得分（0–100）',
  chartUsage: '各部门下载与查询次数',
  overdue: '逾期未更新的数据集',
  noOverdue: '没有逾期的数据集。',
  dueAt: '应于',
  daysOverdue: '逾期 {n} 天',
  frequency: '更新频率',
  lastUpdate: '最近更新',
  score: '质量得分',
  criteria: '质量指标',
  passed: '达标',
  failed: '未达标',
  howToFix: '改进方法',
  notApplicable: '无固定计划（不定期）',
  feed: '本部门的 Atom 订阅',
  rating: '评分',
  none: '—',
  compare: '全部部门',
  requests: '数据需求',
  requestsIntro:
    '申请尚未开放的数据，也可以为你同样需要的需求投票。部门会答复：已计划、已发布（附链接）或不予开放（附理由）。',
  newRequest: '提出数据需求',
  title: '需要什么数据？',
  description: '用途和形式（字段、时间、地域）？',
  departmentOptional: '持有该数据的部门（如知道）',
  departmentUnknown: '不确定',
  submit: '提交',
  vote: '投票',
  voteBefore: '为“{title}”',
  voteAfter: '',
  votes: '票',
  status: '状态',
  statusOpen: '待处理',
  statusPlanned: '已计划',
  statusPublished: '已发布',
  statusDeclined: '不予开放',
  reason: '理由',
  noRequests: '暂无需求。',
  sent: '谢谢，已收到。',
  personalDataHint: '需求提交后会公开显示，请删除个人信息后再提交。',
  honeypot: '请勿填写此项',
  refusedRequest:
    '提交未成功，请检查：“需要什么数据”请至少输入 5 个字符，“用途和形式”请至少输入 10 个字符；两者都不能包含个人信息（手机号码、身份证号码、电子邮箱地址等），需求提交后会公开显示。',
  refusedVote: '投票未计入：你可能已经为这个请求投过票，或该请求已停止投票。',
};

/** English forms other than "other", by Intl.PluralRules category (Chinese has one form). */
const enPlurals: Partial<Record<ScoreKey, Partial<Record<Intl.LDMLPluralRule, string>>>> = {
  votes: { one: 'vote' },
  daysOverdue: { one: '{n} day overdue' },
};

/** The strings of a language; with `count`, the plural form for that number ("1 vote", "2 votes"). */
export function st(lang: Language) {
  const d = lang === 'en' ? en : zh;
  const rules = new Intl.PluralRules(lang);
  return (k: ScoreKey, vars: Record<string, string | number> = {}, count?: number) => {
    const form = lang === 'en' && count !== undefined ? enPlurals[k]?.[rules.select(count)] : undefined;
    return (form ?? d[k]).replace(/\{(\w+)\}/g, (_, n: string) => String(vars[n] ?? `{${n}}`));
  };
}
