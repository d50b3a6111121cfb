import type { DatasetManifest } from '../manifest/schema.ts';
import type { ValidationIssue } from '../validation/report.ts';
import { zh, zhField, zhGrade } from '../validation/zh.ts';
import type { DateProbe, WithheldDateField, WithheldDatePlan } from './metadata-dates.ts';

/** What the data answered for one probe (withheldDateCountsSql). */
export interface ProbeCounts {
  /** Rows of the withheld column holding the metadata date at its precision. */
  readonly n: number;
  /** Rows sharing its published value: the same month or year, or every row when none is published. */
  readonly g: number;
}

/** k of the manifest's kAnonymity, else its default. */
export const dateK = (manifest: DatasetManifest): number => manifest.kAnonymity?.k ?? 5;

/**
 * The probes whose metadata date gives a withheld value back: the date is a raw value of the column
 * (n > 0) and singles rows out, being held by fewer than k rows (`dateK`), or by every row sharing its
 * published value (every death published as 1993-11 was on the 24th: the month then gives the day). A
 * date held by k rows or more among others is not anyone's date in particular: the 29 April 1992 on
 * which the riots began and eight people died may be said in la-riots-deaths' description. Whether
 * the published files carry the date anyway is asked next (carriedDatesSql), for these only.
 */
export function suspectProbes(
  plan: WithheldDatePlan,
  counts: ReadonlyMap<number, ProbeCounts>,
  k: number,
): DateProbe[] {
  return plan.probes.filter((p) => {
    const c = counts.get(p.id);
    return c !== undefined && c.n > 0 && (c.n < k || c.n === c.g);
  });
}

/** The days and months the published files are asked about: each suspect date, and a day's month (for the hint). */
export function isosToCarry(suspects: readonly DateProbe[]): string[] {
  return [...new Set(suspects.flatMap((p) => [p.at.date.iso, p.at.date.iso.slice(0, 7)]))];
}

/**
 * One `pii/metadata` issue per metadata place and date that gives back a withheld value no published
 * column carries (`carried`: the published files hold that day or month as a true date, so the metadata
 * adds nothing). It names the place, the column (and how many others), the date masked below the
 * precision the column publishes, and the fix.
 */
export function metadataDateIssues(
  suspects: readonly DateProbe[],
  counts: ReadonlyMap<number, ProbeCounts>,
  carried: (iso: string) => boolean,
  k: number,
): ValidationIssue[] {
  const byPlace = new Map<string, DateProbe[]>();
  for (const p of suspects) {
    if (carried(p.at.date.iso)) continue;
    const key = `${p.at.path}\u0000${p.at.date.iso}`;
    byPlace.set(key, [...(byPlace.get(key) ?? []), p]);
  }
  return [...byPlace.values()].map((probes) => {
    const [first] = probes as [DateProbe, ...DateProbe[]];
    const { path, date } = first.at;
    const { n } = counts.get(first.id) as ProbeCounts;
    const field = first.field;
    // Masked below what the column publishes, like any withheld value in a report.
    const masked =
      field.published === 'month'
        ? `${date.iso.slice(0, 8)}**`
        : date.iso.slice(0, 5) + date.iso.slice(5).replace(/[0-9]/g, '*');
    const others = probes.length > 1 ? ` (and ${probes.length - 1} other withheld column(s))` : '';
    const othersZh = probes.length > 1 ? `（另有 ${probes.length - 1} 个不公开的列也是如此）` : '';
    const as = field.published ? date.iso.slice(0, field.published === 'month' ? 7 : 4) : undefined;
    const held =
      n < k ? `held by ${n} row(s) (fewer than k=${k})` : `held by all ${n} rows${as ? ` published as ${as}` : ''}`;
    const heldZh =
      n < k ? `只有 ${n} 行是这个日期（少于 k=${k}）` : `${as ? `发布为 ${as} 的` : ''}全部 ${n} 行都是这个日期`;
    // The coarser date that is safe to write: the month when the published files hold it, else the year.
    const month = date.precision === 'day' && carried(date.iso.slice(0, 7));
    const coarse = month ? date.iso.slice(0, 7) : date.iso.slice(0, 4);
    const bound = /^temporal\.(start|end)$/.exec(path)?.[1];
    const where = bound ? `${path} in dataset.yaml` : `the manifest's ${path}`;
    return {
      type: 'pii/metadata',
      field: path,
      value: masked,
      message: `${where} gives the date ${masked} to the ${date.precision}: a withheld value of "${field.name}" (${field.how})${others}, ${held}, which no published column holds. Metadata is published as written (site, catalogue, DCAT, schema.org), so it would give that date back`,
      hint: bound
        ? `write \`${bound}: ${month ? coarse : `'${coarse}'`}\`${month ? '' : ' (quoted, or YAML reads a number)'}: a bound may not be a withheld date (docs/manifest.md, temporal)`
        : `remove the date from ${path}, or write only its ${month ? `month (${coarse})` : `year (${coarse})`}`,
      zh: zh(
        `dataset.yaml 中的 ${path} 写出了精确到${date.precision === 'day' ? '日' : '月'}的日期 ${masked}：这是${zhField(field.name)}中不公开的值（${howZh(field)}）${othersZh}，${heldZh}，而任何发布的列中都没有这个日期。元数据会原样发布（网站、数据目录、DCAT、schema.org），因此会把这个日期泄露出去`,
        bound
          ? `请改写为 \`${bound}: ${month ? coarse : `'${coarse}'`}\`${month ? '' : '（要加引号，否则 YAML 会把它读成数字）'}：时间范围的起止不能是不公开的日期（见 docs/manifest.md 的 temporal 一节）`
          : `请从 ${path} 中删除这个日期，或只写到${month ? '月' : '年'}（${coarse}）`,
      ),
    } satisfies ValidationIssue;
  });
}

/** `field.how` in Chinese: 分级为内部, 已泛化到月, 已删除 (the treatment's code when this file does not know it). */
function howZh(field: WithheldDateField): string {
  if (field.how === 'internal' || field.how === 'core') return `分级为${zhGrade(field.how)}`;
  if (field.published) return `已泛化到${field.published === 'month' ? '月' : '年'}`;
  const done: Record<string, string> = {
    drop: '已删除',
    redact: '已置空',
    mask: '已掩码',
    pseudonymize: '已假名化',
    'date-shift': '已做日期偏移',
  };
  return done[field.how] ?? `已做脱敏处理：${field.how}`;
}
