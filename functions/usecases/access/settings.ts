/** Access-tier settings, parsed from the environment in wiring/config.ts. */
export interface AccessSettings {
  /**
   * Requests per minute of an anonymous client (one client = one hashed source address) on every
   * limited route but the catalogue reads below: data (query, SQL, downloads), feedback, requests, ….
   */
  readonly anonymousPerMinute: number;
  /**
   * Requests per minute of an anonymous client on the catalogue's metadata reads (`GET /v1/datasets`,
   * `GET /v1/datasets/{id}`: route-scope.ts), a budget of their own: the site's search box asks the
   * API as the visitor types, and everyone behind one address (an office, a carrier NAT) shares it; it
   * must not use up the budget their downloads and queries draw on.
   */
  readonly anonymousCatalogPerMinute: number;
  /** How long a container trusts a looked-up API key record (revocation reaches other containers after this). */
  readonly keyCacheMs: number;
  /** Usage counts are buffered in memory and written at most this often (0 = after every request). */
  readonly usageFlushMs: number;
  /** Header that carries the client address behind a proxy (AWS: `x-opendata-viewer`, set by CloudFront); else the source IP. */
  readonly clientIpHeader?: string;
  /**
   * When set, the address header is trusted only on requests whose `x-opendata-edge` header equals
   * it (CloudFront adds it as an origin header; direct callers of the API endpoint do not know it).
   */
  readonly edgeToken?: string;
  /** Who may manage keys: holders of a bearer token (local), or IAM principals (AWS: API Gateway checks SigV4). */
  readonly admin: { readonly kind: 'token'; readonly tokenSha256: string } | { readonly kind: 'iam' };
}

/** The catalogue budget when none is configured: 300 a minute, or the general limit when that is larger. */
export function defaultAnonymousCatalogPerMinute(anonymousPerMinute: number): number {
  return Math.max(300, anonymousPerMinute);
}

export const DEFAULT_ACCESS_SETTINGS = {
  anonymousPerMinute: 60,
  anonymousCatalogPerMinute: 300,
  keyCacheMs: 5_000,
  usageFlushMs: 1_000,
} as const;
