import { RemovalPolicy } from 'aws-cdk-lib';
import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { generatedSecret } from './generated-secret.ts';

/**
 * The secret that seals the paging cursors handed to API clients (functions/http/sealed-cursor.ts).
 * CloudFormation generates it; functions granted `cursorKey` in the catalogue may read it, nothing else.
 */
export class CursorKey extends Construct {
  readonly secret: secretsmanager.Secret;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.secret = generatedSecret(this, {
      description: 'Seals the paging cursors of the HTTP API (AES-256-GCM key material)',
      // Losing it only invalidates cursors in flight (clients start from the first page again).
      removalPolicy: RemovalPolicy.DESTROY,
      noRotationReason:
        'The cursor key is read once per cold start, so a rotation would make warm and new containers disagree and refuse ' +
        'valid cursors mid-paging. It protects only paging positions (cursors expire after an hour, are bound to tenant, ' +
        'user, route and filter, and DynamoDB keys still carry the tenant); replacing the secret by a deploy rotates it.',
    });
  }

  /** Read access (GetSecretValue, DescribeSecret) on this secret only. */
  grantRead(grantee: IGrantable) {
    this.secret.grantRead(grantee);
  }
}
