/**
 * How each kind of personal data reads in a sentence, per language (detector ids of
 * core/protection/detectors): the API's refusal ("looks like a mobile number") and the site's
 * localized form messages use the same words. Plain data, so the site's browser code can import it.
 */
export const PERSONAL_DATA_PHRASES = {
  'zh-CN': {
    'resident-id': '身份证号码',
    'mobile-cn': '手机号码',
    email: '电子邮箱地址',
    'bank-card': '银行卡号',
    'passport-cn': '护照号码',
    ipv4: 'IP 地址',
    ipv6: 'IP 地址',
  },
  en: {
    'resident-id': 'a resident identity card number',
    'mobile-cn': 'a mobile number',
    email: 'an e-mail address',
    'bank-card': 'a bank card number',
    'passport-cn': 'a passport number',
    ipv4: 'an IP address',
    ipv6: 'an IP address',
  },
} as const satisfies Record<'zh-CN' | 'en', Readonly<Record<string, string>>>;
