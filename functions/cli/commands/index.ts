import type { Command } from '../io.ts';
import { approveCommand } from './approve.ts';
import { auditCommand } from './audit.ts';
import { keysCommand } from './keys-command.ts';
import { previewCommand } from './preview.ts';
import { rejectCommand } from './reject.ts';
import { releaseCommand } from './release.ts';
import { statusCommand } from './status.ts';
import { validateCommand } from './validate.ts';
import { withdrawCommand } from './withdraw.ts';

/** Every CLI command; each lives in its own file. */
export const COMMANDS: readonly Command[] = [
  validateCommand,
  previewCommand,
  keysCommand,
  releaseCommand,
  approveCommand,
  rejectCommand,
  statusCommand,
  withdrawCommand,
  auditCommand,
];
