/**
 * The edge's list of versions whose files may be served (AWS: a CloudFront KeyValueStore read by the
 * `/files/*` viewer-request function, infra/constructs/files-gate-function.ts). One entry per version
 * the catalogue has committed: `published`, or withdrawn with its reason. A version without an entry
 * (a publication in progress, or one that failed) is not served at all: the gate fails closed.
 *
 * Shared by the functions that write the entries and the code CloudFront runs, so the two agree on
 * the key and value formats.
 */

/** Entry key of a version: `<dataset id>/v<000000>`, the version's folder under `/files/`. */
export const filesGateKey = (datasetId: string, version: number): string =>
  `${datasetId}/v${String(version).padStart(6, '0')}`;

/** Value of a version whose files are served. */
export const GATE_PUBLISHED = 'published';

/** CloudFront KeyValueStore limit on one value (bytes); keys are far below theirs (512). */
export const GATE_VALUE_MAX_BYTES = 1024;

const utf8Length = (s: string) => new TextEncoder().encode(s).length;

/**
 * Value of a withdrawn version: `{"state":"withdrawn","reason":…}`, what the edge's 410 says. A reason
 * too long for one value is cut (at a character, marked with …); the API's 410 keeps the whole reason.
 */
export function gateWithdrawnValue(reason: string): string {
  const value = (r: string) => JSON.stringify({ state: 'withdrawn', reason: r });
  if (utf8Length(value(reason)) <= GATE_VALUE_MAX_BYTES) return value(reason);
  const chars = [...reason];
  let n = chars.length;
  while (n > 0 && utf8Length(value(`${chars.slice(0, n).join('')}…`)) > GATE_VALUE_MAX_BYTES) n--;
  return value(`${chars.slice(0, n).join('')}…`);
}

/** What an entry's value says, as the edge reads it. */
export type GateState = { readonly state: 'published' } | { readonly state: 'withdrawn'; readonly reason: string };

export function parseGateValue(value: string): GateState {
  if (value === GATE_PUBLISHED) return { state: 'published' };
  try {
    const v = JSON.parse(value) as { reason?: unknown };
    return { state: 'withdrawn', reason: typeof v.reason === 'string' ? v.reason : 'withdrawn' };
  } catch {
    // Anything that is not exactly `published` keeps the files closed.
    return { state: 'withdrawn', reason: 'withdrawn' };
  }
}
