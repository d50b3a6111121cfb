/** One webhook POST, to an address the caller has already vetted. */
export interface WebhookRequest {
  readonly url: string;
  /**
   * The IP address to connect to: one the host name resolved to and that passed the target rules.
   * The transport must not resolve the name again (a second answer could be a private address);
   * the name is still used for the Host header and TLS (SNI and certificate check).
   */
  readonly address: string;
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
}

/** One HTTP POST of a webhook delivery (a time limit; no redirects followed). */
export interface WebhookTransport {
  post(request: WebhookRequest): Promise<{ status: number } | { error: string }>;
}

/** Every address (IPv4 and IPv6) a host name resolves to, as the system resolver answers. */
export interface HostResolver {
  resolve(host: string): Promise<readonly string[]>;
}
