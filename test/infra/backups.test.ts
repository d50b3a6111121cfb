import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { BREAK_GLASS_ROLE_PATH } from '../../infra/stacks/stateful-stack.ts';
import { type Json, resourcesOf, type Synth, synth } from './helpers.ts';

const breakGlassArn = {
  'Fn::Join': [
    '',
    ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, `:role/${BREAK_GLASS_ROLE_PATH}/*`],
  ],
};
const deniedOutsideBreakGlass = (action: string) =>
  Match.objectLike({
    Effect: 'Deny',
    Principal: { AWS: '*' },
    Action: action,
    Condition: { ArnNotLike: { 'aws:PrincipalArn': breakGlassArn } },
  });

let s: Synth;
beforeAll(() => {
  s = synth({}, false);
});

describe('backups of the catalogue table', () => {
  it('backs the table up daily (kept 35 days) and monthly (kept a year) into a retained vault', () => {
    const plans = Object.values(resourcesOf(s.data, 'AWS::Backup::BackupPlan')) as Json[];
    expect(plans).toHaveLength(1);
    const rules = plans[0].Properties.BackupPlan.BackupPlanRule as Json[];
    expect(rules.map((r) => [r.RuleName, r.ScheduleExpression, r.Lifecycle])).toEqual([
      ['Daily', 'cron(0 2 * * ? *)', { DeleteAfterDays: 35 }],
      ['Monthly', 'cron(0 2 1 * ? *)', { DeleteAfterDays: 365 }],
    ]);
    const [vaultId] = Object.keys(resourcesOf(s.data, 'AWS::Backup::BackupVault'));
    for (const r of rules) expect(r.TargetBackupVault).toEqual({ 'Fn::GetAtt': [vaultId, 'BackupVaultName'] });
    const [tableId] = Object.keys(resourcesOf(s.data, 'AWS::DynamoDB::Table'));
    s.data.hasResourceProperties('AWS::Backup::BackupSelection', {
      BackupSelection: Match.objectLike({ Resources: [{ 'Fn::GetAtt': [tableId, 'Arn'] }] }),
    });
    expect(s.data.toJSON().Outputs.BackupVaultName.Value).toEqual({ 'Fn::GetAtt': [vaultId, 'BackupVaultName'] });
  });

  it('keeps the vault on stack deletion and lets no principal delete or shorten a recovery point', () => {
    s.data.hasResource('AWS::Backup::BackupVault', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        AccessPolicy: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Deny',
              Principal: { AWS: '*' },
              Action: ['backup:DeleteRecoveryPoint', 'backup:UpdateRecoveryPointLifecycle'],
              Resource: '*',
            },
          ],
        },
      }),
    });
  });

  it('takes the retention from the configuration', () => {
    const custom = synth(
      {
        'opendata:backupDailyRetentionDays': '90',
        'opendata:backupMonthlyRetentionDays': '3653',
        'opendata:accessLogRetentionDays': '30',
      },
      false,
    );
    const [plan] = Object.values(resourcesOf(custom.data, 'AWS::Backup::BackupPlan')) as Json[];
    expect((plan.Properties.BackupPlan.BackupPlanRule as Json[]).map((r) => r.Lifecycle.DeleteAfterDays)).toEqual([
      90, 3653,
    ]);
    custom.data.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: {
        Rules: Match.arrayWith([Match.objectLike({ Id: 'expire-access-logs', ExpirationInDays: 30 })]),
      },
    });
  });
});

describe('the pseudonymization secret and its key', () => {
  it('refuses DeleteSecret to every principal but a break-glass role', () => {
    const [secretId] = Object.keys(resourcesOf(s.data, 'AWS::SecretsManager::Secret'));
    s.data.hasResourceProperties('AWS::SecretsManager::ResourcePolicy', {
      SecretId: { Ref: secretId },
      ResourcePolicy: { Statement: [deniedOutsideBreakGlass('secretsmanager:DeleteSecret')] },
    });
  });

  it("refuses ScheduleKeyDeletion of the secret's key to every principal but a break-glass role", () => {
    const keys = resourcesOf(s.data, 'AWS::KMS::Key');
    const [, dataKey] = Object.entries(keys).find(([id]) => id.startsWith('DataKey')) ?? [];
    expect(dataKey.Properties.KeyPolicy.Statement).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          Sid: 'DenyKeyDeletionOutsideBreakGlass',
          Effect: 'Deny',
          Principal: { AWS: '*' },
          Action: 'kms:ScheduleKeyDeletion',
          Condition: { ArnNotLike: { 'aws:PrincipalArn': breakGlassArn } },
        }),
      ]),
    );
    // The key-administrator grant to the account stays: the deny must not lock the key's policy.
    expect(dataKey.Properties.KeyPolicy.Statement).toEqual(
      expect.arrayContaining([expect.objectContaining({ Effect: 'Allow', Action: 'kms:*' })]),
    );
  });
});
