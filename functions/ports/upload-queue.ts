/**
 * The raw-upload queue as the ingest function acts on its messages beyond "done" and "failed" (AWS: SQS).
 * The local platform has none: its in-process queue retries a failed message at once.
 */
export interface UploadQueue {
  /**
   * Sends a message's body again as a new message: it is received afresh, with its receive count back at
   * one. For messages an invocation leaves to another one (deferred, not failed), which must neither wait
   * for the visibility timeout nor count towards the dead-letter queue.
   */
  resend(body: string): Promise<void>;
  /** Makes a received message visible again after `seconds` (the back-off before a failed message's retry). */
  retryAfter(receiptHandle: string, seconds: number): Promise<void>;
}
