import type { PolicyValidationPluginReport } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';

/**
 * cdk-nag findings we reviewed and accept, with the reason. IAM findings carry the resource or action
 * in their id (often a CloudFormation import token), so they are matched by pattern here, in one
 * place; anything that matches no pattern still fails the synth. Findings without such detail are
 * acknowledged on their construct with `Validations.of(...).acknowledge`.
 */
export const reviewedFindings: ReadonlyArray<{ rule: RegExp; reason: string }> = [
  {
    rule: /^AwsSolutions-IAM4\[Policy::arn:<AWS::Partition>:iam::aws:policy\/service-role\/AWSLambdaBasicExecutionRole\]$/,
    reason:
      'AWSLambdaBasicExecutionRole (CloudWatch Logs writes) is the AWS-maintained minimum for Lambda, on our functions and the CDK bucket-notification handler.',
  },
  {
    rule: /^AwsSolutions-IAM5\[Resource::.+\/index\/\*\]$/,
    reason: 'Table grants include its global secondary indexes (index/*): the single-table design queries gsi1 and gsi2.',
  },
  {
    rule: /^AwsSolutions-IAM5\[Resource::.+\/imports\/\*\]$/,
    reason: 'Object access is limited to the imports/ prefix of the uploads bucket; object keys are per upload.',
  },
  {
    rule: /^AwsSolutions-IAM5\[Resource::.+\/import-results\/\*\]$/,
    reason: 'Error workbooks: the runner puts and the imports API reads only the import-results/ prefix of the uploads bucket; keys are per job.',
  },
  {
    rule: /^AwsSolutions-IAM5\[Resource::.+\/tenants\/\*\]$/,
    reason:
      'Client images: the image API presigns PUTs and GETs and the image function reads originals and writes thumbnails, only under the tenants/ prefix; keys are per tenant, client and image.',
  },
  {
    rule: /^AwsSolutions-IAM5\[Action::s3:(GetObject|GetBucket|List|Abort|PutObject|DeleteObject)\*\]$/,
    reason: 'CDK grant action groups for reading or putting objects, scoped to the imports/ prefix of one bucket.',
  },
  {
    rule: /^AwsSolutions-IAM5\[Resource::arn:<AWS::Partition>:ses:[a-z0-9-]+:<AWS::AccountId>:identity\/\*\]$/,
    reason:
      "Collectors' mailboxes are verified as SES identities when each asks (ses:CreateEmailIdentity, GetEmailIdentity only): their addresses are not known at deploy time.",
  },
  {
    rule: /^AwsSolutions-IAM5\[Resource::\*\]$/,
    reason:
      'X-Ray trace upload (xray:PutTraceSegments, PutTelemetryRecords) has no resource-level permissions; a CDK assertion test checks no other action is granted on *.',
  },
];

/**
 * The AwsSolutions pack minus the reviewed findings above. It filters its own report because IAM
 * finding ids only take their final form (with export names) during synthesis, after any construct
 * could have been acknowledged.
 */
export class ReviewedAwsSolutionsChecks extends AwsSolutionsChecks {
  override validateScope(scope: IConstruct): PolicyValidationPluginReport {
    const report = super.validateScope(scope);
    const violations = report.violations.filter((v) => !reviewedFindings.some((r) => r.rule.test(v.ruleName)));
    return { ...report, success: violations.length === 0, violations };
  }
}
