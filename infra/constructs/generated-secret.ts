import { type RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';

/**
 * A secret CloudFormation generates (64 letters and digits, never in code), under the id `Secret`, with the
 * reason it has no rotation Lambda acknowledged for cdk-nag (SMG4). The cursor, portal and agency keys are these.
 */
export function generatedSecret(scope: Construct, props: { description: string; removalPolicy: RemovalPolicy; noRotationReason: string }) {
  const secret = new secretsmanager.Secret(scope, 'Secret', {
    description: props.description,
    generateSecretString: { passwordLength: 64, excludePunctuation: true },
    removalPolicy: props.removalPolicy,
  });
  Validations.of(secret).acknowledge({ id: 'AwsSolutions::AwsSolutions-SMG4', reason: props.noRotationReason });
  return secret;
}
