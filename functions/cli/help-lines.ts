import type { Language } from '../core/manifest/localized.ts';
import { COMMANDS } from './commands/index.ts';
import type { Command, UsageError } from './io.ts';
import { columns, padColumns } from './text-columns.ts';

/**
 * The help of the CLI and its usage errors in the CLI's language: `opendata --help`, `opendata <command>
 * --help`, an unknown command, and a command line it cannot act on (exit 2). Command names, flags and
 * environment variables stay as they are typed in either language; each command's usage and summary are
 * its own (`Command.usage`, `Command.summary`).
 */
export interface HelpLines {
  /** Every command with what it does, then how the CLI authenticates and picks its language. */
  readonly help: string;
  /** `opendata <command> --help`. */
  command(c: Command): string;
  unknownCommand(name: string): string;
  /** A usage error of `opendata` itself (`command` undefined) or of one command, with its usage line. */
  usageError(e: UsageError, command?: Command): string;
}

/** The words around the commands, per language. */
const FRAME = {
  en: {
    usage: 'usage: ',
    synopsis: 'opendata [--iam] [--lang zh|en] <command> [options]',
    colon: ': ',
    unknownCommand: (name: string) => `unknown command "${name}"`,
    footer: [
      'auth: OPENDATA_TOKEN (bearer, local platform); in AWS --iam or OPENDATA_AUTH=iam signs with SigV4',
      '(default AWS credential chain; automatic for an execute-api OPENDATA_API without a token)',
      'language of reports: --lang zh|en or OPENDATA_LANG, else the locale (LANG=zh_CN.UTF-8 reads Chinese)',
    ],
  },
  'zh-CN': {
    usage: '用法：',
    synopsis: 'opendata [--iam] [--lang zh|en] <命令> [选项]',
    colon: '：',
    unknownCommand: (name: string) => `没有“${name}”这个命令`,
    footer: [
      '身份验证：OPENDATA_TOKEN（bearer 令牌，本地平台）；在 AWS 中用 --iam 或 OPENDATA_AUTH=iam 以 SigV4 签名',
      '（凭证取自 AWS 默认凭证链；OPENDATA_API 是 execute-api 地址且没有给出令牌时自动签名）',
      '输出语言：--lang zh|en 或 OPENDATA_LANG，否则按系统区域设置（LANG=zh_CN.UTF-8 输出中文）',
    ],
  },
} as const satisfies Record<Language, unknown>;

function helpLinesIn(lang: Language): HelpLines {
  const t = FRAME[lang];
  const width = Math.max(...COMMANDS.map((c) => columns(c.usage[lang])));
  const table = COMMANDS.map((c) => `  ${padColumns(c.usage[lang], width)}  ${c.summary[lang]}`);
  const help = `${t.usage}${t.synopsis}\n\n${table.join('\n')}\n\n${t.footer.join('\n')}\n`;
  return {
    help,
    command: (c) =>
      `${t.usage}opendata ${c.usage[lang]}\n\n  ${c.summary[lang]}${c.details ? `\n\n${c.details[lang]}` : ''}`,
    unknownCommand: (name) => `opendata${t.colon}${t.unknownCommand(name)}\n\n${help}`,
    usageError: (e, c) =>
      c
        ? `opendata ${c.name}${t.colon}${e.text(lang)}\n${t.usage}${c.usage[lang]}`
        : `opendata${t.colon}${e.text(lang)}\n\n${help}`,
  };
}

const LINES: Readonly<Record<Language, HelpLines>> = { en: helpLinesIn('en'), 'zh-CN': helpLinesIn('zh-CN') };

/** The help and usage-error lines in `lang`. */
export const helpLines = (lang: Language): HelpLines => LINES[lang];
