/**
 * Alerts and notices to people: urgent alerts (a privacy concern reported on a dataset) and release
 * notices to the department (a release awaits approval, failed its checks, was not published). AWS: an
 * SNS topic the department and the admins subscribe to (filtering on `department`, `kind`, `urgency`);
 * locally: an outbox file (JSON lines), urgent ones also in the log.
 */
export interface Alert {
  /** `privacy-concern`, `release-awaiting-approval`, `release-checks-failed`, `release-publication-failed`. */
  readonly kind: string;
  /** `urgent` needs someone now (privacy); `notice` is workflow news. */
  readonly urgency: 'urgent' | 'notice';
  /** Department to alert (admins are always alerted). */
  readonly department: string;
  readonly datasetId: string;
  readonly subject: string;
  /** Plain text; never contains the reporter's identity (none is stored). */
  readonly message: string;
  /** Link to the item in the moderation API. */
  readonly link: string;
  readonly at: string;
}

export interface Notifier {
  /** Sends at once; throws when the alert could not be handed over (callers surface that). */
  alert(alert: Alert): Promise<void>;
}
