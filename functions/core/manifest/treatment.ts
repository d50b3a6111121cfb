import { z } from 'zod';
import { widthScale } from '../protection/treatments/generalize-number.ts';
import { bilingual } from './schema-zh.ts';
import { FIELD_TYPES, type FieldType } from './vocabulary.ts';

/**
 * What is done to a field before publication (de-identification, GB/T 37964). One schema per kind;
 * the manifest names the kind and its parameters, e.g. `{ kind: mask, keepFirst: 3, keepLast: 4 }`.
 */
export const Treatment = z.discriminatedUnion('kind', [
  z.strictObject({
    /** Remove the column from every artifact. */
    kind: z.literal('drop'),
  }),
  z.strictObject({
    /** Keep the column but publish every value as null. */
    kind: z.literal('redact'),
  }),
  z.strictObject({
    /** Replace all but the first/last characters with a mask character. */
    kind: z.literal('mask'),
    /** Characters kept at the start. */
    keepFirst: z.number().int().min(0).max(32).default(0),
    /** Characters kept at the end. */
    keepLast: z.number().int().min(0).max(32).default(0),
    /** The mask character. */
    char: z.string().length(1).default('*'),
  }),
  z.strictObject({
    /**
     * Replace the value with a keyed HMAC-SHA256 pseudonym (platform secret), stable across versions
     * so joins keep working. Never a plain hash: a plain hash of a phone number is reversed in seconds.
     */
    kind: z.literal('pseudonymize'),
    /** Hex characters of the HMAC kept (16 = 64 bits). */
    length: z.number().int().min(8).max(64).default(16),
    /**
     * Upper-case the ASCII letters a-z before hashing, so one identifier written in either case (a
     * resident ID's check character `x` or `X`) gets one pseudonym. Opt-in, and without a default so
     * an existing manifest parses exactly as before: turning it on changes the pseudonym of every
     * value holding a lower-case ASCII letter, which breaks joins with the versions already published.
     */
    caseInsensitive: z.boolean().optional(),
  }),
  z.strictObject({
    /** Put numbers into fixed-width buckets, published as "lo-hi" labels. */
    kind: z.literal('generalize-number'),
    /** Bucket width (e.g. 10 for ages in decades); at most 9 decimals, so labels print exactly. */
    width: z
      .number()
      .positive()
      .refine(
        printableWidth,
        bilingual(
          'the bucket width has more than 9 decimals; use a rounder width',
          '区间宽度的小数超过 9 位；请改用更整的宽度',
        ),
      ),
  }),
  z.strictObject({
    /** Truncate dates or datetimes to month or year. */
    kind: z.literal('generalize-date'),
    /** Granularity kept. */
    to: z.enum(['month', 'year']),
  }),
  z.strictObject({
    /** Round coordinates (a geopoint "lat,lon" or a number column) to N decimals. */
    kind: z.literal('round-coordinates'),
    /** Decimals kept (2 ≈ 1 km). */
    decimals: z.number().int().min(0).max(6),
  }),
  z.strictObject({
    /** Keep the first N characters of a region code (GB/T 2260: 2 = province, 4 = city, 6 = county). */
    kind: z.literal('truncate-code'),
    /** Characters kept; the rest become zeros when `pad` is true. */
    keep: z.number().int().min(1).max(32),
    /** Pad back to the original length with zeros. */
    pad: z.boolean().default(true),
  }),
  z.strictObject({
    /** Shift dates by a per-record offset derived from a key field (consistent within a record). */
    kind: z.literal('date-shift'),
    /** Maximum shift in days, either way. */
    maxDays: z.number().int().min(1).max(3650),
    /** The field whose value keys the shift (e.g. a pseudonymized person id). */
    keyField: z.string().min(1),
  }),
]);
export type Treatment = z.output<typeof Treatment>;
export type TreatmentKind = Treatment['kind'];

/**
 * The field types each treatment applies to, checked by the manifest schema so a misfit is a manifest
 * error and not a crash or a column of nulls halfway through a release. Text treatments work on the
 * source text of any type; the others read a number, a date or a coordinate out of the value.
 */
export const TREATMENT_FIELD_TYPES = {
  drop: FIELD_TYPES,
  redact: FIELD_TYPES,
  mask: FIELD_TYPES,
  pseudonymize: FIELD_TYPES,
  'truncate-code': FIELD_TYPES,
  'generalize-number': ['integer', 'number', 'year'],
  /** `to: month` needs a month: not `year`. */
  'generalize-date': ['date', 'datetime', 'yearmonth', 'year'],
  'round-coordinates': ['number', 'integer', 'geopoint'],
  'date-shift': ['date', 'datetime'],
} as const satisfies Record<TreatmentKind, readonly FieldType[]>;

/** The field types `t` applies to (TREATMENT_FIELD_TYPES, with its parameters taken into account). */
export function treatmentFieldTypes(t: Treatment): readonly FieldType[] {
  const types: readonly FieldType[] = TREATMENT_FIELD_TYPES[t.kind];
  return t.kind === 'generalize-date' && t.to === 'month' ? types.filter((x) => x !== 'year') : types;
}

/** Shortest pseudonym (hex characters) allowed on a primary-key field. */
export const PRIMARY_KEY_PSEUDONYM_LENGTH = 16;

/**
 * Treatments that keep distinct values distinct, so a primary-key field may carry them: a keyed
 * HMAC of 16 hex characters (64 bits) or more has a negligible chance of two ids colliding (shorter
 * pseudonyms, 32 bits at 8, collide within tens of thousands of rows). Every other treatment can
 * merge values (buckets, masks, prefixes, per-record shifts) or removes them, and so does a
 * case-insensitive pseudonym: the key's uniqueness is checked on the source text, where `x1` and
 * `X1` differ, yet both would publish one pseudonym.
 */
export function keepsValuesDistinct(t: Treatment): boolean {
  return t.kind === 'pseudonymize' && t.length >= PRIMARY_KEY_PSEUDONYM_LENGTH && t.caseInsensitive !== true;
}

function printableWidth(width: number): boolean {
  try {
    widthScale(width);
    return true;
  } catch {
    return false;
  }
}
