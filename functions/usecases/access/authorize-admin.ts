import { createHash, timingSafeEqual } from 'node:crypto';
import { forbidden, unauthorized } from '../../core/errors.ts';
import type { Deps } from '../deps.ts';

/** What the admin routes know about their caller. */
export interface AdminCaller {
  /** `Authorization: Bearer <token>` (local admin token). */
  readonly bearer?: string;
  /** The IAM principal API Gateway authenticated (SigV4), in AWS. */
  readonly iamPrincipal?: string;
}

/** Returns the actor name recorded on keys and in the audit trail, or throws 401/403. */
export function authorizeAdmin(deps: Deps, caller: AdminCaller): string {
  const admin = deps.access.admin;
  if (admin.kind === 'iam') {
    // API Gateway's IAM authorizer already verified the signature and the caller's permission.
    if (!caller.iamPrincipal) throw forbidden({ detail: 'key management needs an IAM-signed request' });
    return caller.iamPrincipal;
  }
  if (!caller.bearer) {
    throw unauthorized({
      detail: 'key management needs the admin token',
      hint: 'send Authorization: Bearer <token>; the local platform prints it at start and keeps it in <data-dir>/secrets/admin.token',
    });
  }
  const given = createHash('sha256').update(caller.bearer).digest();
  if (!timingSafeEqual(given, Buffer.from(admin.tokenSha256, 'hex'))) {
    // Invalid credentials are a 401, as for a bad API key or release token; 403 is for a valid caller
    // without the right.
    throw unauthorized({
      detail: 'the admin token is not valid',
      hint: 'use the token the local platform printed at its first start (<data-dir>/secrets/admin.token, or OPENDATA_ADMIN_TOKEN)',
    });
  }
  return 'local-admin';
}
