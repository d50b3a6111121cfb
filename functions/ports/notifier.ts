/**
 * Urgent alerts to people (a privacy concern reported on a dataset). AWS: an SNS topic the
 * department and the admins subscribe to; locally: an outbox file (JSON lines) and the log.
 */
export interface Alert {
  /** `privacy-concern`, … */
  readonly kind: string;
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
