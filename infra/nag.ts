import { Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * Acknowledges one cdk-nag finding on a construct (and its children). cdk-nag 3 needs the exact
 * finding id (e.g. `AwsSolutions-IAM5[Action::s3:GetObject]`); the reason must say why the finding
 * is acceptable for *this* resource.
 */
export function acknowledge(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id, reason });
}

type Cfn = string | number | boolean | null | undefined | Cfn[] | { [key: string]: Cfn };

/** cdk-nag's flattening of a resolved CloudFormation value (utils/flatten-cfn-reference.js). */
function flatten(node: Cfn): string {
  if (node === undefined) return '';
  if (typeof node === 'string') return node.replace(/\$\{/g, '<').replace(/}/g, '>');
  if (node && typeof node === 'object' && !Array.isArray(node)) {
    const join = node['Fn::Join'] as [string, Cfn[]] | undefined;
    if (join) return join[1].map(flatten).join(join[0]);
    if (node['Fn::Sub']) return flatten(node['Fn::Sub']);
    const getAtt = node['Fn::GetAtt'] as [Cfn, Cfn] | undefined;
    if (getAtt) return `<${flatten(getAtt[0])}.${flatten(getAtt[1])}>`;
    if (node['Fn::ImportValue']) return flatten(node['Fn::ImportValue']);
    if (node.Ref) return `<${flatten(node.Ref)}>`;
  }
  return JSON.stringify(node);
}

/**
 * How cdk-nag prints `value` (an ARN with tokens) in a finding id, so a construct can acknowledge the
 * exact finding its own prefix-scoped statement creates.
 */
export function nagResource(scope: IConstruct, value: string): string {
  return flatten(Stack.of(scope).resolve(value) as Cfn);
}

/** Acknowledges the IAM5 wildcard-resource finding of one statement resource. */
export function acknowledgeWildcardResource(scope: IConstruct, resourceArn: string, reason: string): void {
  acknowledge(scope, `AwsSolutions-IAM5[Resource::${nagResource(scope, resourceArn)}]`, reason);
}
