import { bankCardDetector } from './bank-card.ts';
import { type Detector, type DetectorMatch, findWith } from './detector.ts';
import { emailDetector } from './email.ts';
import { ipv4Detector } from './ipv4.ts';
import { ipv6Detector } from './ipv6.ts';
import { mobileCnDetector } from './mobile-cn.ts';
import { passportCnDetector } from './passport-cn.ts';
import { residentIdDetector } from './resident-id.ts';
import { usccDetector } from './uscc.ts';

export type { Detector, DetectorMatch } from './detector.ts';
export { maskExample } from './mask-example.ts';

/** Every detector, in reporting order (personal identifiers first, organisation codes last). */
export const DETECTORS: readonly Detector[] = [
  residentIdDetector,
  mobileCnDetector,
  emailDetector,
  bankCardDetector,
  passportCnDetector,
  ipv4Detector,
  ipv6Detector,
  usccDetector,
];

/** The detectors of personal data (blocking): organisation codes are not personal. */
export const PERSONAL_DETECTORS: readonly Detector[] = DETECTORS.filter((d) => d.blocking);

/**
 * Whether a hit of detector `id` refuses a release: a blocking detector's always, a reporting one's
 * (organisation codes) when the manifest names it in `blockingDetectors`.
 */
export function refusesRelease(id: string, blockingDetectors: readonly string[]): boolean {
  return detectorById(id)?.blocking === true || blockingDetectors.includes(id);
}

/** Looks a detector up by id (manifest `piiExceptions` name detectors by id). */
export function detectorById(id: string): Detector | undefined {
  return DETECTORS.find((d) => d.id === id);
}

/** Every confirmed hit of the given detectors in `text`, ordered by position. */
export function scanText(text: string, detectors: readonly Detector[] = DETECTORS): DetectorMatch[] {
  return detectors.flatMap((d) => findWith(d, text)).sort((a, b) => a.start - b.start || a.end - b.end);
}
