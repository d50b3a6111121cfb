/** What a CLI command may touch, injected so tests run commands in-process. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

export const EXIT = { ok: 0, refused: 1, usage: 2 } as const;

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface Command {
  readonly name: string;
  readonly usage: string;
  readonly summary: string;
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
      if (v === undefined) throw new UsageError(`--${k} needs a value`);
      flags[k] = v;
    } else throw new UsageError(`unknown option --${k}`);
  }
  return { positionals, flags };
}
