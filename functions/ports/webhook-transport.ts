/** One HTTP POST of a webhook delivery (fetch with a time limit; no redirects followed). */
export interface WebhookTransport {
  post(
    url: string,
    body: string,
    headers: Readonly<Record<string, string>>,
    timeoutMs: number,
  ): Promise<{ status: number } | { error: string }>;
}
