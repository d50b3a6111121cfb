import type { License } from './registry.ts';

/** Built-in SPDX licences with plain-language terms. Custom licences go in `datasets/licenses.yaml`. */
export const SPDX_LICENSES: readonly License[] = [
  {
    id: 'CC-BY-4.0',
    title: { en: 'Creative Commons Attribution 4.0 International', 'zh-CN': '知识共享署名 4.0 国际许可协议' },
    url: 'https://creativecommons.org/licenses/by/4.0/legalcode',
    open: true,
    terms: {
      may: [
        {
          en: 'Copy, redistribute and adapt the data for any purpose, including commercially',
          'zh-CN': '以任何目的（包括商业目的）复制、分发和改编数据',
        },
      ],
      must: [
        {
          en: 'Credit the publisher, link to the licence and say if you changed the data',
          'zh-CN': '注明发布者、提供许可协议链接并说明是否修改了数据',
        },
      ],
      mayNot: [{ en: 'Suggest the publisher endorses you or your use', 'zh-CN': '暗示发布者认可您或您的使用方式' }],
    },
  },
  {
    id: 'CC0-1.0',
    title: {
      en: 'Creative Commons Zero 1.0 Universal (public domain dedication)',
      'zh-CN': '知识共享 CC0 1.0 公共领域贡献',
    },
    url: 'https://creativecommons.org/publicdomain/zero/1.0/legalcode',
    open: true,
    terms: {
      may: [
        {
          en: 'Use the data for any purpose without asking or crediting',
          'zh-CN': '无需许可或署名即可以任何目的使用数据',
        },
      ],
      must: [],
      mayNot: [{ en: 'Claim the publisher endorses your use', 'zh-CN': '声称发布者认可您的使用' }],
    },
  },
  {
    id: 'ODbL-1.0',
    title: { en: 'Open Data Commons Open Database License 1.0', 'zh-CN': '开放数据共享开放数据库许可协议 1.0' },
    url: 'https://opendatacommons.org/licenses/odbl/1-0/',
    open: true,
    terms: {
      may: [{ en: 'Copy, distribute, use and adapt the database', 'zh-CN': '复制、分发、使用和改编数据库' }],
      must: [
        { en: 'Attribute the source', 'zh-CN': '注明来源' },
        { en: 'Share adapted databases under the same licence', 'zh-CN': '以相同许可协议共享改编后的数据库' },
      ],
      mayNot: [
        { en: 'Apply technical restrictions that stop others reusing it', 'zh-CN': '施加阻止他人再利用的技术限制' },
      ],
    },
  },
  {
    id: 'PDDL-1.0',
    title: {
      en: 'Open Data Commons Public Domain Dedication and License 1.0',
      'zh-CN': '开放数据共享公共领域贡献与许可协议 1.0',
    },
    url: 'https://opendatacommons.org/licenses/pddl/1-0/',
    open: true,
    terms: {
      may: [{ en: 'Use the data for any purpose', 'zh-CN': '以任何目的使用数据' }],
      must: [],
      mayNot: [],
    },
  },
  {
    id: 'CC-BY-SA-4.0',
    title: {
      en: 'Creative Commons Attribution-ShareAlike 4.0 International',
      'zh-CN': '知识共享署名-相同方式共享 4.0 国际许可协议',
    },
    url: 'https://creativecommons.org/licenses/by-sa/4.0/legalcode',
    open: true,
    terms: {
      may: [{ en: 'Copy, redistribute and adapt the data for any purpose', 'zh-CN': '以任何目的复制、分发和改编数据' }],
      must: [
        { en: 'Credit the publisher and link to the licence', 'zh-CN': '注明发布者并提供许可协议链接' },
        { en: 'Share adaptations under the same licence', 'zh-CN': '以相同许可协议共享改编作品' },
      ],
      mayNot: [{ en: 'Add legal or technical restrictions on reuse', 'zh-CN': '对再利用施加法律或技术限制' }],
    },
  },
  {
    id: 'MIT',
    title: { en: 'MIT License', 'zh-CN': 'MIT 许可协议' },
    url: 'https://opensource.org/license/mit',
    open: true,
    terms: {
      may: [
        { en: 'Use, copy, modify and redistribute for any purpose', 'zh-CN': '以任何目的使用、复制、修改和再分发' },
      ],
      must: [{ en: 'Keep the copyright and licence notice', 'zh-CN': '保留版权与许可声明' }],
      mayNot: [{ en: 'Hold the authors liable', 'zh-CN': '追究作者责任' }],
    },
  },
];
