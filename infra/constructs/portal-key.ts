import { RemovalPolicy } from 'aws-cdk-lib';
import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { generatedSecret } from './generated-secret.ts';

/**
 * The secret that signs client portal tokens (functions/adapters/portal/portal-tokens.ts). Only functions
 * granted `portalKey` in the catalogue (portal-api) may read it: no tenant function can mint or check them.
 */
export class PortalKey extends Construct {
  readonly secret: secretsmanager.Secret;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.secret = generatedSecret(this, {
      description: 'Signs the client portal tokens (HS256 key material, derived with HKDF)',
      // Losing it only ends the portal sessions in flight (15 minutes at most): clients sign in again.
      removalPolicy: RemovalPolicy.DESTROY,
      noRotationReason:
        'Read once per cold start; a rotation would make warm and new containers disagree. Portal tokens live 15 minutes and ' +
        'are checked against the client access version on every request; replacing the secret by a deploy rotates it.',
    });
  }

  grantRead(grantee: IGrantable) {
    this.secret.grantRead(grantee);
  }
}
