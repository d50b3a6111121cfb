import { describe, expect, it } from 'vitest';
import { classifyAddress, parseIp } from '../../../functions/core/subscriptions/address-ranges.ts';
import { viewOfWebhook, type Webhook } from '../../../functions/core/subscriptions/webhook.ts';
import {
  checkResolvedAddresses,
  checkWebhookUrl,
  STRICT_TARGETS,
} from '../../../functions/core/subscriptions/webhook-target.ts';

const LOCAL = { allowLoopback: true };

describe('address classifier', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['10.0.0.1', 'private'],
    ['10.255.255.255', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'shared (CGNAT)'],
    ['100.127.255.255', 'shared (CGNAT)'],
    ['169.254.169.254', 'link-local'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['240.0.0.1', 'reserved'],
    ['198.18.0.1', 'reserved'],
    ['192.0.0.170', 'reserved'],
    ['192.0.2.1', 'documentation'],
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['fc00::1', 'unique-local'],
    ['fd12:3456::1', 'unique-local'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['febf::1', 'link-local'],
    ['ff02::1', 'multicast'],
    ['::ffff:10.0.0.1', 'IPv4-mapped IPv6'],
    ['::ffff:7f00:1', 'IPv4-mapped IPv6'],
    ['::ffff:8.8.8.8', 'IPv4-mapped IPv6'],
    ['::127.0.0.1', 'reserved'],
    ['64:ff9b::a00:1', 'reserved'],
    ['2002:a00:1::', 'reserved'],
    ['2001:0:4136:e378::1', 'reserved'],
    ['2001:db8::1', 'documentation'],
    ['fec0::1', 'reserved'],
  ])('%s is %s', (ip, cls) => {
    expect(classifyAddress(ip)).toBe(cls);
  });

  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '172.15.255.255',
    '172.32.0.0',
    '100.63.255.255',
    '100.128.0.0',
    '169.253.255.255',
    '11.0.0.1',
    '2606:4700:4700::1111',
    '2a00:1450:4001:80e::200e',
  ])('%s is public', (ip) => {
    expect(classifyAddress(ip)).toBe('public');
  });

  it('parses only well-formed addresses; other spellings are host names', () => {
    for (const bad of ['2130706433', '0x7f.1', '0177.0.0.1', '127.1', '256.0.0.1', '1.2.3', '1::2::3', ':1', '1:2:3']) {
      expect(classifyAddress(bad)).toBeUndefined();
    }
    expect(classifyAddress('example.com')).toBeUndefined();
    expect(parseIp('::ffff:10.0.0.1')).toEqual(parseIp('::ffff:a00:1'));
    expect(parseIp('1:2:3:4:5:6:7:8')?.family).toBe(6);
    expect(parseIp('1:2:3:4:5:6:7:8:9')).toBeUndefined();
    expect(parseIp('1.2.3.4::')).toBeUndefined();
  });
});

describe('webhook URL rules', () => {
  const refused = (url: string, policy = STRICT_TARGETS) => {
    const r = checkWebhookUrl(url, policy);
    return r.ok ? undefined : r.message;
  };

  it('accepts a public https URL and stores it normalised', () => {
    expect(checkWebhookUrl('https://Hooks.Example.com/h?x=1', STRICT_TARGETS)).toEqual({
      ok: true,
      url: 'https://hooks.example.com/h?x=1',
      host: 'hooks.example.com',
    });
    expect(checkWebhookUrl('https://8.8.8.8/h', STRICT_TARGETS).ok).toBe(true);
    expect(checkWebhookUrl('https://[2606:4700:4700::1111]/h', STRICT_TARGETS).ok).toBe(true);
  });

  it.each([
    ['https://169.254.169.254/latest', /link-local/],
    ['https://10.0.0.1/x', /private/],
    ['https://172.16.5.4/x', /private/],
    ['https://192.168.0.10/x', /private/],
    ['https://100.64.0.1/x', /CGNAT/],
    ['https://0.0.0.0/x', /unspecified/],
    ['https://0/x', /unspecified/],
    ['https://[::1]/x', /loopback/],
    ['https://[::]/x', /unspecified/],
    ['https://[fd00::1]/x', /unique-local/],
    ['https://[fe80::1]/x', /link-local/],
    ['https://[::ffff:10.0.0.1]/x', /IPv4-mapped/],
    ['https://[::ffff:7f00:1]/x', /IPv4-mapped/],
    ['https://[ff02::1]/x', /multicast/],
    ['https://224.0.0.1/x', /multicast/],
    // Other IPv4 spellings: the URL parser turns them into 127.0.0.1 first.
    ['https://2130706433/', /loopback/],
    ['https://0x7f.1/', /loopback/],
    ['https://0177.0.0.1/', /loopback/],
    ['https://127.1/', /loopback/],
    ['https://%31%32%37.0.0.1/', /loopback/],
    ['https://１２７.0.0.1/', /loopback/],
    ['https://localhost/x', /internal host name/],
    ['https://LOCALHOST./x', /internal host name/],
    ['https://api.localhost/x', /internal host name/],
    ['https://metadata.google.internal/x', /internal host name/],
    ['https://ip-10-0-0-1.ec2.internal./x', /internal host name/],
    ['https://printer.local/x', /internal host name/],
    ['https://metadata/x', /fully qualified/],
    ['http://example.com/x', /must use https/],
    ['http://127.0.0.1:9001/2018-06-01/runtime/invocation/next', /must use https/],
    ['ftp://example.com/x', /scheme/],
    ['https://user:pw@example.com/', /user name or password/],
    ['https://user@example.com/', /user name or password/],
    ['https://:pw@example.com/', /user name or password/],
    ['https://@example.com/', /user name or password/],
    ['not a url', /valid/],
  ])('refuses %s', (url, why) => {
    expect(refused(url)).toMatch(why);
  });

  it('gives a hint with every refusal', () => {
    const r = checkWebhookUrl('https://10.0.0.1/x', STRICT_TARGETS);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.hint).toMatch(/public/);
  });

  it('allows loopback, over http too, only with the local allowance; nothing else is relaxed', () => {
    for (const url of [
      'http://127.0.0.1:8080/h',
      'http://localhost:8080/h',
      'http://[::1]:8080/h',
      'http://2130706433/',
    ]) {
      expect(refused(url, LOCAL)).toBeUndefined();
      expect(refused(url)).toBeDefined();
    }
    expect(refused('http://example.com/x', LOCAL)).toMatch(/only for loopback/);
    expect(refused('https://10.0.0.1/x', LOCAL)).toMatch(/private/);
    expect(refused('https://169.254.169.254/x', LOCAL)).toMatch(/link-local/);
    expect(refused('http://user:pw@127.0.0.1:8080/', LOCAL)).toMatch(/user name/);
    expect(refused('https://[::ffff:7f00:1]/x', LOCAL)).toMatch(/IPv4-mapped/);
  });

  it('vets every resolved address', () => {
    expect(checkResolvedAddresses(['93.184.216.34', '2606:2800:220:1::'], STRICT_TARGETS)).toBeUndefined();
    expect(checkResolvedAddresses(['93.184.216.34', '10.0.0.7'], STRICT_TARGETS)).toMatch(/private/);
    expect(checkResolvedAddresses(['::ffff:169.254.169.254'], STRICT_TARGETS)).toMatch(/IPv4-mapped/);
    expect(checkResolvedAddresses(['127.0.0.1'], STRICT_TARGETS)).toMatch(/loopback/);
    expect(checkResolvedAddresses(['127.0.0.1'], LOCAL)).toBeUndefined();
    expect(checkResolvedAddresses([], STRICT_TARGETS)).toMatch(/no address/);
    expect(checkResolvedAddresses(['garbage'], STRICT_TARGETS)).toMatch(/reserved/);
  });
});

describe('webhook views', () => {
  it('never list credentials of a URL stored before they were refused', () => {
    const w: Webhook = {
      id: 'wh_1',
      keyId: 'k',
      url: 'https://user:pw@example.com/h',
      events: ['version.published'],
      secret: 'whsec_x',
      status: 'active',
      consecutiveFailures: 0,
      createdAt: '2026-01-01T00:00:00.000Z',
    };
    const v = viewOfWebhook(w);
    expect(v.url).toBe('https://example.com/h');
    expect(JSON.stringify(v)).not.toMatch(/pw|whsec_/);
  });
});
