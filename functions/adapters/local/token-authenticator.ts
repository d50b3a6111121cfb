import { createHash, timingSafeEqual } from 'node:crypto';
import { forbidden, unauthorized } from '../../core/errors.ts';
import { type Principal, type PrincipalsFile, toPrincipal } from '../../core/release/principal.ts';
import type { AuthRequest, Authenticator } from '../../ports/authenticator.ts';

/**
 * Bearer tokens (local platform, CLI): `Authorization: Bearer <token>`; the sha256 of the token is
 * looked up in the principals file, which stores only hashes.
 */
export class TokenAuthenticator implements Authenticator {
  private readonly directory: PrincipalsFile;
  constructor(directory: PrincipalsFile) {
    this.directory = directory;
  }

  async authenticate(request: AuthRequest): Promise<Principal> {
    const h = request.headers ?? {};
    const value = h.authorization ?? Object.entries(h).find(([k]) => k.toLowerCase() === 'authorization')?.[1];
    const m = /^Bearer\s+(\S+)\s*$/i.exec(value ?? '');
    if (!m) {
      throw unauthorized({
        detail: 'this route needs a bearer token',
        hint: 'send Authorization: Bearer <token> (the CLI reads OPENDATA_TOKEN); demo tokens are in docs/releases.md',
      });
    }
    const digest = createHash('sha256').update(m[1] as string).digest();
    const entry = this.directory.principals.find(
      (p) => p.tokenSha256 !== undefined && timingSafeEqual(Buffer.from(p.tokenSha256, 'hex'), digest),
    );
    if (!entry) throw unauthorized({ detail: 'unknown or revoked token', hint: 'check OPENDATA_TOKEN' });
    return toPrincipal(entry);
  }
}

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
    const arn = request.requestContext?.authorizer?.iam?.userArn;
    if (!arn) {
      throw unauthorized({ detail: 'this route needs an IAM (SigV4) signed request', hint: 'sign the request with the department CI role' });
    }
    const roleArn = normalizeIamArn(arn);
    const entry = this.directory.principals.find((p) => p.iamArns.includes(roleArn) || p.iamArns.includes(arn));
    if (!entry) {
      throw forbidden({ detail: `${roleArn} is not a known principal`, hint: 'add the role ARN to the principals directory (PRINCIPALS_JSON)' });
    }
    return toPrincipal(entry);
  }
}

export function normalizeIamArn(arn: string): string {
  const m = /^arn:([^:]+):sts::(\d+):assumed-role\/([^/]+)\/.+$/.exec(arn);
  return m ? `arn:${m[1]}:iam::${m[2]}:role/${m[3]}` : arn;
}
