import { Aws } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';

/**
 * Lets CloudFront (origin access control) read `keyPattern` in a bucket of the stateful stack.
 *
 * The distribution lives in the stateless stack, which depends on this one; naming the distribution's
 * id here would make the stateful stack depend back on the stateless one (a cycle, and it would tie
 * the data to one distribution). The condition is therefore "any CloudFront distribution of this
 * account" — only the account's own admins can create one, and the content is public by design
 * (published open data and the static site). Raw uploads never get such a statement.
 */
export function allowCloudFrontRead(bucket: s3.IBucket, keyPattern: string): void {
  bucket.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'AllowCloudFrontOriginAccessControlRead',
      effect: iam.Effect.ALLOW,
      principals: [new iam.ServicePrincipal('cloudfront.amazonaws.com')],
      actions: ['s3:GetObject'],
      resources: [bucket.arnForObjects(keyPattern)],
      conditions: {
        StringEquals: { 'AWS:SourceAccount': Aws.ACCOUNT_ID },
        ArnLike: { 'AWS:SourceArn': `arn:${Aws.PARTITION}:cloudfront::${Aws.ACCOUNT_ID}:distribution/*` },
      },
    }),
  );
}
