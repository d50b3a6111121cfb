import type { Command } from '../io.ts';
import { validateCommand } from './validate.ts';

/** Every CLI command; each lives in its own file. */
export const COMMANDS: readonly Command[] = [validateCommand];
