import { Duration, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { tableSchema } from '../functions/adapters/dynamodb/table-schema.ts';
import { cognitoCustomAttributes } from '../functions/auth/claims.ts';
import { AgencyKey } from './constructs/agency-key.ts';

export interface StatefulStackProps extends StackProps {
  stage: string;
}

/**
 * What keeps data: the single table, the uploads bucket, the user pool and the agency integration's secret. Outside `dev` they are
 * retained and protected from deletion.
 */
export class StatefulStack extends Stack {
  readonly table: dynamodb.TableV2;
  readonly uploads: s3.Bucket;
  readonly userPool: cognito.UserPool;
  readonly userPoolClient: cognito.UserPoolClient;
  /** The agency integration's secret: kept with the data, since the keys derived from it live on at the agency. */
  readonly agencyKey: AgencyKey;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);
    const production = props.stage !== 'dev';
    const removalPolicy = production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    const key = (name: string) => ({ name, type: dynamodb.AttributeType.STRING });
    this.table = new dynamodb.TableV2(this, tableSchema.logicalName, {
      partitionKey: key(tableSchema.partitionKey),
      sortKey: key(tableSchema.sortKey),
      globalSecondaryIndexes: tableSchema.globalSecondaryIndexes.map((gsi) => ({
        indexName: gsi.indexName,
        partitionKey: key(gsi.partitionKey),
        sortKey: key(gsi.sortKey),
        projectionType: dynamodb.ProjectionType.ALL,
      })),
      timeToLiveAttribute: tableSchema.ttlAttribute,
      billing: dynamodb.Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: production,
      removalPolicy,
    });

    this.agencyKey = new AgencyKey(this, 'AgencyKey', { removalPolicy });

    const accessLogs = new s3.Bucket(this, 'UploadsAccessLogs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: s3.BucketEncryption.S3_MANAGED,
      lifecycleRules: [{ expiration: Duration.days(90) }],
      removalPolicy,
      autoDeleteObjects: !production,
    });
    Validations.of(accessLogs).acknowledge({ id: 'AwsSolutions::AwsSolutions-S1', reason: 'This is the access-log bucket itself; logging it would recurse.' });

    this.uploads = new s3.Bucket(this, 'Uploads', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: s3.BucketEncryption.S3_MANAGED,
      versioned: true,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'uploads/',
      lifecycleRules: [
        { prefix: 'imports/', expiration: Duration.days(30), noncurrentVersionExpiration: Duration.days(1) },
        { prefix: 'import-results/', expiration: Duration.days(30), noncurrentVersionExpiration: Duration.days(1) },
        // An export's file holds a copy of the client book: it goes after 30 days like the uploads.
        { prefix: 'exports/', expiration: Duration.days(30), noncurrentVersionExpiration: Duration.days(1) },
        { abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
      // Browsers PUT workbooks straight to presigned URLs.
      cors: [{ allowedMethods: [s3.HttpMethods.PUT], allowedOrigins: ['*'], allowedHeaders: ['*'], maxAge: 3000 }],
      removalPolicy,
      autoDeleteObjects: !production,
    });

    this.userPool = new cognito.UserPool(this, 'Users', {
      selfSignUpEnabled: false, // users are created by a tenant administrator through the API
      signInAliases: { username: true, email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      passwordPolicy: { minLength: 12, requireDigits: true, requireLowercase: true, requireUppercase: true, requireSymbols: true },
      mfa: cognito.Mfa.OPTIONAL,
      mfaSecondFactor: { sms: false, otp: true },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      customAttributes: Object.fromEntries(cognitoCustomAttributes.map((name) => [name, new cognito.StringAttribute({ mutable: true })])),
      removalPolicy,
      deletionProtection: production,
    });
    Validations.of(this.userPool).acknowledge({
      id: 'AwsSolutions::AwsSolutions-COG2',
      reason: 'MFA is optional (TOTP) so small businesses can onboard collectors without phones; tenants can require it per user.',
    });
    // Only the API writes the claim attributes: users can read them but not change them.
    const customReadable = new cognito.ClientAttributes()
      .withCustomAttributes(...cognitoCustomAttributes)
      .withStandardAttributes({ email: true, emailVerified: true });
    this.userPoolClient = this.userPool.addClient('ApiClient', {
      authFlows: { userSrp: true },
      preventUserExistenceErrors: true,
      idTokenValidity: Duration.hours(1),
      readAttributes: customReadable,
      writeAttributes: new cognito.ClientAttributes().withStandardAttributes({ email: false }),
    });
  }
}
