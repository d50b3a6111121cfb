import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { forbidden, unauthorized } from '../core/errors.ts';
import { hasRole, type Principal, ROLES } from '../core/release/principal.ts';
import type { Authenticator } from '../ports/authenticator.ts';
import type { Deps } from '../usecases/deps.ts';
import { verifiedKeyOf } from './access-control.ts';
import { header } from './response.ts';

/**
 * The ONE place the community features (feedback moderation, replies, data-request status, metrics,
 * webhooks) decide who the caller is. People (department members, admins) are principals from the
 * release lifecycle's Authenticator (bearer tokens locally, IAM in AWS); enterprises are API keys.
 */

/** Who may act for a department: any role there, or an admin. */
export type Caller =
  | { readonly kind: 'principal'; readonly principal: Principal }
  | { readonly kind: 'key'; readonly keyId: string }
  | { readonly kind: 'anonymous' };

function authenticatorOf(deps: Deps): Authenticator {
  const a = deps.authenticator;
  if (!a) {
    throw unauthorized({
      detail: 'this platform has no authenticator configured',
      hint: 'configure principals (datasets/principals.yaml locally, PRINCIPALS_JSON in AWS)',
      zh: {
        detail: '这个平台没有配置身份验证',
        hint: '请配置人员目录（本地是 datasets/principals.yaml，AWS 中是 PRINCIPALS_JSON）',
      },
    });
  }
  return a;
}

/** Identifies the caller without requiring anyone (public routes that show more to some callers). */
export async function callerOf(deps: Deps, event: APIGatewayProxyEventV2): Promise<Caller> {
  const keyId = verifiedKeyOf(event);
  if (keyId) return { kind: 'key', keyId };
  // A bearer token (local) or an IAM-signed request (AWS: API Gateway puts the caller in the authorizer).
  const iam = (event.requestContext as { authorizer?: { iam?: unknown } } | undefined)?.authorizer?.iam;
  if (header(event, 'authorization') || iam) {
    return { kind: 'principal', principal: await authenticatorOf(deps).authenticate(event) };
  }
  return { kind: 'anonymous' };
}

/** A person (principal) is required. */
export async function requirePrincipal(deps: Deps, event: APIGatewayProxyEventV2): Promise<Principal> {
  const c = await callerOf(deps, event);
  if (c.kind === 'principal') return c.principal;
  throw unauthorized({
    detail: 'this route needs a department member or an admin',
    hint: 'send Authorization: Bearer <token> of a principal (API keys do not moderate)',
    zh: {
      detail: '这个接口需要部门成员或管理员',
      hint: '请发送人员目录中某人的 Authorization: Bearer <token>（API 密钥不能用于管理）',
    },
  });
}

export const isDepartmentMember = (p: Principal, department: string): boolean =>
  ROLES.some((r) => hasRole(p, r, department));

/**
 * `requireRole(p, 'department', d)`: a member of department d (publisher or approver) or an admin;
 * `requireRole(p, 'admin')`: an admin.
 */
export function requireRole(p: Principal, role: 'department' | 'admin', department?: string): void {
  if (p.admin) return;
  if (role === 'department' && department && isDepartmentMember(p, department)) return;
  const admin = role === 'admin';
  throw forbidden({
    detail: admin
      ? `${p.id} is not an admin`
      : `${p.id} is neither a member of department "${department ?? '?'}" nor an admin`,
    hint: admin ? 'ask a platform admin' : 'ask a publisher or approver of that department, or an admin',
    zh: {
      detail: admin ? `${p.id} 不是管理员` : `${p.id} 既不是部门“${department ?? '?'}”的成员，也不是管理员`,
      hint: admin ? '请找平台管理员' : '请找该部门的发布者或审批人，或者管理员',
    },
  });
}

/** The party a principal acts for on an item of `department`: that department, or `platform` (an admin). */
export const actingDepartment = (p: Principal, department: string): string =>
  isDepartmentMember(p, department) ? department : 'platform';

/**
 * An API key holder (enterprise). Public routes: the access middleware treats any bearer there as an
 * API key, so people (admins) use the `/v1/admin/...` twins of these routes (IAM-authenticated in AWS).
 * The key is the one the access middleware (access-control.ts, first on every apiHandler route) parsed
 * and verified for this request: an invalid key never gets here, and it is not looked up again.
 */
export function requireApiKey(event: APIGatewayProxyEventV2): { kind: 'key'; keyId: string } {
  const keyId = verifiedKeyOf(event);
  if (keyId) return { kind: 'key', keyId };
  throw unauthorized({
    detail: 'this route needs an API key',
    hint: 'send X-API-Key: odk_… (admins: use the /v1/admin/… route with a bearer token)',
    zh: {
      detail: '这个接口需要 API 密钥',
      hint: '请发送 X-API-Key: odk_…（管理员请带令牌使用对应的 /v1/admin/… 接口）',
    },
  });
}

/** An admin principal (on `iam` routes). */
export async function requireAdmin(deps: Deps, event: APIGatewayProxyEventV2): Promise<Principal> {
  const p = await requirePrincipal(deps, event);
  requireRole(p, 'admin');
  return p;
}
