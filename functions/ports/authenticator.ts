import type { Principal } from '../core/release/principal.ts';

/** The parts of an API Gateway v2 event authentication looks at. */
export interface AuthRequest {
  readonly headers?: Readonly<Record<string, string | undefined>>;
  /** API Gateway's request context; the IAM authorizer puts the caller in `authorizer.iam.userArn`. */
  readonly requestContext?: unknown;
}

/**
 * Who is calling. Two adapters: bearer tokens checked against the local principals file, and the
 * IAM (SigV4) caller ARN API Gateway puts in `requestContext.authorizer.iam`. Both return the same
 * Principal, and authorization (core/release/transitions.ts) is one code path for both.
 * Throws AppError unauthorized (no or bad credentials) or forbidden (unknown identity).
 */
export interface Authenticator {
  authenticate(request: AuthRequest): Promise<Principal>;
}
