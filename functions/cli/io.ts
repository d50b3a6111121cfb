import type { Bilingual, Language } from '../core/manifest/localized.ts';
import { LocalizedError } from './localized-error.ts';

/** What a CLI command may touch, injected so tests run commands in-process. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

export const EXIT = { ok: 0, refused: 1, usage: 2 } as const;

/**
 * A command line the CLI cannot act on (exit 2): `message` in English, `zh` the same in Chinese, printed
 * in the CLI's language (language.ts). `bilingual` marks an error about the language itself (`--lang xx`):
 * no language is known then, so it is said in both.
 */
export class UsageError extends LocalizedError {
  readonly bilingual: boolean;
  constructor(message: string, zh: string, options: { bilingual?: boolean } = {}) {
    super(message, zh);
    this.name = 'UsageError';
    this.bilingual = options.bilingual ?? false;
  }

  /** The message in `lang`, or in both (English first) for an error about the language. */
  override text(lang: Language): string {
    return this.bilingual ? `${this.message}\n${this.zh}` : super.text(lang);
  }
}

export interface Command {
  readonly name: string;
  /** The command line after `opendata`; flags and subcommands as typed, the placeholders in words. */
  readonly usage: Bilingual;
  /** What the command does, one sentence per language. */
  readonly summary: Bilingual;
  /** More lines for `opendata <command> --help` (a command with subcommands lists them). */
  readonly details?: Bilingual;
  run(args: readonly string[], io: CliIo): Promise<number>;
}

/** Minimal flag parsing: positionals, `--flag`, `--key value`, `--key=value`; unknown flags are usage errors. */
export function parseArgs(
  args: readonly string[],
  spec: { booleans?: readonly string[]; strings?: readonly string[] },
): { positionals: string[]; flags: Record<string, string | boolean> } {
  const positionals: string[] = [];
  const flags: Record<string, string | boolean> = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (!a.startsWith('--')) {
      positionals.push(a);
      continue;
    }
    const [k, inline] = a.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    if (spec.booleans?.includes(k)) flags[k] = true;
    else if (spec.strings?.includes(k)) {
      const v = inline ?? args[++i];
      if (v === undefined) throw new UsageError(`--${k} needs a value`, `--${k} 后面需要一个值`);
      flags[k] = v;
    } else throw new UsageError(`unknown option --${k}`, `无法识别的选项 --${k}`);
  }
  return { positionals, flags };
}
