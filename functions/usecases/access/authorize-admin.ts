import { createHash, timingSafeEqual } from 'node:crypto';
import { forbidden, unauthorized } from '../../core/errors.ts';
import type { Deps } from '../deps.ts';

/** What the local admin routes know about their caller. */
export interface AdminCaller {
  /** `Authorization: Bearer <token>` (local admin token). */
  readonly bearer?: string;
}

/**
 * The local admin token: returns the actor name recorded on keys and in the audit trail, or throws
 * 401/403. In AWS (`admin.kind === 'iam'`) admins are principals of the directory marked `admin`
 * (http/auth-guard.ts requireAdmin): an IAM identity that may call the route is not thereby an admin.
 */
export function authorizeAdmin(deps: Deps, caller: AdminCaller): string {
  const admin = deps.access.admin;
  if (admin.kind === 'iam') {
    throw forbidden({
      detail: 'in AWS, admins are principals of the directory: use requireAdmin',
      zh: { detail: '在 AWS 中，管理员是人员目录里的主体：请使用 requireAdmin' },
    });
  }
  if (!caller.bearer) {
    throw unauthorized({
      detail: 'key management needs the admin token',
      hint: 'send Authorization: Bearer <token>; the local platform prints it at start and keeps it in <data-dir>/secrets/admin.token',
      zh: {
        detail: '管理密钥需要管理员令牌',
        hint: '请发送 Authorization: Bearer <token>；本地平台启动时会打印它，并保存在 <data-dir>/secrets/admin.token',
      },
    });
  }
  const given = createHash('sha256').update(caller.bearer).digest();
  if (!timingSafeEqual(given, Buffer.from(admin.tokenSha256, 'hex'))) {
    // Invalid credentials are a 401, as for a bad API key or release token; 403 is for a valid caller
    // without the right.
    throw unauthorized({
      detail: 'the admin token is not valid',
      hint: 'use the token the local platform printed at its first start (<data-dir>/secrets/admin.token, or OPENDATA_ADMIN_TOKEN)',
      zh: {
        detail: '管理员令牌无效',
        hint: '请使用本地平台首次启动时打印的令牌（<data-dir>/secrets/admin.token，或 OPENDATA_ADMIN_TOKEN）',
      },
    });
  }
  return 'local-admin';
}
