import { expect } from 'vitest';
import { type AppError, isAppError } from '../../../functions/core/errors.ts';

/** Runs `fn`, expecting it to throw an AppError, and returns that error. */
export const appErrorOf = (fn: () => unknown): AppError => {
  try {
    fn();
  } catch (e) {
    if (isAppError(e)) return e;
    throw e;
  }
  expect.unreachable('expected an AppError');
  throw new Error('unreachable');
};
