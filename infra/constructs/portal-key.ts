import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

/**
 * The secret that signs client portal tokens (functions/adapters/portal/portal-tokens.ts). Only functions
 * granted `portalKey` in the catalogue (portal-api) may read it: no tenant function can mint or check them.
 */
export class PortalKey extends Construct {
  readonly secret: secretsmanager.Secret;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.secret = new secretsmanager.Secret(this, 'Secret', {
      description: 'Signs the client portal tokens (HS256 key material, derived with HKDF)',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      // Losing it only ends the portal sessions in flight (15 minutes at most): clients sign in again.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    Validations.of(this.secret).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SMG4',
      reason:
        'Read once per cold start; a rotation would make warm and new containers disagree. Portal tokens live 15 minutes and ' +
        'are checked against the client access version on every request; replacing the secret by a deploy rotates it.',
    });
  }

  grantRead(grantee: IGrantable) {
    this.secret.grantRead(grantee);
  }
}
