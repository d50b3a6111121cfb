import { z } from 'zod';

/**
 * Who may do what in the release lifecycle. Roles are granted per department; `admin` is a platform
 * role (withdrawals, rejections, audit) that deliberately does NOT allow releasing or approving: the
 * four-eyes rule must not have a bypass.
 */
export const ROLES = ['publisher', 'approver'] as const;
export type Role = (typeof ROLES)[number];

export const RoleGrant = z.strictObject({
  /** `publisher` creates and submits releases; `approver` approves or rejects them and withdraws versions. */
  role: z.enum(ROLES),
  /** Department id, as in datasets/publishers.yaml. */
  department: z.string().min(1),
});
export type RoleGrant = z.output<typeof RoleGrant>;

/** An authenticated caller: the same shape whether it came from a bearer token or an IAM (SigV4) ARN. */
export interface Principal {
  readonly id: string;
  readonly name?: string;
  readonly admin: boolean;
  readonly grants: readonly RoleGrant[];
  /** The platform itself (records check results, marks releases published). */
  readonly system?: boolean;
}

export const SYSTEM_PRINCIPAL: Principal = { id: 'system:pipeline', admin: false, grants: [], system: true };

export const hasRole = (p: Principal, role: Role, department: string): boolean =>
  p.grants.some((g) => g.role === role && g.department === department);

/** One entry of the principal directory (datasets/principals.yaml locally, PRINCIPALS_JSON in AWS). */
export const PrincipalEntry = z.strictObject({
  /** Stable id recorded in releases and the audit ledger, e.g. `alice`. */
  id: z.string().regex(/^[a-z0-9][a-z0-9._@-]{0,127}$/, 'use lower-case letters, digits, . _ @ -'),
  /** Display name. */
  name: z.string().optional(),
  /** sha256 (hex) of the bearer token: the token itself is never stored. */
  tokenSha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/, 'the sha256 of the token, 64 lower-case hex digits')
    .optional(),
  /** IAM role or user ARNs (SigV4 callers) that act as this principal. */
  iamArns: z.array(z.string().startsWith('arn:')).default([]),
  admin: z.boolean().default(false),
  roles: z.array(RoleGrant).default([]),
});
export type PrincipalEntry = z.output<typeof PrincipalEntry>;

export const PrincipalsFile = z.strictObject({ principals: z.array(PrincipalEntry) }).superRefine((f, ctx) => {
  const seen = new Set<string>();
  f.principals.forEach((p, i) => {
    if (seen.has(p.id))
      ctx.addIssue({ code: 'custom', path: ['principals', i, 'id'], message: `duplicate id "${p.id}"` });
    seen.add(p.id);
  });
});
export type PrincipalsFile = z.output<typeof PrincipalsFile>;

export const toPrincipal = (e: PrincipalEntry): Principal => ({
  id: e.id,
  ...(e.name ? { name: e.name } : {}),
  admin: e.admin,
  grants: e.roles,
});
