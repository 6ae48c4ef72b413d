import { CfnOutput, Duration, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import * as ses from 'aws-cdk-lib/aws-ses';
import type { Construct } from 'constructs';
import { envNames, functionCatalogue, type FunctionSpec } from '../functions/catalogue.ts';
import type { HttpMethod } from '../functions/http/route-spec.ts';
import { AppFunction } from './constructs/app-function.ts';
import { CursorKey } from './constructs/cursor-key.ts';
import { PortalKey } from './constructs/portal-key.ts';
import type { StatefulStack } from './stateful-stack.ts';

export interface StatelessStackProps extends StackProps {
  stage: string;
  stateful: StatefulStack;
  /** Verified SES domain identity the senders belong to. */
  sesIdentity: string;
  defaultSender: string;
  /** Sends per second the dispatcher keeps to (the account's SES MaxSendRate or less). */
  sesSendRate: number;
  /** The collection agency's webhook URL (context `agencyWebhookUrl`); unset: the escalation dispatcher keeps deliveries queued. */
  agencyWebhookUrl?: string | undefined;
}

/**
 * What runs: the HTTP API with its JWT authorizer and every catalogued function with its trigger and
 * grants. Built from the function catalogue only, so nothing here names a function by hand.
 */
export class StatelessStack extends Stack {
  readonly api: apigwv2.HttpApi;
  readonly functions = new Map<string, AppFunction>();
  /** The configuration set every send uses: its EventBridge destination feeds the ses-events function. */
  readonly sendingEvents: ses.ConfigurationSet;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { stateful } = props;

    const authorizer = new HttpJwtAuthorizer('CognitoJwt', stateful.userPool.userPoolProviderUrl, {
      jwtAudience: [stateful.userPoolClient.userPoolClientId],
    });
    this.api = new apigwv2.HttpApi(this, 'Api', { defaultAuthorizer: authorizer, createDefaultStage: false });
    const accessLogs = new logs.LogGroup(this, 'ApiAccessLogs', { retention: logs.RetentionDays.ONE_MONTH });
    const stage = new apigwv2.HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      autoDeploy: true,
      throttle: { rateLimit: 200, burstLimit: 400 },
      accessLogSettings: { destination: new apigwv2.LogGroupLogDestination(accessLogs) },
    });

    // Imported by ARN so the notification lives in this stack (no stateful → stateless dependency cycle).
    const uploads = s3.Bucket.fromBucketArn(this, 'UploadsRef', stateful.uploads.bucketArn);
    const cursorKey = new CursorKey(this, 'CursorKey');
    const portalKey = new PortalKey(this, 'PortalKey');
    // SES publishes the sending events of this set to the default event bus; a rule hands them to ses-events.
    this.sendingEvents = new ses.ConfigurationSet(this, 'SendingEvents', { configurationSetName: `cobranza-${props.stage}-sending` });
    this.sendingEvents.addEventDestination('ToEventBridge', {
      destination: ses.EventDestination.eventBus(events.EventBus.fromEventBusName(this, 'DefaultBus', 'default')),
      events: [
        ses.EmailSendingEvent.SEND,
        ses.EmailSendingEvent.DELIVERY,
        ses.EmailSendingEvent.BOUNCE,
        ses.EmailSendingEvent.COMPLAINT,
        ses.EmailSendingEvent.REJECT,
        ses.EmailSendingEvent.RENDERING_FAILURE,
        ses.EmailSendingEvent.DELIVERY_DELAY,
        ses.EmailSendingEvent.OPEN,
        ses.EmailSendingEvent.CLICK,
      ],
    });

    for (const spec of functionCatalogue) {
      const app = new AppFunction(this, pascal(spec.name), {
        spec,
        environment: {
          [envNames.tableName]: stateful.table.tableName,
          [envNames.uploadsBucket]: stateful.uploads.bucketName,
          [envNames.stage]: props.stage,
          [envNames.defaultSender]: props.defaultSender,
          ...(spec.grants.userDirectory ? { [envNames.userPoolId]: stateful.userPool.userPoolId } : {}),
          ...(spec.grants.cursorKey ? { [envNames.cursorKeySecretArn]: cursorKey.secret.secretArn } : {}),
          ...(spec.grants.portalKey ? { [envNames.portalKeySecretArn]: portalKey.secret.secretArn } : {}),
          ...(spec.grants.agency ? { [envNames.agencyKeySecretArn]: stateful.agencyKey.secret.secretArn } : {}),
          ...(spec.grants.agency === 'send' && props.agencyWebhookUrl ? { [envNames.agencyWebhookUrl]: props.agencyWebhookUrl } : {}),
          ...(spec.grants.sendEmail
            ? { [envNames.sesConfigurationSet]: this.sendingEvents.configurationSetName, [envNames.sesSendRate]: String(props.sesSendRate) }
            : {}),
        },
      });
      if (spec.grants.cursorKey) cursorKey.grantRead(app.fn);
      if (spec.grants.portalKey) portalKey.grantRead(app.fn);
      if (spec.grants.agency) stateful.agencyKey.grantRead(app.fn);
      this.functions.set(spec.name, app);
      this.grant(spec, app, props);
      this.connectTrigger(spec, app, uploads);
    }

    new CfnOutput(this, 'ApiUrl', { value: stage.url });
    new CfnOutput(this, 'UserPoolId', { value: stateful.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: stateful.userPoolClient.userPoolClientId });
    new CfnOutput(this, 'TableName', { value: stateful.table.tableName });
    new CfnOutput(this, 'UploadsBucketName', { value: stateful.uploads.bucketName });
  }

  /** Exactly what the catalogue grants, nothing more. */
  private grant(spec: FunctionSpec, app: AppFunction, props: StatelessStackProps) {
    const { table, uploads, userPool } = props.stateful;
    const { grants } = spec;
    if (grants.table === 'read') table.grantReadData(app.fn);
    if (grants.table === 'readWrite') table.grantReadWriteData(app.fn);
    if (grants.uploads === 'read') uploads.grantRead(app.fn, 'imports/*');
    if (grants.uploads === 'put') uploads.grantPut(app.fn, 'imports/*');
    if (grants.uploads === 'readWrite') uploads.grantReadWrite(app.fn, 'imports/*');
    if (grants.importResults === 'read') uploads.grantRead(app.fn, 'import-results/*');
    if (grants.importResults === 'write') uploads.grantPut(app.fn, 'import-results/*');
    // Client images: originals and thumbnails under tenants/<tenant>/clients/<client>/images/.
    if (grants.clientImages) {
      uploads.grantRead(app.fn, 'tenants/*');
      uploads.grantPut(app.fn, 'tenants/*');
    }
    if (grants.sendEmail) {
      app.fn.addToRolePolicy(
        new iam.PolicyStatement({
          actions: ['ses:SendEmail', 'ses:SendRawEmail'],
          resources: [
            this.formatArn({ service: 'ses', resource: 'identity', resourceName: props.sesIdentity }),
            this.formatArn({ service: 'ses', resource: 'configuration-set', resourceName: this.sendingEvents.configurationSetName }),
          ],
        }),
      );
    }
    if (grants.senderIdentities) {
      // Collectors' mailboxes are verified one by one as they ask: any address identity of the account.
      app.fn.addToRolePolicy(
        new iam.PolicyStatement({
          actions: grants.senderIdentities === 'verify' ? ['ses:CreateEmailIdentity', 'ses:GetEmailIdentity'] : ['ses:GetEmailIdentity'],
          resources: [this.formatArn({ service: 'ses', resource: 'identity', resourceName: '*' })],
        }),
      );
    }
    if (grants.userDirectory === 'manage') {
      userPool.grant(
        app.fn,
        'cognito-idp:AdminCreateUser',
        'cognito-idp:AdminUpdateUserAttributes',
        'cognito-idp:AdminDisableUser',
        'cognito-idp:AdminEnableUser',
        'cognito-idp:AdminUserGlobalSignOut',
        'cognito-idp:AdminDeleteUser',
      );
    }
    if (grants.userDirectory === 'register') userPool.grant(app.fn, 'cognito-idp:AdminCreateUser', 'cognito-idp:AdminDeleteUser');
    if (grants.invokeSelf) {
      // A policy of its own, not the role's default one: the function depends on that one, and this names the function (a cycle).
      new iam.Policy(this, `${pascal(spec.name)}InvokeSelf`, {
        roles: [app.fn.role!],
        statements: [new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [app.fn.functionArn] })],
      });
    }
  }

  private connectTrigger(spec: FunctionSpec, app: AppFunction, uploads: s3.IBucket) {
    const trigger = spec.trigger;
    switch (trigger.type) {
      case 'http': {
        const integration = new HttpLambdaIntegration(`${pascal(spec.name)}Integration`, app.fn);
        for (const route of trigger.routes) {
          this.api.addRoutes({
            path: route.path,
            methods: [route.method as apigwv2.HttpMethod & HttpMethod],
            integration,
            // Portal routes carry portal tokens, which Cognito's authorizer rightly refuses: portal-api verifies them.
            ...(route.public || route.portal ? { authorizer: new apigwv2.HttpNoneAuthorizer() } : {}),
          });
        }
        if (trigger.routes.some((r) => r.public || r.portal)) {
          Validations.of(this.api).acknowledge({
            id: 'AwsSolutions::AwsSolutions-APIG4',
            reason:
              "Only the API reference (/docs, /v1/openapi.json), the collection agency's status callback (authenticated by its HMAC signature) and the client portal (sign-in, and routes whose portal token portal-api verifies) go without the JWT authorizer; every other route uses it.",
          });
        }
        break;
      }
      case 's3':
        uploads.addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.LambdaDestination(app.fn), {
          prefix: trigger.prefix,
          suffix: trigger.suffix,
        });
        break;
      case 'schedule':
        new events.Rule(this, `${pascal(spec.name)}Schedule`, {
          description: `Runs ${spec.name}`,
          schedule: events.Schedule.expression(trigger.expression),
          targets: [new targets.LambdaFunction(app.fn, { retryAttempts: 2, maxEventAge: Duration.hours(1), deadLetterQueue: app.deadLetters })],
        });
        break;
      case 'sesEvents':
        new events.Rule(this, `${pascal(spec.name)}Rule`, {
          description: `SES sending events of ${this.sendingEvents.configurationSetName} → ${spec.name}`,
          eventPattern: {
            source: ['aws.ses'],
            detail: { mail: { tags: { 'ses:configuration-set': [this.sendingEvents.configurationSetName] } } },
          },
          targets: [new targets.LambdaFunction(app.fn, { retryAttempts: 8, maxEventAge: Duration.hours(24), deadLetterQueue: app.deadLetters })],
        });
        break;
      case 'operator':
        // No trigger: invoked by name. The output says which name to invoke.
        new CfnOutput(this, `${pascal(spec.name)}FunctionName`, {
          value: app.fn.functionName,
          description: `aws lambda invoke --function-name <this> for ${spec.name}`,
        });
        break;
    }
  }
}

const pascal = (name: string) => name.replace(/(^|-)(\w)/g, (_m, _d, c: string) => c.toUpperCase());
