import { z } from 'zod';

/** What a key may do. Catalogue reads need no scope; every valid key may read the catalogue. */
export const SCOPES = ['query', 'download', 'sql'] as const;
export const Scope = z.enum(SCOPES);
export type Scope = z.output<typeof Scope>;

/** The bounds of a key's name and limits, shared by the schemas and the messages that name them. */
export const KEY_LIMITS = {
  nameLength: 200,
  ratePerMinute: 1_000_000_000,
  dailyQuota: 1_000_000_000_000,
  expiresInDays: 3660,
} as const;

/** Prefix of every API key: recognisable in logs and by secret scanners. */
export const KEY_PREFIX = 'odk_';
const KEY_PATTERN = /^odk_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

/**
 * A stored API key. The key itself is shown once at issuance and never stored: only its sha256.
 * The id (also inside the key) finds the record; the hash proves possession.
 */
export const ApiKeyRecord = z.strictObject({
  /** 12 lower-case letters/digits; part of the key, safe to show and log. */
  id: z.string().regex(/^[a-z0-9]{12}$/),
  /** Who the key is for (an organisation or a person's role), shown in listings. */
  name: z.string().min(1).max(KEY_LIMITS.nameLength),
  /** sha256 (hex) of the full key. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  scopes: z.array(Scope).min(1),
  /** Requests per minute (fixed one-minute windows). */
  ratePerMinute: z.number().int().min(1).max(KEY_LIMITS.ratePerMinute),
  /** Requests per UTC day. */
  dailyQuota: z.number().int().min(1).max(KEY_LIMITS.dailyQuota),
  createdAt: z.iso.datetime(),
  /** Who issued it (admin token holder locally, the IAM principal in AWS). */
  createdBy: z.string().min(1),
  expiresAt: z.iso.datetime(),
  revokedAt: z.iso.datetime().optional(),
  revokedBy: z.string().optional(),
});
export type ApiKeyRecord = z.output<typeof ApiKeyRecord>;

/** What an admin asks for when issuing a key (API body and CLI flags). */
export const IssueKeyRequest = z.strictObject({
  name: z.string().trim().min(1).max(KEY_LIMITS.nameLength),
  scopes: z.array(Scope).min(1).default(['query', 'download']),
  ratePerMinute: z.number().int().min(1).max(KEY_LIMITS.ratePerMinute).default(600),
  dailyQuota: z.number().int().min(1).max(KEY_LIMITS.dailyQuota).default(100_000),
  /** Absolute expiry, or `expiresInDays` from now (default 365). */
  expiresAt: z.iso.datetime().optional(),
  expiresInDays: z.number().int().min(1).max(KEY_LIMITS.expiresInDays).optional(),
});
export type IssueKeyRequest = z.input<typeof IssueKeyRequest>;

/** The key without its hash: what listings and the issuance answer show. */
export type ApiKeyView = Omit<ApiKeyRecord, 'sha256'> & { status: KeyStatus };

export type KeyStatus = 'active' | 'revoked' | 'expired';

export function keyStatus(record: ApiKeyRecord, now: Date): KeyStatus {
  if (record.revokedAt) return 'revoked';
  if (Date.parse(record.expiresAt) <= now.getTime()) return 'expired';
  return 'active';
}

export function viewOf(record: ApiKeyRecord, now: Date): ApiKeyView {
  const { sha256: _hidden, ...rest } = record;
  return { ...rest, status: keyStatus(record, now) };
}

export function formatApiKey(id: string, secret: string): string {
  return `${KEY_PREFIX}${id}_${secret}`;
}

/** The id inside a well-formed key, or undefined. */
export function parseApiKey(token: string): { id: string } | undefined {
  const m = KEY_PATTERN.exec(token);
  return m ? { id: m[1] as string } : undefined;
}
