import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Annotations } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Synth, synth } from './helpers.ts';

let s: Synth;
beforeAll(() => {
  s = synth();
});

describe('cdk-nag AwsSolutions', () => {
  it('reports zero unacknowledged findings (errors or warnings) across both stacks', () => {
    const report = s.nag.validateScope(s.app);
    const messages = report.violations.map(
      (v) => `${v.severity} ${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath).join(', ')}`,
    );
    expect(messages).toEqual([]);
  });

  it('passes the synthesis-time validation too (cross-stack values resolved) and leaves no warnings', () => {
    const assembly = s.app.synth();
    const reportFile = join(assembly.directory, 'validation-report.json');
    const report = JSON.parse(readFileSync(reportFile, 'utf8')) as { pluginReports?: { violations?: unknown[] }[] };
    const violations = (report.pluginReports ?? []).flatMap((p) => p.violations ?? []);
    expect(violations).toEqual([]);
    for (const stack of [s.stateful, s.stateless]) {
      const errors = Annotations.fromStack(stack).findError('*', () => true);
      const warnings = Annotations.fromStack(stack).findWarning('*', () => true);
      expect(errors.map((e) => e.entry.data)).toEqual([]);
      expect(warnings.map((w) => w.entry.data)).toEqual([]);
    }
  });

  it('every acknowledgement carries a specific written reason', () => {
    const acks = s.app.node
      .findAll()
      .flatMap((c) => c.node.metadata.filter((m) => m.type === 'aws:cdk:acknowledged-rules'))
      .flatMap((m) => Object.entries(m.data as Record<string, string>));
    expect(acks.length).toBeGreaterThan(0);
    for (const [id, reason] of acks) expect(reason.length, id).toBeGreaterThan(40);
  });
});
