/**
 * Environment every function receives. In AWS the CDK sets it; locally the runtime does. Apart from
 * the catalogue, so a function reads it without bundling every route spec.
 * Names are the contract between infra and functions/config.ts.
 */
export const envNames = {
  tableName: 'TABLE_NAME',
  uploadsBucket: 'UPLOADS_BUCKET',
  stage: 'STAGE',
  defaultSender: 'DEFAULT_SENDER',
  /** Cognito user pool; unset locally, where the dev issuer stands in. */
  userPoolId: 'USER_POOL_ID',
  /** Secret that seals paging cursors; set for functions granted `cursorKey`. */
  cursorKeySecretArn: 'CURSOR_KEY_SECRET_ARN',
  /** Local-only: the file holding that secret (under `.local/`). */
  cursorKeyFile: 'CURSOR_KEY_FILE',
  /** Secret that signs portal tokens; set for functions granted `portalKey` (locally derived from the cursor key file). */
  portalKeySecretArn: 'PORTAL_KEY_SECRET_ARN',
  /** Secret the tenants' agency webhook keys derive from; set for functions granted `agency`. */
  agencyKeySecretArn: 'AGENCY_KEY_SECRET_ARN',
  /** Local-only: the file holding that secret (under `.local/`). */
  agencyKeyFile: 'AGENCY_KEY_FILE',
  // Local-only endpoint overrides; unset in AWS.
  dynamoEndpoint: 'DYNAMODB_ENDPOINT',
  s3Endpoint: 'S3_ENDPOINT',
  sesEndpoint: 'SES_ENDPOINT',
  /** Local-only: the local runtime's Lambda Invoke API (scripts/local/lambda-service.ts), where a function invokes another. */
  lambdaEndpoint: 'LAMBDA_ENDPOINT',
  /** SES configuration set that publishes the sending events (delivery, bounce…) of the mail we send. */
  sesConfigurationSet: 'SES_CONFIGURATION_SET',
  /** Sends per second the dispatcher keeps to; unset in AWS, where SES's `GetAccount` says it. */
  sesSendRate: 'SES_SEND_RATE',
  /** The collection agency's webhook URL (escalations); locally the receiver `npm start` runs. Unset: deliveries wait in the queue. */
  agencyWebhookUrl: 'AGENCY_WEBHOOK_URL',
  /** Tests and local experiments only: JSON numbers that replace parts of the SDK budget. */
  sdkBudget: 'SDK_BUDGET',
} as const;
