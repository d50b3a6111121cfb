import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { IamAuthenticator } from '../../functions/adapters/aws/iam-authenticator.ts';
import { TokenAuthenticator } from '../../functions/adapters/local/token-authenticator.ts';
import { isAppError } from '../../functions/core/errors.ts';
import { PrincipalsFile } from '../../functions/core/release/principal.ts';
import type { Authenticator, AuthRequest } from '../../functions/ports/authenticator.ts';

/**
 * One contract, both Authenticator adapters: the same directory gives the same Principal whether the
 * caller proves itself with a bearer token (local) or an IAM signature verified by API Gateway (AWS).
 */
const directory = PrincipalsFile.parse({
  principals: [
    {
      id: 'alice',
      tokenSha256: createHash('sha256').update('token-alice').digest('hex'),
      iamArns: ['arn:aws:iam::123456789012:role/stats-ci'],
      roles: [{ role: 'publisher', department: 'demo-stats' }],
    },
    { id: 'root-admin', admin: true, tokenSha256: createHash('sha256').update('token-admin').digest('hex') },
  ],
});

const adapters: Array<{
  name: string;
  make: () => Authenticator;
  as: (who: 'alice' | 'stranger') => AuthRequest;
  anonymous: AuthRequest;
}> = [
  {
    name: 'TokenAuthenticator',
    make: () => new TokenAuthenticator(directory),
    as: (who) => ({ headers: { authorization: `Bearer ${who === 'alice' ? 'token-alice' : 'token-nobody'}` } }),
    anonymous: { headers: {} },
  },
  {
    name: 'IamAuthenticator',
    make: () => new IamAuthenticator(directory),
    as: (who) => ({
      headers: {},
      requestContext: {
        authorizer: {
          iam: {
            userArn:
              who === 'alice'
                ? 'arn:aws:sts::123456789012:assumed-role/stats-ci/github-run-42'
                : 'arn:aws:sts::123456789012:assumed-role/someone-else/x',
          },
        },
      },
    }),
    anonymous: { headers: {}, requestContext: {} },
  },
];

const statusOf = async (p: Promise<unknown>) => {
  try {
    await p;
    return 200;
  } catch (e) {
    if (!isAppError(e)) throw e;
    return e.status;
  }
};

for (const a of adapters) {
  describe(`Authenticator contract: ${a.name}`, () => {
    it('maps a known caller to the same principal with its roles', async () => {
      const p = await a.make().authenticate(a.as('alice'));
      expect(p).toMatchObject({ id: 'alice', admin: false, grants: [{ role: 'publisher', department: 'demo-stats' }] });
    });

    it('refuses a caller without credentials with 401', async () => {
      expect(await statusOf(a.make().authenticate(a.anonymous))).toBe(401);
    });

    it('refuses an unknown caller (401 or 403), never as someone else', async () => {
      expect([401, 403]).toContain(await statusOf(a.make().authenticate(a.as('stranger'))));
    });
  });
}

describe('IamAuthenticator: roles with a path (IAM Identity Center)', () => {
  const sso = 'AWSReservedSSO_DataApprover_0123456789abcdef';
  const withPath = PrincipalsFile.parse({
    principals: [
      {
        id: 'dave',
        iamArns: [`arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/cn-north-1/${sso}`],
        roles: [{ role: 'approver', department: 'demo-ecology-environment' }],
      },
    ],
  });
  const caller = (userArn: string): AuthRequest => ({
    headers: {},
    requestContext: { authorizer: { iam: { userArn } } },
  });

  it('maps the session of a role whose ARN in the directory carries a path (the session names the role only)', async () => {
    const p = await new IamAuthenticator(withPath).authenticate(
      caller(`arn:aws:sts::123456789012:assumed-role/${sso}/dave@example.gov`),
    );
    expect(p.id).toBe('dave');
  });

  it('does not match the same role name in another account', async () => {
    expect(
      await statusOf(
        new IamAuthenticator(withPath).authenticate(caller(`arn:aws:sts::999999999999:assumed-role/${sso}/x`)),
      ),
    ).toBe(403);
  });
});
