import type { UsageCount } from '../core/access/usage-key.ts';
import { badRequest, forbidden } from '../core/errors.ts';
import { flushUsage, usageOfDay } from './access/record-usage.ts';
import type { Deps } from './deps.ts';

/** Dimensions usage can be grouped by. `key` is an API key id or `anonymous`; nothing else identifies a caller. */
export const USAGE_DIMENSIONS = ['day', 'dataset', 'version', 'format', 'key'] as const;
export type UsageDimension = (typeof USAGE_DIMENSIONS)[number];

export const MAX_RANGE_DAYS = 366;
const DAY_MS = 86_400_000;

export interface UsageQuery {
  from?: string;
  to?: string;
  dataset?: string;
  version?: string;
  format?: string;
  key?: string;
  groupBy?: string;
}

export interface UsageRow {
  day?: string;
  dataset?: string;
  version?: number;
  format?: string;
  key?: string;
  downloads: number;
  queries: number;
}

export type MetricsViewer = { kind: 'key'; keyId: string } | { kind: 'admin' };

const isDay = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`));

/** The UTC days of [from, to], defaulting to the last 30 days; validated and bounded. */
export function dayRange(now: Date, from?: string, to?: string): string[] {
  const today = now.toISOString().slice(0, 10);
  const end = to ?? today;
  const start = from ?? new Date(Date.parse(`${end}T00:00:00Z`) - 29 * DAY_MS).toISOString().slice(0, 10);
  for (const [name, v] of [
    ['from', start],
    ['to', end],
  ] as const) {
    if (!isDay(v)) {
      throw badRequest({
        detail: `${name} must be a date YYYY-MM-DD`,
        zh: { detail: `${name} 必须是 YYYY-MM-DD 格式的日期` },
        errors: [{ where: `query.${name}`, message: 'not a date', zh: { message: '不是日期' } }],
      });
    }
  }
  const a = Date.parse(`${start}T00:00:00Z`);
  const b = Date.parse(`${end}T00:00:00Z`);
  if (b < a) {
    throw badRequest({
      detail: 'from is after to',
      zh: { detail: 'from 晚于 to' },
      errors: [{ where: 'query.from', message: 'after to', zh: { message: '晚于 to' } }],
    });
  }
  if ((b - a) / DAY_MS + 1 > MAX_RANGE_DAYS) {
    throw badRequest({
      detail: `at most ${MAX_RANGE_DAYS} days per request`,
      hint: 'narrow from/to',
      zh: { detail: `每次请求最多 ${MAX_RANGE_DAYS} 天`, hint: '请缩小 from/to 的范围' },
    });
  }
  const days: string[] = [];
  for (let t = a; t <= b; t += DAY_MS) days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

function parseGroupBy(v: string | undefined): UsageDimension[] {
  if (!v) return ['day'];
  const dims = v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = dims.filter((d) => !(USAGE_DIMENSIONS as readonly string[]).includes(d));
  if (bad.length) {
    throw badRequest({
      detail: `cannot group by ${bad.join(', ')}`,
      hint: `use any of ${USAGE_DIMENSIONS.join(', ')}`,
      zh: { detail: `不能按 ${bad.join(', ')} 分组`, hint: `可用 ${USAGE_DIMENSIONS.join(', ')} 中的任意几个` },
      errors: [{ where: 'query.groupBy', message: 'unknown dimension', zh: { message: '未知的维度' } }],
    });
  }
  return [...new Set(dims)] as UsageDimension[];
}

/** Raw counts of the days (buffered counts of this container are flushed first). */
export async function usageCounts(deps: Deps, days: readonly string[]): Promise<UsageCount[]> {
  await flushUsage(deps);
  const out: UsageCount[] = [];
  for (let i = 0; i < days.length; i += 8) {
    const batch = await Promise.all(days.slice(i, i + 8).map((d) => usageOfDay(deps, d)));
    for (const b of batch) out.push(...b);
  }
  return out;
}

/**
 * Aggregated usage. A key holder sees only its own key's usage (a filter on another key is 403); an
 * admin sees everything. Counts are aggregates: no addresses or personal data are stored or shown.
 */
export async function getUsage(deps: Deps, viewer: MetricsViewer, q: UsageQuery) {
  if (viewer.kind === 'key' && q.key && q.key !== viewer.keyId) {
    throw forbidden({
      detail: 'a key holder sees only its own usage',
      hint: 'omit key, or ask an admin',
      zh: { detail: '密钥持有者只能查看自己的用量', hint: '请去掉 key 参数，或请管理员查询' },
    });
  }
  const days = dayRange(deps.clock.now(), q.from, q.to);
  const groupBy = parseGroupBy(q.groupBy);
  const key = viewer.kind === 'key' ? viewer.keyId : q.key;
  const version = q.version === undefined ? undefined : Number(q.version);
  if (version !== undefined && !Number.isInteger(version)) {
    throw badRequest({
      detail: 'version must be a number',
      zh: { detail: 'version 必须是数字' },
      errors: [{ where: 'query.version', message: 'NaN', zh: { message: '不是数字' } }],
    });
  }
  const counts = (await usageCounts(deps, days)).filter(
    (c) =>
      (!q.dataset || c.dataset === q.dataset) &&
      (version === undefined || c.version === version) &&
      (!q.format || c.format === q.format) &&
      (!key || c.key === key),
  );
  const rows = new Map<string, UsageRow>();
  const totals = { downloads: 0, queries: 0 };
  for (const c of counts) {
    const dims: Omit<UsageRow, 'downloads' | 'queries'> = {};
    if (groupBy.includes('day')) dims.day = c.day;
    if (groupBy.includes('dataset')) dims.dataset = c.dataset;
    if (groupBy.includes('version')) dims.version = c.version;
    if (groupBy.includes('format')) dims.format = c.format;
    if (groupBy.includes('key')) dims.key = c.key;
    const id = JSON.stringify(dims);
    const row = rows.get(id) ?? { ...dims, downloads: 0, queries: 0 };
    if (c.kind === 'download') {
      row.downloads += c.count;
      totals.downloads += c.count;
    } else {
      row.queries += c.count;
      totals.queries += c.count;
    }
    rows.set(id, row);
  }
  const sorted = [...rows.values()].sort((a, b) =>
    JSON.stringify([a.day, a.dataset, a.version, a.format, a.key]).localeCompare(
      JSON.stringify([b.day, b.dataset, b.version, b.format, b.key]),
    ),
  );
  return {
    from: days[0],
    to: days[days.length - 1],
    scope: viewer.kind === 'key' ? { key: viewer.keyId } : 'all',
    groupBy,
    totals,
    rows: sorted,
  };
}

/** Public, key-free totals per dataset over the last `days` days (scorecards). */
export async function usageByDataset(
  deps: Deps,
  days: number,
): Promise<Map<string, { downloads: number; queries: number }>> {
  const list = dayRange(
    deps.clock.now(),
    new Date(deps.clock.now().getTime() - (days - 1) * DAY_MS).toISOString().slice(0, 10),
  );
  const out = new Map<string, { downloads: number; queries: number }>();
  for (const c of await usageCounts(deps, list)) {
    const r = out.get(c.dataset) ?? { downloads: 0, queries: 0 };
    if (c.kind === 'download') r.downloads += c.count;
    else r.queries += c.count;
    out.set(c.dataset, r);
  }
  return out;
}
