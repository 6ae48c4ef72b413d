import type { RemovalPolicy } from 'aws-cdk-lib';
import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { generatedSecret } from './generated-secret.ts';

/**
 * The secret the tenants' collection-agency webhook keys derive from (functions/adapters/agency/agency-keys.ts).
 * In the stateful stack: the keys are handed to the agency, so losing the secret breaks every tenant's
 * integration until new pairs are handed over; it outlives the functions. CloudFormation generates it;
 * functions granted `agency` in the catalogue read it (AWSCURRENT and, during a rotation, AWSPREVIOUS).
 */
export class AgencyKey extends Construct {
  readonly secret: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props: { removalPolicy: RemovalPolicy }) {
    super(scope, id);
    this.secret = generatedSecret(this, {
      description: "Derives each tenant's collection-agency webhook keys (HMAC-SHA256 key material)",
      removalPolicy: props.removalPolicy,
      noRotationReason:
        'A new value must reach the agency (new per-tenant key pairs) before it is the only one accepted, which a rotation ' +
        'Lambda cannot do: the operator rotates it by put-secret-value; functions accept AWSPREVIOUS inbound and sign with ' +
        'both versions until the AWSPREVIOUS label is removed (decision "The agency\'s own secret", README "Rotating the agency secret").',
    });
  }

  /** Read access (GetSecretValue, DescribeSecret) on this secret only. */
  grantRead(grantee: IGrantable) {
    this.secret.grantRead(grantee);
  }
}
