import { z } from 'zod';

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
  }),
  z.strictObject({
    /** Put numbers into fixed-width buckets, published as "lo-hi" labels. */
    kind: z.literal('generalize-number'),
    /** Bucket width (e.g. 10 for ages in decades). */
    width: z.number().positive(),
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
