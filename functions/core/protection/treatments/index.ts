export { applyTreatment } from './apply-treatment.ts';
export { treatmentProblems } from './check-fit.ts';
export type { CellValue, TreatmentContext } from './context.ts';
export { shiftDays } from './date-shift.ts';
export {
  deidentificationEntry,
  describeEntry,
  describeTreatment,
  describeUndeclared,
  suppressionEntry,
  treatmentWords,
} from './describe-treatment.ts';
export { hmacSha256Hex, MIN_KEY_BYTES } from './hmac.ts';
export { pseudonymInput } from './pseudonymize.ts';
export { treatedType } from './treated-type.ts';
