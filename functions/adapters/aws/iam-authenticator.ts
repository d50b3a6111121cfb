import { forbidden, unauthorized } from '../../core/errors.ts';
import { type Principal, type PrincipalsFile, toPrincipal } from '../../core/release/principal.ts';
import type { Authenticator, AuthRequest } from '../../ports/authenticator.ts';

/**
 * IAM (SigV4) callers: API Gateway's IAM authorizer has verified the signature and puts the caller
 * ARN in `requestContext.authorizer.iam.userArn`. An assumed-role session ARN
 * (arn:aws:sts::<acct>:assumed-role/<role>/<session>) is mapped to its role ARN before lookup.
 */
export class IamAuthenticator implements Authenticator {
  private readonly directory: PrincipalsFile;
  constructor(directory: PrincipalsFile) {
    this.directory = directory;
  }

  async authenticate(request: AuthRequest): Promise<Principal> {
    const ctx = request.requestContext as { authorizer?: { iam?: { userArn?: unknown } } } | undefined;
    const arn = typeof ctx?.authorizer?.iam?.userArn === 'string' ? ctx.authorizer.iam.userArn : undefined;
    if (!arn) {
      throw unauthorized({
        detail: 'this route needs an IAM (SigV4) signed request',
        hint: 'sign the request with the department CI role',
        zh: { detail: '这个接口需要 IAM（SigV4）签名的请求', hint: '请用部门 CI 的角色为请求签名' },
      });
    }
    const roleArn = normalizeIamArn(arn);
    const entry = this.directory.principals.find((p) =>
      p.iamArns.some((a) => a === arn || a === roleArn || withoutRolePath(a) === roleArn),
    );
    if (!entry) {
      throw forbidden({
        detail: `${roleArn} is not a known principal`,
        hint: 'add the role ARN to the principals directory (PRINCIPALS_JSON)',
        zh: { detail: `${roleArn} 不在人员目录中`, hint: '请把该角色的 ARN 加入人员目录（PRINCIPALS_JSON）' },
      });
    }
    return toPrincipal(entry);
  }
}

export function normalizeIamArn(arn: string): string {
  const m = /^arn:([^:]+):sts::(\d+):assumed-role\/([^/]+)\/.+$/.exec(arn);
  return m ? `arn:${m[1]}:iam::${m[2]}:role/${m[3]}` : arn;
}

/**
 * A role ARN without its path: an assumed-role session names the role only (`assumed-role/<name>/…`),
 * while the role's ARN may carry a path — IAM Identity Center roles are
 * `role/aws-reserved/sso.amazonaws.com/<region>/AWSReservedSSO_…` — so the directory may hold either.
 */
export function withoutRolePath(arn: string): string {
  const m = /^arn:([^:]+):iam::(\d+):role\/(?:.+\/)?([^/]+)$/.exec(arn);
  return m ? `arn:${m[1]}:iam::${m[2]}:role/${m[3]}` : arn;
}
