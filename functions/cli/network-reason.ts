/**
 * Why a request never got an answer, in both languages: Node's fetch says only "fetch failed" and
 * keeps the reason in `cause` (a system error code or an undici error). Known causes are named in
 * words (connection refused, no such host, no answer in time, …), with the code kept beside them for
 * a search; anything else is the cause's own message, quoted.
 */
export function networkReason(e: unknown): { readonly en: string; readonly zh: string } {
  const err = e instanceof Error ? e : new Error(String(e));
  if (err.name === 'TimeoutError' || err.name === 'AbortError')
    return { en: 'no answer in time', zh: '在时限内没有应答' };
  const cause = (err as { cause?: unknown }).cause;
  const c = cause instanceof Error ? (cause as Error & { code?: string }) : undefined;
  const code = c?.code ?? '';
  const known = KNOWN[code];
  if (known) return { en: `${known.en} (${code})`, zh: `${known.zh}（${code}）` };
  if (c && /bad port/i.test(c.message)) return { en: 'a port fetch refuses to use', zh: 'fetch 不允许使用的端口' };
  const said = c?.message || err.message;
  return { en: said, zh: `“${said}”` };
}

const KNOWN: Readonly<Record<string, { en: string; zh: string }>> = {
  ECONNREFUSED: { en: 'connection refused: nothing listens there', zh: '连接被拒绝：该地址上没有服务在监听' },
  ENOTFOUND: { en: 'no such host', zh: '找不到该主机名' },
  EAI_AGAIN: { en: 'the host name could not be looked up now', zh: '暂时无法解析该主机名' },
  ECONNRESET: { en: 'the connection was reset', zh: '连接被重置' },
  ETIMEDOUT: { en: 'the connection timed out', zh: '连接超时' },
  EHOSTUNREACH: { en: 'the host cannot be reached', zh: '无法到达该主机' },
  ENETUNREACH: { en: 'the network cannot be reached', zh: '无法到达该网络' },
  UND_ERR_SOCKET: { en: 'the server closed the connection', zh: '服务器关闭了连接' },
  UND_ERR_CONNECT_TIMEOUT: { en: 'the connection timed out', zh: '连接超时' },
  DEPTH_ZERO_SELF_SIGNED_CERT: { en: 'its TLS certificate is self-signed', zh: '其 TLS 证书是自签名的' },
  CERT_HAS_EXPIRED: { en: 'its TLS certificate has expired', zh: '其 TLS 证书已过期' },
  ERR_TLS_CERT_ALTNAME_INVALID: { en: 'its TLS certificate is for another host', zh: '其 TLS 证书不属于该主机' },
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: { en: 'its TLS certificate cannot be verified', zh: '无法验证其 TLS 证书' },
  EPROTO: {
    en: 'the TLS handshake failed (is it http, not https?)',
    zh: 'TLS 握手失败（是不是应该用 http 而不是 https？）',
  },
};
