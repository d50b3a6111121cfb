import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { HANDLERS } from '../../functions/routes.ts';
import { type Json, resourcesOf, type Synth, synth } from './helpers.ts';

let s: Synth;
beforeAll(() => {
  s = synth();
});

describe('stateful stack: storage', () => {
  it('encrypts every bucket, blocks public access and enforces TLS', () => {
    const buckets = resourcesOf(s.data, 'AWS::S3::Bucket');
    expect(Object.keys(buckets).length).toBe(5);
    const policies = Object.values(resourcesOf(s.data, 'AWS::S3::BucketPolicy'));
    for (const [id, b] of Object.entries(buckets)) {
      expect(b.Properties.BucketEncryption, id).toBeDefined();
      expect(b.Properties.PublicAccessBlockConfiguration, id).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(b.DeletionPolicy, id).toBe('Retain');
      const policy = policies.find((p) => p.Properties.Bucket.Ref === id);
      const tlsDeny = ((policy?.Properties.PolicyDocument.Statement ?? []) as Json[]).find(
        (st) => st.Effect === 'Deny' && st.Condition?.Bool?.['aws:SecureTransport'] === 'false',
      );
      expect(tlsDeny, `${id} TLS deny`).toBeDefined();
    }
  });

  it("keeps each bucket's server access logs under its own prefix (raw uploads apart from published files)", () => {
    const prefixes = Object.values(resourcesOf(s.data, 'AWS::S3::Bucket'))
      .map((b: Json) => b.Properties.LoggingConfiguration?.LogFilePrefix as string | undefined)
      .filter((p): p is string => p !== undefined);
    expect(prefixes.length).toBe(4);
    expect(new Set(prefixes).size).toBe(prefixes.length);
  });

  it('encrypts raw uploads with the customer-managed key and expires them after the retention', () => {
    s.data.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          Match.objectLike({
            ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: Match.anyValue() },
          }),
        ],
      },
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({ Id: 'expire-raw-uploads', ExpirationInDays: 30, Status: 'Enabled' }),
        ]),
      },
    });
  });

  it('announces raw uploads on an encrypted queue with a dead-letter queue', () => {
    s.data.resourceCountIs('AWS::SQS::Queue', 2);
    s.data.hasResourceProperties('AWS::SQS::Queue', {
      KmsMasterKeyId: Match.anyValue(),
      RedrivePolicy: { deadLetterTargetArn: Match.anyValue(), maxReceiveCount: 5 },
      // 6 x the ingest function's timeout (AWS guidance for SQS event sources)
      VisibilityTimeout: 6 * HANDLERS.ingest.timeoutSeconds,
    });
    s.data.hasResourceProperties('Custom::S3BucketNotifications', {
      NotificationConfiguration: {
        QueueConfigurations: [
          Match.objectLike({
            Events: ['s3:ObjectCreated:*'],
            Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'uploads/' }] } },
          }),
        ],
      },
    });
  });

  it("lets only this account's raw bucket send to the queue; S3 uses the queue key as the S3 User Guide documents", () => {
    const rawBucket = Object.keys(resourcesOf(s.data, 'AWS::S3::Bucket')).find((id) =>
      id.startsWith('RawUploadsBucket'),
    );
    const source = {
      StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
      ArnLike: { 'aws:SourceArn': { 'Fn::GetAtt': [rawBucket, 'Arn'] } },
    };
    const forS3 = (statements: Json[]) =>
      statements.filter((st) => JSON.stringify(st.Principal) === '{"Service":"s3.amazonaws.com"}');
    const keys = resourcesOf(s.data, 'AWS::KMS::Key');
    const keyStatements = forS3(Object.values(keys).flatMap((k) => k.Properties.KeyPolicy.Statement as Json[]));
    // The documented statement exactly ("AWS KMS key policy" in "Granting permissions to publish event
    // notification messages to a destination"): no aws:SourceArn/aws:SourceAccount condition, which the KMS
    // request SQS makes for S3 is not documented to carry (a condition on an absent key denies).
    expect(keyStatements).toEqual([
      {
        Sid: 'AllowS3NotificationsToUseKey',
        Effect: 'Allow',
        Principal: { Service: 's3.amazonaws.com' },
        Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
        Resource: '*',
      },
    ]);
    // On the messaging key only, never on the data key of raw uploads and the pseudonym secret.
    const [keyWithS3] = Object.entries(keys).filter(([, k]) => forS3(k.Properties.KeyPolicy.Statement).length);
    expect(keyWithS3?.[0]).toMatch(/^MessagingKey/);
    const queueStatements = forS3(
      Object.values(resourcesOf(s.data, 'AWS::SQS::QueuePolicy')).flatMap(
        (q) => q.Properties.PolicyDocument.Statement as Json[],
      ),
    );
    expect(queueStatements).toHaveLength(1);
    expect(queueStatements[0]).toMatchObject({ Effect: 'Allow', Condition: source });
  });

  it('makes datasets/ immutable: no deletes, no overwrites (If-None-Match required)', () => {
    const statements = Object.values(resourcesOf(s.data, 'AWS::S3::BucketPolicy')).flatMap(
      (p) => p.Properties.PolicyDocument.Statement as Json[],
    );
    const deny = statements.find((st) => st.Sid === 'DenyDeleteOfPublishedVersions');
    expect(deny.Effect).toBe('Deny');
    expect(deny.Action).toEqual(expect.arrayContaining(['s3:DeleteObject', 's3:DeleteObjectVersion']));
    expect(JSON.stringify(deny.Resource)).toContain('/datasets/*');
    const overwrite = statements.find((st) => st.Sid === 'DenyOverwriteOfPublishedVersions');
    expect(overwrite.Effect).toBe('Deny');
    expect(overwrite.Action).toBe('s3:PutObject');
    expect(overwrite.Condition).toEqual({
      Null: { 's3:if-none-match': 'true' },
      Bool: { 's3:ObjectCreationOperation': 'true' },
    });
  });

  it('lets only CloudFront of this account read the site and datasets/, never raw uploads', () => {
    const allows = Object.values(resourcesOf(s.data, 'AWS::S3::BucketPolicy'))
      .flatMap((p) => p.Properties.PolicyDocument.Statement as Json[])
      .filter((st) => st.Effect === 'Allow');
    for (const st of allows) {
      expect(st.Principal, JSON.stringify(st)).not.toBe('*');
      expect(st.Principal.AWS, JSON.stringify(st)).not.toBe('*');
    }
    const cf = allows.filter((st) => st.Principal.Service === 'cloudfront.amazonaws.com');
    expect(cf).toHaveLength(2);
    for (const st of cf) {
      expect(st.Action).toBe('s3:GetObject');
      expect(st.Condition.StringEquals['AWS:SourceAccount']).toEqual({ Ref: 'AWS::AccountId' });
    }
  });

  it('keeps the catalogue table safe: PITR, deletion protection, encryption, on-demand, GSI1', () => {
    s.data.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        BillingMode: 'PAY_PER_REQUEST',
        DeletionProtectionEnabled: true,
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true },
        // Counter items (rate limits, usage) expire through TTL on expiresAt.
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
        KeySchema: [
          { AttributeName: 'PK', KeyType: 'HASH' },
          { AttributeName: 'SK', KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: [
          Match.objectLike({
            IndexName: 'GSI1',
            KeySchema: [
              { AttributeName: 'GSI1PK', KeyType: 'HASH' },
              { AttributeName: 'GSI1SK', KeyType: 'RANGE' },
            ],
          }),
        ],
      }),
    });
  });

  it('keeps the pseudonymization secret in Secrets Manager under the customer key, with key rotation on', () => {
    s.data.hasResourceProperties('AWS::SecretsManager::Secret', { KmsKeyId: Match.anyValue() });
    for (const key of Object.values(resourcesOf(s.data, 'AWS::KMS::Key'))) {
      expect(key.Properties.EnableKeyRotation).toBe(true);
    }
  });
});
