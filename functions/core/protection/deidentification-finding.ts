import { z } from 'zod';
import type { Language } from '../manifest/localized.ts';
import { detectorById } from './detectors/index.ts';

/**
 * What the protection gate found and let through or took out, as facts: the checks' notes on the
 * de-identification record (protection-sql.ts), and the rows k-anonymity suppression removed. Every
 * sentence about them — the report's English, the site's Chinese, the CLI's and the approver's notice —
 * is written from these facts (findingNote, suppressionSentence), never by reading another sentence.
 */

/**
 * Rows k-anonymity suppression (`kAnonymity.suppress: true`) took out of a release: rows whose
 * quasi-identifiers are shared by fewer than k rows. A person deciding on the release must see it: the
 * rows are valid data the department holds, and they are not published.
 */
export const RowSuppression = z.strictObject({
  /** Rows not published. */
  rows: z.number().int().nonnegative(),
  /** Rows read from the source (the share is rows / of). */
  of: z.number().int().nonnegative(),
  k: z.number().int().positive(),
  quasiIdentifiers: z.array(z.string()).min(1),
});
export type RowSuppression = z.output<typeof RowSuppression>;

/**
 * One note of the gate on a de-identification record, as facts. `k-anonymity-suppression`: rows taken
 * out (a RowSuppression). `detector-published`: values a
 * detector recognised in the column and the gate let through: under a declared piiExceptions entry
 * (`exception`), or as organisation data that never refuses a release (`organisation`, e.g. a unified
 * social credit code). `same-row-value-published`: cells holding the same row's value of a withheld
 * column, published under a declared exception.
 */
export const DeidentificationFinding = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('k-anonymity-suppression'), ...RowSuppression.shape }),
  z.strictObject({
    kind: z.literal('detector-published'),
    detector: z.string(),
    values: z.number().int().nonnegative(),
    basis: z.enum(['exception', 'organisation']),
  }),
  z.strictObject({
    kind: z.literal('same-row-value-published'),
    /** Cells of the column holding the same row's value of the withheld column `source`. */
    cells: z.number().int().nonnegative(),
    source: z.string(),
  }),
]);
export type DeidentificationFinding = z.output<typeof DeidentificationFinding>;
export type FindingKind = DeidentificationFinding['kind'];

/**
 * `rows` of `of` as a percentage a reader can weigh: whole numbers from 10 %, one decimal below, "< 0.1"
 * for a sliver, never "0" for some rows nor "100" for fewer than all.
 */
export function percentOf(rows: number, of: number): string {
  if (of <= 0 || rows <= 0) return '0';
  if (rows >= of) return '100';
  const p = (rows / of) * 100;
  if (p < 0.1) return '< 0.1';
  if (p < 10) return String(Math.round(p * 10) / 10);
  return String(Math.min(99, Math.round(p)));
}

/**
 * The sentence for whoever decides on a release (CLI, API reader, the awaiting-approval notice): "18 of
 * 60 rows (30 %) will not be published: k-anonymity suppression on 区县+行业 (k=5)". `published`: said of
 * a release already published ("were not published").
 */
export function suppressionSentence(s: RowSuppression, published = false): string {
  return `${s.rows} of ${s.of} rows (${percentOf(s.rows, s.of)} %) ${published ? 'were' : 'will'} not ${published ? '' : 'be '}published: k-anonymity suppression on ${s.quasiIdentifiers.join('+')} (k=${s.k})`;
}

/** suppressionSentence in Chinese: "60 行中有 18 行（30%）将不发布：按 区县+行业 做 k-匿名删除（k=5）". */
export function suppressionSentenceZh(s: RowSuppression, published = false): string {
  return `${s.of} 行中有 ${s.rows} 行（${percentOf(s.rows, s.of)}%）${published ? '未发布' : '将不发布'}：按 ${s.quasiIdentifiers.join('+')} 做 k-匿名删除（k=${s.k}）`;
}

/** The short label of a suppression, in a list or a subject: "18 of 60 rows suppressed". */
export function suppressionShort(s: RowSuppression): string {
  return `${s.rows} of ${s.of} rows suppressed`;
}

/** suppressionShort in Chinese: "为满足 k-匿名删除了 60 行中的 18 行". */
export function suppressionShortZh(s: RowSuppression): string {
  return `为满足 k-匿名删除了 ${s.of} 行中的 ${s.rows} 行`;
}

/** How to publish more of the rows k-anonymity leaves out (the hint under a suppression, or a refusal of all rows). */
export const SUPPRESSION_HINT =
  'generalize the quasi-identifiers further (wider bands, coarser dates or regions), or check that k and the quasi-identifiers are the intended ones';

/** SUPPRESSION_HINT in Chinese. */
export const SUPPRESSION_HINT_ZH =
  '请进一步泛化准标识符（更宽的区间、更粗的日期或地区），或核对 k 值和准标识符是否设置正确';

/** A detector's name in `lang` (its id when this code does not know it). */
function detectorName(id: string, lang: Language): string {
  return detectorById(id)?.label[lang] ?? id;
}

/**
 * A finding in words, in `lang`: the English is the note the record has always carried (the report's),
 * the Chinese written from the same facts.
 */
export function findingNote(f: DeidentificationFinding, lang: Language): string {
  const en = lang === 'en';
  switch (f.kind) {
    case 'k-anonymity-suppression':
      return en
        ? `${suppressionSentence(f, true)}, rows in classes smaller than k`
        : `${f.of} 行中有 ${f.rows} 行（${percentOf(f.rows, f.of)}%）未发布：${f.quasiIdentifiers.join('+')} 组合相同的记录少于 ${f.k} 条（k-匿名删除）`;
    case 'detector-published': {
      const name = detectorName(f.detector, lang);
      if (f.basis === 'exception') {
        return en
          ? `${f.values} ${name} value(s) published under a declared, justified exception`
          : `${f.values} 个${name}按已声明并说明理由的例外发布`;
      }
      return en
        ? `${f.values} ${name} value(s) published as organisation data (not personal)`
        : `${f.values} 个${name}作为机构数据（非个人信息）发布`;
    }
    case 'same-row-value-published':
      return en
        ? `${f.cells} cell(s) hold the same row's value of withheld column "${f.source}", published under a declared, justified exception`
        : `${f.cells} 个单元格含有同一行不公开列“${f.source}”的值，按已声明并说明理由的例外发布`;
  }
}

/** The notes of several findings on one record, in `lang` (the gate joins its notes with "; "). */
export function findingsNote(findings: readonly DeidentificationFinding[], lang: Language): string {
  return findings.map((f) => findingNote(f, lang)).join(lang === 'en' ? '; ' : '；');
}

/**
 * The English note the gate records beside the findings (the report's, word for word as it has always
 * been): each finding's English, a suppression's in the words the record has always carried.
 */
export function recordedNote(findings: readonly DeidentificationFinding[]): string {
  return findings
    .map((f) =>
      f.kind === 'k-anonymity-suppression'
        ? `${f.rows} row(s) in classes smaller than k=${f.k} were suppressed`
        : findingNote(f, 'en'),
    )
    .join('; ');
}
