import type { DiffSummary, PublishedField } from '../catalog/schema.ts';
import { FIELD_TYPE_LABELS, type FieldType } from '../manifest/vocabulary.ts';
import { zhField, zhType } from '../validation/zh.ts';

export interface DiffSide {
  readonly version: number;
  readonly fields: readonly Pick<PublishedField, 'name' | 'type'>[];
  readonly primaryKey: readonly string[];
}

/** Row-level changes (computed in DuckDB when both sides share a primary key). */
export interface RowDiff {
  readonly added: number;
  readonly removed: number;
  readonly changed: number;
  readonly sampleKeys: { added: string[]; removed: string[]; changed: string[] };
}

/**
 * Schema part of a version diff, and whether it breaks consumers: a published field removed or
 * retyped, or the primary key changed. Adding fields and rows is never breaking.
 */
export function schemaDiff(
  from: DiffSide,
  to: DiffSide,
  rows: RowDiff | undefined,
  breakingNote?: string,
): DiffSummary {
  const before = new Map(from.fields.map((f) => [f.name, f.type]));
  const after = new Map(to.fields.map((f) => [f.name, f.type]));
  const fieldsAdded = [...after.keys()].filter((n) => !before.has(n));
  const fieldsRemoved = [...before.keys()].filter((n) => !after.has(n));
  const fieldsRetyped = [...after.entries()]
    .filter(([n, t]) => before.has(n) && before.get(n) !== t)
    .map(([name, to]) => ({ name, from: before.get(name) as string, to }));
  const primaryKeyChanged = from.primaryKey.join('\u0000') !== to.primaryKey.join('\u0000');
  const breaking = fieldsRemoved.length > 0 || fieldsRetyped.length > 0 || primaryKeyChanged;
  return {
    fromVersion: from.version,
    fieldsAdded,
    fieldsRemoved,
    fieldsRetyped,
    primaryKeyChanged,
    rowsAdded: rows?.added ?? null,
    rowsRemoved: rows?.removed ?? null,
    rowsChanged: rows?.changed ?? null,
    sampleKeys: rows?.sampleKeys ?? { added: [], removed: [], changed: [] },
    breaking,
    ...(breaking && breakingNote ? { breakingNote } : {}),
  };
}

/** Human sentence listing what makes a diff breaking (for the check report). */
export function describeBreaking(d: DiffSummary): string {
  const parts = [
    ...d.fieldsRemoved.map((f) => `field "${f}" removed`),
    ...d.fieldsRetyped.map((f) => `field "${f.name}" retyped ${f.from} → ${f.to}`),
    ...(d.primaryKeyChanged ? ['primary key changed'] : []),
  ];
  return parts.join('; ');
}

/** describeBreaking in Chinese: what makes the diff breaking. */
export function describeBreakingZh(d: DiffSummary): string {
  // A type in words with its manifest code (整数（integer）), the code alone when it is not one.
  const type = (t: string) => (t in FIELD_TYPE_LABELS ? `${zhType(t as FieldType)}（${t}）` : t);
  return [
    ...d.fieldsRemoved.map((f) => `${zhField(f)}已移除`),
    ...d.fieldsRetyped.map((f) => `${zhField(f.name)}的类型由${type(f.from)}改为${type(f.to)}`),
    ...(d.primaryKeyChanged ? ['主键已改变'] : []),
  ].join('；');
}
