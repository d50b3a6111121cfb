import { z } from 'zod';
import { sensitiveFieldNames } from '../manifest/about-people.ts';
import type { DatasetManifest } from '../manifest/schema.ts';
import type { ValidationWarning } from '../validation/report.ts';
import { zh, zhField } from '../validation/zh.ts';
import { detectorById, refusesRelease } from './detectors/index.ts';
import { SAME_ROW_VALUE } from './same-row-values.ts';

/**
 * What one declared `piiExceptions` entry excepted in a release: how many values of its detector in
 * its column the residual-PII scan found and let through.
 */
export const PiiExceptionUse = z.strictObject({
  field: z.string(),
  detector: z.string(),
  /** Values published under the exception (0: it excepted nothing). */
  values: z.number().int().nonnegative(),
  /**
   * Values of that detector in that column found in rows k-anonymity suppressed, so not published
   * (absent when none was): the exception did not let them through.
   */
  suppressed: z.number().int().positive().optional(),
});
export type PiiExceptionUse = z.output<typeof PiiExceptionUse>;

/**
 * Detectors of identity numbers: citizens' resident ID, bank card and passport numbers. A department
 * publishing them under an exception needs a platform sign-off besides its own approval
 * (docs/releases.md). Mobile numbers are not among them: an office's hotline is a mobile number a
 * department rightly publishes on its own authority.
 */
export const IDENTITY_DETECTORS: ReadonlySet<string> = new Set(['resident-id', 'bank-card', 'passport-cn']);

/**
 * Exceptions a department's own approval does not cover: identity numbers (`IDENTITY_DETECTORS`), and
 * `same-row-value`, which publishes the raw value of a column the department itself graded withheld (a
 * dropped 负责人's name, the end of an ID number) — its own grading overruled, so someone outside the
 * department, the platform's data-protection officer, signs it off too.
 */
export const SIGN_OFF_DETECTORS: ReadonlySet<string> = new Set([...IDENTITY_DETECTORS, SAME_ROW_VALUE.id]);

/**
 * One use per declared exception, from the scan's confirmed hits in what is published (`field|detector`
 * → values). Every declared entry is listed, an unused one with 0. `found`: the hits before a k-anonymity
 * suppression took rows out, when one did; the difference is the use's `suppressed`.
 */
export function exceptionUses(
  manifest: DatasetManifest,
  hits: ReadonlyMap<string, number>,
  found: ReadonlyMap<string, number> = hits,
): PiiExceptionUse[] {
  return manifest.piiExceptions.map((e) => {
    const key = `${e.field}|${e.detector}`;
    const values = hits.get(key) ?? 0;
    const suppressed = (found.get(key) ?? 0) - values;
    return { field: e.field, detector: e.detector, values, ...(suppressed > 0 ? { suppressed } : {}) };
  });
}

/** The uses that published values of `SIGN_OFF_DETECTORS`: why a release needs a platform sign-off. */
export function signOffExceptionsUsed(uses: readonly PiiExceptionUse[]): PiiExceptionUse[] {
  return uses.filter((u) => u.values > 0 && SIGN_OFF_DETECTORS.has(u.detector));
}

/**
 * A warning per exception that excepted nothing: no hit in its column, a column that is not scanned
 * (not published, pseudonymized, redacted, or of a type that cannot hold an identifier), or a
 * detector that never refuses a release. Not a refusal: stale exceptions are to be removed, so that
 * the next identifier in that column is refused and reviewed again.
 */
export function unusedExceptionWarnings(
  uses: readonly PiiExceptionUse[],
  scanned: ReadonlySet<string>,
  /** The manifest's `blockingDetectors`: an exception of one of them excepts what would refuse. */
  blockingDetectors: readonly string[] = [],
): ValidationWarning[] {
  const hint = `remove the entry from piiExceptions: a stale exception would let the next such value in the column through unreviewed`;
  const hintZh = '请从 piiExceptions 中删除这条例外：过时的例外会让该列以后出现的同类值不经审核就被发布';
  return uses
    .filter((u) => u.values === 0 || (detectorById(u.detector) && !refusesRelease(u.detector, blockingDetectors)))
    .map((u) => {
      const detector = detectorById(u.detector);
      const refuses = refusesRelease(u.detector, blockingDetectors);
      const sameRow = u.detector === SAME_ROW_VALUE.id;
      const label = detector?.label.en ?? (sameRow ? SAME_ROW_VALUE.label.en : u.detector);
      const labelZh = detector?.label['zh-CN'] ?? (sameRow ? SAME_ROW_VALUE.label['zh-CN'] : u.detector);
      const entry = `the piiExceptions entry for field "${u.field}" and detector "${u.detector}"`;
      const why = u.suppressed
        ? `its ${u.suppressed} value(s) were all in rows suppressed for k-anonymity, so none is published`
        : !scanned.has(u.field)
          ? `"${u.field}" is not scanned: it is not published as text or a number (dropped, graded internal or core, pseudonymized, redacted, or a date)`
          : detector && !refuses
            ? `${label} values never refuse a release (organisation data, reported only, unless \`blockingDetectors: [${u.detector}]\` is declared)`
            : sameRow
              ? `no cell of "${u.field}" holds ${label}`
              : `no value in "${u.field}" looks like ${label}`;
      const whyZh = u.suppressed
        ? `它的 ${u.suppressed} 个值都在为满足 k-匿名而删除的行中，没有一个被发布`
        : !scanned.has(u.field)
          ? `${zhField(u.field)}不在扫描范围内：它没有以文本或数值形式发布（已删除、分级为内部或核心、已假名化、已置空，或是日期）`
          : detector && !refuses
            ? `${labelZh}从不导致发布被拒绝（属于机构数据，只作提示；声明 \`blockingDetectors: [${u.detector}]\` 时除外）`
            : sameRow
              ? `${zhField(u.field)}中没有单元格含有${labelZh}`
              : `${zhField(u.field)}中没有像是${labelZh}的值`;
      return {
        type: 'pii/unused-exception',
        field: u.field,
        message: `${entry} excepted nothing: ${why}`,
        hint,
        zh: zh(`piiExceptions 中针对${zhField(u.field)}和检测器“${u.detector}”的例外没有放行任何值：${whyZh}`, hintZh),
      };
    });
}

/**
 * A warning when fields are graded sensitive and no kAnonymity is declared: such rows are about people
 * (manifest/about-people.ts), treated or dropped identity or not, and the columns published as they are (a
 * street, an exact date or amount) may still single one out. Not a refusal: whether a column can identify
 * someone is the department's judgement, and the k-anonymity check only runs on the ones it names.
 */
export function kAnonymityWarnings(manifest: DatasetManifest): ValidationWarning[] {
  if (manifest.kAnonymity) return [];
  const sensitive = sensitiveFieldNames(manifest);
  if (sensitive.length === 0) return [];
  const names = sensitive.map((n) => `"${n}"`).join(', ');
  return [
    {
      type: 'protection/no-k-anonymity',
      message: `the dataset has sensitive field(s) ${names}, so its rows are about people, and no kAnonymity is declared: the columns published as they are (a place, an exact date or amount) may still single a person out`,
      hint: 'declare kAnonymity with the columns that together could identify someone (e.g. `kAnonymity: {quasiIdentifiers: [district, age_band, sex], k: 5}`), generalizing them first; if no row is about a person, grade the fields otherwise',
      zh: zh(
        `数据集含有分级为敏感的字段${sensitive.map((n) => `“${n}”`).join('、')}，说明每行记录涉及个人，但没有声明 kAnonymity：原样发布的列（地点、精确的日期或金额）仍可能让人认出具体某个人`,
        '请声明 kAnonymity，列出组合起来可能认出某个人的列（例如 `kAnonymity: {quasiIdentifiers: [district, age_band, sex], k: 5}`），并先对这些列做泛化；如果没有任何一行涉及个人，请调整这些字段的分级',
      ),
    },
  ];
}
