import { classifyAddress } from './address-ranges.ts';

/**
 * Where webhooks may be sent. A webhook URL is chosen by an API key holder, so without these rules
 * the platform would POST on their behalf to its own network: the cloud metadata service
 * (169.254.169.254), the Lambda runtime API (127.0.0.1:9001), VPC neighbours.
 */
export interface WebhookTargetPolicy {
  /**
   * Local platform only (never in AWS): loopback receivers (`127.0.0.0/8`, `::1`, `localhost`) are
   * accepted, over plain http too, so local runs and tests can deliver to a receiver on this machine.
   */
  readonly allowLoopback: boolean;
}

export const STRICT_TARGETS: WebhookTargetPolicy = { allowLoopback: false };

export type TargetCheck =
  | {
      readonly ok: true;
      /** The URL as the WHATWG parser normalises it (what is stored and requested). */
      readonly url: string;
      /** Host name or IP, without brackets or a trailing dot. */
      readonly host: string;
    }
  | {
      readonly ok: false;
      readonly message: string;
      readonly hint: string;
      /** The same in simplified Chinese. */
      readonly zh: { readonly message: string; readonly hint: string };
    };

const PUBLIC_HINT = {
  en: 'use an https URL whose host name is public and resolves to public addresses',
  zh: '请使用 https 地址，且其主机名是公网域名、解析到公网地址',
};

/** Names that never leave the machine or the private network, whatever DNS says. */
const INTERNAL_SUFFIXES = ['localhost', 'internal', 'local', 'localdomain', 'home.arpa'];

const refuse = (
  message: string,
  zhMessage: string,
  hint: { readonly en: string; readonly zh: string } = PUBLIC_HINT,
): TargetCheck => ({ ok: false, message, hint: hint.en, zh: { message: zhMessage, hint: hint.zh } });

/**
 * Checks a webhook URL before it is stored, and again before each delivery (records stored before
 * a rule existed are held to it). DNS is not consulted here: the delivery vets resolved addresses.
 */
export function checkWebhookUrl(raw: string, policy: WebhookTargetPolicy): TargetCheck {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return refuse('not a valid absolute URL', '不是有效的绝对网址');
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') {
    return refuse(`the scheme "${u.protocol}" is not supported`, `不支持协议“${u.protocol}”`);
  }
  // The parser drops an empty userinfo (`https://@host/`) but the text still has it: refuse both.
  if (u.username || u.password || /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*@/i.test(raw.trim())) {
    return refuse('the URL must not contain a user name or password', '网址中不能包含用户名或密码', {
      en: 'authenticate the platform with the signature header (X-Opendata-Signature) instead',
      zh: '请改用签名请求头（X-Opendata-Signature）验证平台的身份',
    });
  }
  // Hostnames are lower-cased and IPv4 spellings (2130706433, 0x7f.1, 0177.0.0.1) normalised by URL.
  const host = u.hostname.replace(/^\[|\]$/g, '').replace(/\.$/, '');
  const cls = classifyAddress(host);
  const loopback = cls === 'loopback' || (cls === undefined && isLoopbackName(host));
  if (loopback && policy.allowLoopback) return { ok: true, url: u.href, host };
  if (u.protocol !== 'https:') {
    return policy.allowLoopback
      ? refuse('plain http is accepted only for loopback receivers', '只有本机回环地址的接收端才能使用普通 http')
      : refuse('the URL must use https', '网址必须使用 https');
  }
  if (cls !== undefined) {
    return cls === 'public'
      ? { ok: true, url: u.href, host }
      : refuse(`the host is a non-public address (${cls})`, `主机是非公网地址（${cls}）`);
  }
  if (INTERNAL_SUFFIXES.some((s) => host === s || host.endsWith(`.${s}`))) {
    return refuse(
      `"${host}" is an internal host name (localhost, *.internal, *.local, *.home.arpa)`,
      `“${host}”是内部主机名（localhost、*.internal、*.local、*.home.arpa）`,
    );
  }
  // A single label (`metadata`, `intranet`) is completed by the resolver's search domains: internal.
  if (!host.includes('.')) return refuse('the host must be a fully qualified domain name', '主机必须是完整的域名');
  // A name whose last label is numeric is neither a DNS name nor an IP the parser accepted.
  if (/^\d+$/.test(host.slice(host.lastIndexOf('.') + 1))) {
    return refuse('the host is not a valid name or address', '主机不是有效的域名或地址');
  }
  return { ok: true, url: u.href, host };
}

/**
 * Vets the addresses a host name resolved to, before connecting: every one must be allowed, or a
 * name with one public and one private address could be used to reach the private one.
 */
export function checkResolvedAddresses(addresses: readonly string[], policy: WebhookTargetPolicy): string | undefined {
  if (addresses.length === 0) return 'the host name has no address';
  for (const a of addresses) {
    const cls = classifyAddress(a) ?? 'reserved';
    if (cls === 'public' || (cls === 'loopback' && policy.allowLoopback)) continue;
    return `the host name resolves to a non-public address (${cls})`;
  }
  return undefined;
}

const isLoopbackName = (host: string) => host === 'localhost' || host.endsWith('.localhost');
