/**
 * Chinese of the API reference page (/api/, views/ApiView.astro). The OpenAPI document is written in
 * English (functions/http/openapi); the Chinese page translates what a reader scans — the groups
 * (tags), each operation's summary, and the responses most operations share — and shows the rest
 * (long descriptions, parameter notes) in English, marked lang="en". Keyed by the document's own
 * names (tag name, operationId, the English text of a response), so a new operation without a
 * translation shows its English summary rather than nothing; test/unit/site/api-reference-zh.test.ts
 * fails until the platform's every tag, operation and shared problem response has its Chinese here.
 */

/** Tag name → Chinese name and description. */
export const TAGS_ZH: Readonly<Record<string, { name: string; description: string }>> = {
  Catalogue: { name: '目录', description: '数据集及其版本' },
  Downloads: { name: '下载', description: '各版本的全部格式文件' },
  Query: { name: '查询', description: 'SoQL 查询与只读 SQL' },
  Platform: { name: '平台', description: '运行状态与本说明文档' },
  Releases: { name: '发布', description: '部门提交发布、审核与撤回（管理员）' },
  Admin: { name: '管理', description: 'API 密钥（管理员）' },
  Metrics: { name: '统计', description: '使用统计与部门考核评分' },
  Feedback: { name: '反馈', description: '对数据集的评分、评论与问题报告' },
  'Data requests': { name: '数据需求', description: '新数据集需求及投票' },
  Webhooks: { name: 'Webhook 通知', description: '新版本发布时的签名通知' },
  Feeds: { name: '订阅源', description: 'Atom 订阅源' },
};

/** operationId → Chinese summary. */
export const OPERATIONS_ZH: Readonly<Record<string, string>> = {
  getHealth: '运行状态与当前版本',
  getOpenApi: '本 OpenAPI 3.1 说明文档',
  searchDatasets: '搜索和筛选数据集，附分面计数',
  getDataset: '一个数据集：元数据及其最新发布版本；全部版本撤回后返回 410（versions 列出各版本及撤回原因）',
  listVersions: '数据集的全部可见版本（已发布和已撤回）',
  getVersion: '一个版本：字段、行数、带 sha256 的文件、脱敏摘要、差异',
  diffVersions: '一个版本相对另一个版本的变化（字段、行、样本键）',
  downloadFile: '下载某个版本的文件',
  queryDataset: '用 SoQL 参数查询某个版本',
  queryDatasetPost: '用 JSON 请求体中的 SoQL 参数查询某个版本（适合较长的查询）',
  getQueryJob: '异步查询（大版本）的状态，完成后附结果链接',
  getQueryJobResult: '已成功的异步查询的结果行，格式与查询接口相同',
  runSql: '对已发布数据集运行一条只读 SELECT 语句',
  issueApiKey: '签发 API 密钥（只显示一次，仅保存其哈希）',
  listApiKeys: '列出 API 密钥（不含密钥本身）',
  revokeApiKey: '吊销 API 密钥',
  createRelease: '创建发布：清单与数据文件',
  listReleases: '列出发布',
  getRelease: '一次发布及其校验报告和保护报告',
  submitRelease: '提交发布以供审核',
  approveRelease: '批准发布（发布新版本）',
  rejectRelease: '驳回发布并说明原因',
  withdrawVersion: '撤回已发布的版本并说明原因（之后该版本返回 410）',
  verifyAuditLedger: '校验审计账本的哈希链',
  getUsage: '调用方 API 密钥的使用情况',
  getDatasetMetrics: '数据集的下载与查询次数',
  getAllUsage: '所有密钥的使用情况（管理员）',
  getDatasetMetricsAdmin: '数据集的详细统计（管理员）',
  listScorecards: '部门考核评分',
  getScorecard: '一个部门的考核评分',
  createFeedback: '对数据集评分、评论或报告问题',
  listDatasetFeedback: '数据集已公开的反馈',
  listFeedback: '全部反馈，供审核（管理员）',
  getFeedback: '一条反馈（管理员）',
  moderateFeedback: '公开或隐藏一条反馈（管理员）',
  replyFeedback: '回复一条反馈（管理员）',
  listDataRequests: '数据需求',
  createDataRequest: '提出数据集需求',
  getDataRequest: '一条数据需求',
  voteDataRequest: '为数据需求投票',
  setDataRequestStatus: '设置数据需求的状态（管理员）',
  createWebhook: '订阅 Webhook（持有 API 密钥者）',
  listWebhooks: '调用方密钥的 Webhook',
  getWebhook: '一个 Webhook',
  listWebhookDeliveries: 'Webhook 的投递记录',
  enableWebhook: '启用 Webhook',
  disableWebhook: '停用 Webhook',
  listAllWebhooks: '全部 Webhook（管理员）',
  getWebhookAdmin: '一个 Webhook（管理员）',
  listWebhookDeliveriesAdmin: 'Webhook 的投递记录（管理员）',
  enableWebhookAdmin: '重新启用已停用的 Webhook（管理员）',
  disableWebhookAdmin: '停用 Webhook（管理员）',
  getDatasetFeed: '数据集各版本的 Atom 订阅源',
  getDepartmentFeed: '部门数据集的 Atom 订阅源',
};

/** The English text of a response most operations share → its Chinese. */
export const RESPONSES_ZH: Readonly<Record<string, string>> = {
  'Rate limit or daily quota reached; Retry-After says when to retry':
    '达到速率限制或每日配额；Retry-After 头说明何时可以重试',
  'Unexpected error; nothing internal is shown': '意外错误；不会显示任何内部信息',
  'The API key and rate limits could not be checked just now; Retry-After says when to retry':
    '暂时无法核验 API 密钥和速率限制；Retry-After 头说明何时可以重试',
  'No such dataset, version or file': '没有这个数据集、版本或文件',
  'Invalid request: the problem names the parameter or column at fault': '请求无效：错误说明会指出有问题的参数或列',
  'The answer': '请求的结果',
  'Authentication required': '需要身份验证',
  'The caller may not do this': '调用方无权执行此操作',
  'Not modified (If-None-Match matched the ETag)': '未修改（If-None-Match 与 ETag 相同）',
  'The version was withdrawn; `reason` and `withdrawnAt` say why and when':
    '该版本已撤回；reason 和 withdrawnAt 说明原因和时间',
  'The resource is in another state': '资源处于其他状态',
  'The query ran longer than the time limit and was stopped': '查询超过时间限制，已被停止',
  'The query hit a resource limit (memory)': '查询达到资源上限（内存）',
  'The request body is too large': '请求体过大',
  'Atom feed': 'Atom 订阅源',
  'Invalid request: the problem names the parameter or column at fault (also: X-API-Key and Authorization: Bearer carrying different keys)':
    '请求无效：错误说明会指出有问题的参数或列（X-API-Key 与 Authorization: Bearer 携带不同的密钥时也是此状态）',
  'The body is not declared as JSON (e.g. text/plain or a form): send Content-Type: application/json':
    '请求体未声明为 JSON（例如 text/plain 或表单）：请发送 Content-Type: application/json',
  'The query hit a resource limit (memory), or one row is larger than an answer carries (`rowBytes`, `maxBytes`): select fewer or shorter columns':
    '查询达到资源上限（内存），或单行超过一次应答能容纳的大小（rowBytes、maxBytes）：请选择更少或更短的列',
  'Authentication required, or the API key sent is not valid, revoked or expired':
    '需要身份验证，或所发送的 API 密钥无效、已吊销或已过期',
  "The caller may not do this (on public routes: an API key without the route's scope)":
    '调用方无权执行此操作（公开接口上：API 密钥没有该接口所需的权限范围）',
  "Rate limit or daily quota reached; Retry-After says when to retry, X-RateLimit-* describe the limit that refused (X-Quota-* the key's quota)":
    '达到速率限制或每日配额；Retry-After 头说明何时可以重试，X-RateLimit-* 描述拒绝请求的限制（X-Quota-* 为密钥的配额）',
};
