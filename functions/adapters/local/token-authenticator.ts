import { createHash, timingSafeEqual } from 'node:crypto';
import { unauthorized } from '../../core/errors.ts';
import { type Principal, type PrincipalsFile, toPrincipal } from '../../core/release/principal.ts';
import type { Authenticator, AuthRequest } from '../../ports/authenticator.ts';

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
        zh: {
          detail: '这个接口需要 bearer 令牌',
          hint: '请发送 Authorization: Bearer <token>（命令行读取 OPENDATA_TOKEN）；演示用的令牌见 docs/releases.md',
        },
      });
    }
    const digest = createHash('sha256')
      .update(m[1] as string)
      .digest();
    const entry = this.directory.principals.find(
      (p) => p.tokenSha256 !== undefined && timingSafeEqual(Buffer.from(p.tokenSha256, 'hex'), digest),
    );
    if (!entry) {
      throw unauthorized({
        detail: 'unknown or revoked token',
        hint: 'check OPENDATA_TOKEN',
        zh: { detail: '令牌未知或已被吊销', hint: '请检查 OPENDATA_TOKEN' },
      });
    }
    return toPrincipal(entry);
  }
}
