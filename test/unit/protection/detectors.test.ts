import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bankCardDetector,
  findBankCards,
  isBankCard,
  luhnValid,
} from '../../../functions/core/protection/detectors/bank-card.ts';
import { emailDetector, findEmails, isEmail } from '../../../functions/core/protection/detectors/email.ts';
import { DETECTORS, maskExample, scanText } from '../../../functions/core/protection/detectors/index.ts';
import { findIpv4, isIpv4 } from '../../../functions/core/protection/detectors/ipv4.ts';
import { findIpv6, isIpv6 } from '../../../functions/core/protection/detectors/ipv6.ts';
import { findMobileNumbers, isMobileCn } from '../../../functions/core/protection/detectors/mobile-cn.ts';
import { findPassports, isPassportCn } from '../../../functions/core/protection/detectors/passport-cn.ts';
import {
  findResidentIds,
  isResidentId,
  residentIdCheckChar,
} from '../../../functions/core/protection/detectors/resident-id.ts';
import { findUscc, isUscc, usccCheckChar } from '../../../functions/core/protection/detectors/uscc.ts';
import {
  faker,
  idValidatorSays,
  makeCard,
  makeEmail,
  makeLegacyResidentId,
  makeMobile,
  makeResidentId,
} from './generators.ts';

const RUNS = 300;
const repeat = <T>(n: number, f: () => T): T[] => Array.from({ length: n }, f);

/** Replaces one character with a different one from `alphabet`. */
function corrupt(s: string, at: number, alphabet: string): string {
  const c = s[at]!;
  const other =
    alphabet[(alphabet.indexOf(c) + 1 + faker.number.int({ min: 0, max: alphabet.length - 2 })) % alphabet.length]!;
  return s.slice(0, at) + other + s.slice(at + 1);
}

describe('resident ID numbers', () => {
  it('accepts every 18-digit ID made by id-validator, and agrees with it', () => {
    for (const id of repeat(RUNS, makeResidentId)) {
      expect(isResidentId(id), id).toBe(true);
      expect(idValidatorSays(id)).toBe(true);
    }
  });

  it('accepts legacy 15-digit IDs with a valid date', () => {
    for (const id of repeat(100, makeLegacyResidentId)) expect(isResidentId(id), id).toBe(true);
    expect(isResidentId('110105491231002')).toBe(true);
    expect(isResidentId('110105491331002')).toBe(false); // month 13
    expect(isResidentId('110105490230002')).toBe(false); // 30 February
  });

  it('rejects a wrong check character', () => {
    for (const id of repeat(RUNS, makeResidentId)) {
      const wrong = corrupt(id, 17, '0123456789X');
      expect(isResidentId(wrong), wrong).toBe(false);
      expect(idValidatorSays(wrong)).toBe(false);
    }
  });

  it('computes the standard check character (GB 11643 example 11010519491231002X)', () => {
    expect(residentIdCheckChar('11010519491231002')).toBe('X');
    expect(isResidentId('11010519491231002X')).toBe(true);
    expect(isResidentId('11010519491231002x')).toBe(true);
  });

  it('rejects implausible birth dates and regions even with a matching check character', () => {
    const withCheck = (first17: string) => first17 + residentIdCheckChar(first17);
    expect(isResidentId(withCheck('11010519490231002'))).toBe(false); // 31 February
    expect(isResidentId(withCheck('11010518001231002'))).toBe(false); // born 1800
    expect(isResidentId(withCheck('99010519491231002'))).toBe(false); // no province 99
    expect(isResidentId(withCheck('00010519491231002'))).toBe(false);
  });

  it('finds IDs in free text, but not inside longer digit runs', () => {
    const id = makeResidentId();
    expect(findResidentIds(`申请人身份证号${id}，请核对`).map((m) => m.value)).toEqual([id]);
    expect(findResidentIds(`订单号9${id}7`)).toEqual([]);
  });
});

describe('mainland mobile numbers', () => {
  it('accepts generated numbers, with and without the country code', () => {
    for (const m of repeat(RUNS, makeMobile)) {
      for (const written of [m, `+86${m}`, `86${m}`, `+86 ${m}`, `+86-${m}`]) {
        expect(isMobileCn(written), written).toBe(true);
        expect(findMobileNumbers(`请回电 ${written} 谢谢`).map((x) => x.value)).toEqual([written]);
      }
    }
  });

  it('finds a number in Chinese text with no spaces, and several numbers in a row', () => {
    expect(findMobileNumbers('请回电13812345678').map((m) => m.value)).toEqual(['13812345678']);
    expect(findMobileNumbers('13812345678,13912345678;15012345678').map((m) => m.start)).toEqual([0, 12, 24]);
  });

  it('rejects numbers that are not mobiles or sit in a longer digit run', () => {
    for (const s of ['12812345678', '10012345678', '1381234567', '138123456789', '+8513812345678']) {
      expect(isMobileCn(s), s).toBe(false);
    }
    expect(findMobileNumbers('交易流水 2023138123456789')).toEqual([]);
    expect(findMobileNumbers('时间戳 1700000000000')).toEqual([]);
  });
});

describe('e-mail addresses', () => {
  it('accepts generated addresses and finds them in text', () => {
    for (const e of repeat(RUNS, makeEmail)) {
      expect(isEmail(e), e).toBe(true);
      expect(findEmails(`联系邮箱：${e}。`).map((m) => m.value)).toEqual([e]);
    }
  });

  it('rejects malformed addresses', () => {
    for (const s of ['a@b', '@b.cn', 'a..b@c.cn', '.a@c.cn', 'a.@c.cn', 'a@-c.cn', 'a@c.c', 'a@b@c.cn']) {
      expect(isEmail(s), s).toBe(false);
    }
  });
});

describe('bank card numbers', () => {
  it('accepts Luhn-valid cards from faker, written contiguously or in groups of four', () => {
    for (const raw of repeat(RUNS, makeCard)) {
      const digits = raw.replace(/[^0-9]/g, '');
      expect(isBankCard(digits), digits).toBe(true);
      expect(findBankCards(`卡号${digits}`).map((m) => m.value)).toEqual([digits]);
      if (digits.length === 16) {
        for (const sep of [' ', '-']) {
          const grouped = digits.match(/.{4}/g)!.join(sep);
          expect(findBankCards(`卡号 ${grouped} 户名张三`).map((m) => m.value)).toEqual([grouped]);
        }
      }
    }
  });

  it('accepts a UnionPay 19-digit card and rejects it with a wrong check digit', () => {
    const body = '621700000000123456';
    const check = [...'0123456789'].find((d) => luhnValid(body + d))!;
    expect(isBankCard(body + check)).toBe(true);
    expect(isBankCard(corrupt(body + check, 18, '0123456789'))).toBe(false);
  });

  it('rejects wrong Luhn digits', () => {
    for (const raw of repeat(RUNS, makeCard)) {
      const digits = raw.replace(/[^0-9]/g, '');
      expect(isBankCard(corrupt(digits, digits.length - 1, '0123456789'))).toBe(false);
    }
  });

  it('does not flag timestamps, amounts or resident IDs', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1_000_000_000_000, max: 1_999_999_999_999 }), (ms) => {
        expect(findBankCards(`created_at=${ms}`)).toEqual([]);
      }),
      { numRuns: RUNS },
    );
    expect(findBankCards('金额 12,345,678.90 元；合计 1234567.89')).toEqual([]);
    for (const id of repeat(100, makeResidentId)) expect(isBankCard(id)).toBe(false);
  });
});

describe('Chinese passport numbers', () => {
  it('accepts E/G/D/S/P + 8 digits and E + letter + 7 digits', () => {
    fc.assert(
      fc.property(fc.constantFrom('E', 'G', 'D', 'S', 'P'), fc.stringMatching(/^[0-9]{8}$/), (l, d) => {
        expect(isPassportCn(l + d)).toBe(true);
        expect(findPassports(`护照号码${l}${d}，有效期`).map((m) => m.value)).toEqual([l + d]);
      }),
      { numRuns: RUNS },
    );
    expect(isPassportCn('EA1234567')).toBe(true);
    expect(isPassportCn('EH1234567')).toBe(true);
  });

  it('accepts either case and the digits after a space or dash, or in two groups (one separator style)', () => {
    for (const s of [
      'e12345678',
      'g12345678',
      'ea1234567',
      'E 1234 5678',
      'E 12345678',
      'e-1234-5678',
      'EA 123 4567',
    ]) {
      expect(isPassportCn(s), s).toBe(true);
      expect(
        findPassports(`护照 ${s}，有效期`).map((m) => m.value),
        s,
      ).toEqual([s]);
    }
  });

  it('rejects other shapes and codes inside longer tokens', () => {
    for (const s of ['E1234567', 'X12345678', 'EI1234567', 'EO1234567', 'EA12345678', 'E 1234-5678', 'E  12345678']) {
      expect(isPassportCn(s), s).toBe(false);
    }
    for (const text of [
      '型号 XG12345678 与 G123456789',
      'Page 1234 5678',
      'see 12345678',
      'Type E 1234 56789',
      'E12 3456 78',
    ]) {
      expect(findPassports(text), text).toEqual([]);
    }
  });
});

describe('IP addresses', () => {
  it('accepts generated IPv4 and IPv6 addresses and finds them in log lines', () => {
    for (let i = 0; i < RUNS; i++) {
      const v4 = faker.internet.ipv4();
      const v6 = faker.internet.ipv6();
      expect(isIpv4(v4), v4).toBe(true);
      expect(isIpv6(v6), v6).toBe(true);
      expect(findIpv4(`来源 ${v4}:8080 访问`).map((m) => m.value)).toEqual([v4]);
      expect(findIpv6(`client=${v6} ok`).map((m) => m.value)).toEqual([v6]);
    }
  });

  it('handles compressed IPv6 and an IPv4 tail', () => {
    for (const s of ['fe80::1', '2001:db8::8a2e:370:7334', '::ffff:192.168.1.1', '2001:db8::']) {
      expect(isIpv6(s), s).toBe(true);
      expect(findIpv6(`地址 ${s} 结束`).map((m) => m.value)).toEqual([s]);
    }
  });

  it('rejects version numbers, times and C++ scopes', () => {
    expect(findIpv4('版本 1.2.3.4.5 和 256.1.1.1 及 01.2.3.4')).toEqual([]);
    expect(findIpv6('会议 10:30:00 至 11:45，std::vector 和 a::b::c')).toEqual([]);
  });
});

describe('unified social credit codes', () => {
  const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const first17 = fc
    .tuple(
      fc.stringMatching(/^[1-9A-HJ-NP-RTUWXY]{2}$/),
      fc.stringMatching(/^[0-9]{6}$/),
      fc.stringMatching(/^[0-9A-HJ-NP-RTUWXY]{9}$/),
    )
    .map(([a, b, c]) => a + b + c);

  it('accepts codes with the GB 32100 check character (published example 91350100M000100Y43)', () => {
    expect(isUscc('91350100M000100Y43')).toBe(true);
    fc.assert(
      fc.property(first17, (f) => {
        expect(isUscc(f + usccCheckChar(f))).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('rejects a wrong check character and is reported as non-blocking organisation data', () => {
    fc.assert(
      fc.property(first17, (f) => {
        expect(isUscc(corrupt(f + usccCheckChar(f), 17, CHARSET))).toBe(false);
      }),
      { numRuns: RUNS },
    );
    expect(DETECTORS.find((d) => d.id === 'uscc')?.blocking).toBe(false);
    expect(findUscc('统一社会信用代码：91350100M000100Y43。').map((m) => m.value)).toEqual(['91350100M000100Y43']);
  });
});

describe('scanText and maskExample', () => {
  it('finds every kind in one free-text cell, ordered by position', () => {
    const id = makeResidentId();
    const text = `张三，身份证${id}，手机13812345678，邮箱zhang.san@example.cn，卡号6217000000001234561 ip 10.0.0.8`;
    const card = '6217000000001234561';
    const hits = scanText(text);
    expect(hits.map((h) => h.detector)).toEqual([
      'resident-id',
      'mobile-cn',
      'email',
      ...(luhnValid(card) ? ['bank-card'] : []),
      'ipv4',
    ]);
    for (const h of hits) expect(text.slice(h.start, h.end)).toBe(h.value);
  });

  it('reports nothing in ordinary text with numbers', () => {
    const text =
      '2024年共受理 12345 件，金额 98765.43 元，时间 2024-05-06 10:30:00，编号 20240506001，时间戳 1715000000';
    expect(scanText(text)).toEqual([]);
  });

  it('never shows a full identifier: at least half is masked', () => {
    const samples = [...repeat(50, makeResidentId), ...repeat(50, makeMobile), ...repeat(50, makeEmail)];
    for (const value of samples) {
      const [hit] = scanText(value);
      expect(hit).toBeDefined();
      const shown = maskExample(hit!);
      expect(shown).not.toBe(value);
      if (hit!.detector === 'email') {
        expect(shown.split('@')[0]).toMatch(/^.\*\*\*$/);
      } else {
        expect(shown.length).toBe(value.length);
        expect([...shown].filter((c) => c === '*').length).toBeGreaterThanOrEqual(value.length / 2);
      }
    }
  });

  it('every prefilter is a valid JS regex without look-around or back-references (RE2 subset)', () => {
    for (const d of DETECTORS) {
      expect(() => new RegExp(d.prefilter)).not.toThrow();
      expect(d.prefilter).not.toMatch(/\(\?[=!<]|\\[1-9]/);
      expect(d.label.en.length).toBeGreaterThan(0);
      expect(d.label['zh-CN'].length).toBeGreaterThan(0);
    }
    expect(emailDetector.blocking && bankCardDetector.blocking).toBe(true);
  });
});
