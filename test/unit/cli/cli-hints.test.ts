import { describe, expect, it } from 'vitest';
import { cliHint } from '../../../functions/cli/cli-hints.ts';

describe('cliHint: the API hints a CLI user reads name the CLI command', () => {
  it('rewrites the release routes the CLI has a command for', () => {
    expect(cliHint('only a release that is checks-passed can be approved; see GET /v1/releases/air-r1')).toBe(
      'only a release that is checks-passed can be approved; see `opendata status air-r1`',
    );
    expect(cliHint('list releases with GET /v1/releases')).toBe('list releases with `opendata status`');
    expect(cliHint('see GET /v1/releases?dataset=air')).toBe('see `opendata status --dataset air`');
    expect(
      cliHint('ask a platform admin to sign it off with `opendata approve r-1` (POST /v1/releases/r-1/approve), then'),
    ).toBe('ask a platform admin to sign it off with `opendata approve r-1`, then');
  });

  it('leaves routes without a command as they are', () => {
    for (const hint of [
      'see GET /v1/datasets/air/versions',
      'a draft can be submitted with POST /v1/releases/r-1/submit',
      'list datasets with GET /v1/datasets',
    ]) {
      expect(cliHint(hint)).toBe(hint);
    }
  });
});
