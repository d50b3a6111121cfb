import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { SignatureV4 } from '@smithy/signature-v4';
import type { Bilingual } from '../core/manifest/localized.ts';
import { LocalizedError } from './localized-error.ts';

/**
 * AWS authentication of the CLI: in AWS the release, approval and admin routes sit behind the API
 * Gateway IAM authorizer, so requests are signed with SigV4 (service `execute-api`) using the default
 * AWS credential chain (env vars, AWS_PROFILE / ~/.aws, SSO, web identity, container/instance role).
 * The local platform keeps using bearer tokens (OPENDATA_TOKEN / the admin token).
 */

export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/**
 * Something went wrong before a request could be signed (no credentials, no region); exit 1. Said in
 * the CLI's language (`zh`: the Chinese).
 */
export class IamAuthError extends LocalizedError {
  constructor(message: string, zh: string) {
    super(message, zh);
    this.name = 'IamAuthError';
  }
}

const EXECUTE_API_HOST = /^[a-z0-9]+\.execute-api\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?$/i;

/** The region of an `<api-id>.execute-api.<region>.amazonaws.com` URL, or undefined. */
export function executeApiRegion(url: string): string | undefined {
  try {
    return EXECUTE_API_HOST.exec(new URL(url).hostname)?.[1]?.toLowerCase();
  } catch {
    return undefined;
  }
}

/**
 * Whether to sign with SigV4: OPENDATA_AUTH=iam (or the global `--iam` flag, which sets it) says yes,
 * OPENDATA_AUTH=bearer says no; otherwise yes only when the URL is an execute-api URL and no bearer
 * token is given.
 */
export function useIamAuth(env: NodeJS.ProcessEnv, url: string, bearerToken: string | undefined): boolean {
  const mode = env.OPENDATA_AUTH?.trim().toLowerCase();
  if (mode === 'iam') return true;
  if (mode === 'bearer' || mode === 'token') return false;
  if (mode)
    throw new IamAuthError(
      `OPENDATA_AUTH must be "iam" or "bearer", not "${env.OPENDATA_AUTH}"`,
      `OPENDATA_AUTH 只能是“iam”或“bearer”，不能是“${env.OPENDATA_AUTH}”`,
    );
  return !bearerToken && executeApiRegion(url) !== undefined;
}

/** The signing region: AWS_REGION, AWS_DEFAULT_REGION, or the region of an execute-api host. */
export function signingRegion(env: NodeJS.ProcessEnv, url: string): string {
  const region = env.AWS_REGION || env.AWS_DEFAULT_REGION || executeApiRegion(url);
  if (!region) {
    throw new IamAuthError(
      `cannot tell the AWS region for SigV4 (${url} is not an execute-api URL): set AWS_REGION (e.g. AWS_REGION=eu-west-1)`,
      `无法确定 SigV4 签名所用的 AWS 区域（${url} 不是 execute-api 地址）：请设置 AWS_REGION（例如 AWS_REGION=eu-west-1）`,
    );
  }
  return region;
}

/** SHA-256 (or HMAC-SHA-256 with a secret) over node:crypto, in the shape @smithy/signature-v4 wants. */
class NodeSha256 {
  readonly #h: Hash | Hmac;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.#h = secret === undefined ? createHash('sha256') : createHmac('sha256', toBytes(secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.#h.update(toBytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.#h.digest());
  }
  reset(): void {
    throw new Error('NodeSha256.reset is not supported');
  }
}

function toBytes(d: string | ArrayBuffer | ArrayBufferView): Buffer {
  if (typeof d === 'string') return Buffer.from(d, 'utf8');
  if (ArrayBuffer.isView(d)) return Buffer.from(d.buffer, d.byteOffset, d.byteLength);
  return Buffer.from(d);
}

export interface RequestToSign {
  readonly method: string;
  readonly url: string;
  /** Headers to send besides the signing ones (names are lower-cased). */
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

export interface SigningContext {
  readonly credentials: AwsCredentials;
  readonly region: string;
  /** Signing service name; `execute-api` for API Gateway. */
  readonly service?: string;
  /** Signing time (tests pin it); now by default. */
  readonly date?: Date;
}

/**
 * Signs a request with SigV4 and returns the headers to send: the given ones plus `host`,
 * `x-amz-date`, `x-amz-security-token` (temporary credentials), `x-amz-content-sha256` (when there
 * is a body) and `authorization`. Every given header is signed.
 */
export async function signRequest(req: RequestToSign, ctx: SigningContext): Promise<Record<string, string>> {
  const url = new URL(req.url);
  const headers: Record<string, string> = { host: url.host };
  for (const [k, v] of Object.entries(req.headers ?? {})) headers[k.toLowerCase()] = v;
  if (req.body !== undefined) headers['x-amz-content-sha256'] = createHash('sha256').update(req.body).digest('hex');
  const query: Record<string, string | string[]> = {};
  for (const [k, v] of url.searchParams) {
    const prev = query[k];
    query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  const signer = new SignatureV4({
    credentials: ctx.credentials,
    region: ctx.region,
    service: ctx.service ?? 'execute-api',
    sha256: NodeSha256,
    applyChecksum: false, // x-amz-content-sha256 is set above, for bodies only
    uriEscapePath: true,
  });
  const signed = await signer.sign(
    {
      method: req.method.toUpperCase(),
      protocol: url.protocol,
      hostname: url.hostname,
      ...(url.port ? { port: Number(url.port) } : {}),
      path: url.pathname,
      query,
      headers,
      ...(req.body !== undefined ? { body: req.body } : {}),
    },
    { signingDate: ctx.date ?? new Date() },
  );
  return { ...(signed.headers as Record<string, string>) };
}

/**
 * Resolves credentials from the default AWS chain (env vars, AWS_PROFILE and ~/.aws config/SSO,
 * web identity token (GitHub OIDC), container and instance roles). A chain that finds nothing becomes
 * an IamAuthError saying what to do.
 */
export async function loadAwsCredentials(env: NodeJS.ProcessEnv): Promise<AwsCredentials> {
  try {
    const c = await defaultProvider(env.AWS_PROFILE ? { profile: env.AWS_PROFILE } : {})();
    return {
      accessKeyId: c.accessKeyId,
      secretAccessKey: c.secretAccessKey,
      ...(c.sessionToken ? { sessionToken: c.sessionToken } : {}),
    };
  } catch (e) {
    const m = missingCredentials(env, e);
    throw new IamAuthError(m.en, m['zh-CN']);
  }
}

/** What is missing and how to fix it, in both languages (the chain's own reason, `cause`, quoted as it said it). */
function missingCredentials(env: NodeJS.ProcessEnv, cause: unknown): Bilingual {
  const why = cause instanceof Error ? cause.message : String(cause);
  const profile = env.AWS_PROFILE ? `AWS_PROFILE=${env.AWS_PROFILE}` : '';
  return {
    en: [
      `no usable AWS credentials to sign the request with SigV4 (IAM auth${profile && `, ${profile}`}): ${why}`,
      '  fix: set AWS_PROFILE to a profile in ~/.aws/config (run `aws sso login --profile <name>` if it is an SSO profile),',
      '       or export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary credentials),',
      '       or run in a role (GitHub Actions: aws-actions/configure-aws-credentials with `permissions: id-token: write`).',
      '  against the local platform use a bearer token instead: OPENDATA_TOKEN=... (and unset OPENDATA_AUTH).',
    ].join('\n'),
    'zh-CN': [
      `没有可用于 SigV4 签名的 AWS 凭证（IAM 身份验证${profile && `，${profile}`}）：AWS SDK 的原文是“${why}”`,
      '  解决办法：把 AWS_PROFILE 设为 ~/.aws/config 中的一个配置（SSO 配置请先运行 `aws sso login --profile <name>`），',
      '            或者导出 AWS_ACCESS_KEY_ID 和 AWS_SECRET_ACCESS_KEY（临时凭证还要导出 AWS_SESSION_TOKEN），',
      '            或者在一个角色中运行（GitHub Actions：用 aws-actions/configure-aws-credentials，并设置 `permissions: id-token: write`）。',
      '  对本地平台请改用 bearer 令牌：OPENDATA_TOKEN=...（并取消设置 OPENDATA_AUTH）。',
    ].join('\n'),
  };
}

/** Signs with credentials from the default chain and the region of `env`/the URL. */
export async function signWithDefaultChain(
  env: NodeJS.ProcessEnv,
  req: RequestToSign,
): Promise<Record<string, string>> {
  const region = signingRegion(env, req.url);
  const credentials = await loadAwsCredentials(env);
  return signRequest(req, { credentials, region });
}
