import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { envNames, functionCatalogue, httpRoutes } from '../../functions/catalogue.ts';
import { routeKey } from '../../functions/http/route-spec.ts';
import { synthStacks } from './app.fixture.ts';

const built = synthStacks('dev');
const template = built.stateless;
const functions = template.findResources('AWS::Lambda::Function', { Properties: { Runtime: 'nodejs24.x' } });
const byDescription = (description: string) => Object.entries(functions).find(([, f]) => f.Properties.Description === description);

/** Every IAM action the execution role of a catalogued function is granted by inline policies. */
function actionsOf(name: string): string[] {
  const spec = functionCatalogue.find((f) => f.name === name)!;
  const [, fn] = byDescription(spec.description)!;
  const role = fn.Properties.Role['Fn::GetAtt'][0] as string;
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((p) => (p.Properties.Roles as Array<{ Ref: string }>).some((r) => r.Ref === role))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as Array<{ Action: string | string[] }>)
    .flatMap((st) => [st.Action].flat());
}

describe('stateless stack', () => {
  it.each(functionCatalogue.map((f) => [f.name, f] as const))('deploys %s as catalogued', (_name, spec) => {
    const found = byDescription(spec.description);
    expect(found, spec.name).toBeDefined();
    const [, fn] = found!;
    expect(fn.Properties).toMatchObject({ Architectures: ['arm64'], MemorySize: spec.memoryMb, Timeout: spec.timeoutSeconds, Handler: 'index.handler' });
    expect(Object.keys(fn.Properties.Environment.Variables)).toEqual(
      expect.arrayContaining([envNames.tableName, envNames.uploadsBucket, envNames.stage, envNames.defaultSender, 'POWERTOOLS_SERVICE_NAME']),
    );
  });

  it('deploys nothing that is not in the catalogue', () => {
    expect(Object.keys(functions)).toHaveLength(functionCatalogue.length);
  });

  it('has one route per catalogued route key, JWT-protected unless public', () => {
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map((r) => r.Properties);
    const expected = functionCatalogue.flatMap((f) => httpRoutes(f));
    expect(routes.map((r) => r.RouteKey).sort()).toEqual(expected.map(routeKey).sort());
    for (const route of expected) {
      const deployed = routes.find((r) => r.RouteKey === routeKey(route))!;
      // Portal routes carry portal tokens, which portal-api verifies itself (Cognito's authorizer would refuse them).
      expect(deployed.AuthorizationType, routeKey(route)).toBe(route.public || route.portal ? 'NONE' : 'JWT');
    }
  });

  it('verifies JWTs from the user pool for its app client', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Audience: [Match.anyValue()], Issuer: Match.anyValue() },
    });
  });

  it('logs API access', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', { AccessLogSettings: Match.objectLike({ DestinationArn: Match.anyValue() }), AutoDeploy: true });
  });

  it('notifies the upload function for ObjectCreated under the catalogued prefix and suffix', () => {
    const spec = functionCatalogue.find((f) => f.trigger.type === 's3')!;
    const trigger = spec.trigger as { prefix: string; suffix: string };
    const [notification] = Object.values(template.findResources('Custom::S3BucketNotifications'));
    const [config] = notification!.Properties.NotificationConfiguration.LambdaFunctionConfigurations;
    expect(config.Events).toEqual(['s3:ObjectCreated:*']);
    expect(config.Filter.Key.FilterRules).toEqual(
      expect.arrayContaining([
        { Name: 'prefix', Value: trigger.prefix },
        { Name: 'suffix', Value: trigger.suffix },
      ]),
    );
    expect(config.LambdaFunctionArn['Fn::GetAtt'][0]).toMatch(/^ImportUpload/);
  });

  it('schedules every scheduled function with its expression, retries and a dead-letter queue', () => {
    for (const spec of functionCatalogue.filter((f) => f.trigger.type === 'schedule')) {
      template.hasResourceProperties('AWS::Events::Rule', {
        ScheduleExpression: (spec.trigger as { expression: string }).expression,
        Targets: [Match.objectLike({ RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600 }, DeadLetterConfig: Match.anyValue() })],
      });
    }
  });

  it('gives async functions a failure destination and alarms on errors and dead letters', () => {
    const asyncCount = functionCatalogue.filter((f) => f.async).length;
    const invokeConfigs = template.findResources('AWS::Lambda::EventInvokeConfig', { Properties: { MaximumRetryAttempts: 2 } });
    expect(Object.keys(invokeConfigs)).toHaveLength(asyncCount);
    for (const config of Object.values(invokeConfigs)) expect(config.Properties.DestinationConfig.OnFailure.Destination).toBeDefined();
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((a) => a.Properties.MetricName);
    expect(alarms.filter((m) => m === 'Errors')).toHaveLength(functionCatalogue.length);
    expect(alarms.filter((m) => m === 'ApproximateNumberOfMessagesVisible')).toHaveLength(asyncCount);
  });

  it('keeps each function log group with a one-month retention', () => {
    const groups = template.findResources('AWS::Logs::LogGroup', { Properties: { RetentionInDays: 30 } });
    expect(Object.keys(groups).length).toBeGreaterThanOrEqual(functionCatalogue.length);
  });

  it('grants SES sending only to the function that needs it, on the stage identity, never on *', () => {
    const policies = Object.values(template.findResources('AWS::IAM::Policy'));
    const statements = policies.flatMap((p) => p.Properties.PolicyDocument.Statement as Array<{ Action: string | string[]; Resource: unknown }>);
    const ses = statements.filter((s) => [s.Action].flat().some((a) => a.startsWith('ses:Send')));
    expect(ses).toHaveLength(functionCatalogue.filter((f) => f.grants.sendEmail).length);
    for (const s of ses) expect(JSON.stringify(s.Resource)).toContain(':identity/example.com');
  });

  it('grants SES identity actions as catalogued (verify: create and read; read: read), and never sending with them', () => {
    const policies = Object.values(template.findResources('AWS::IAM::Policy'));
    const statements = policies.flatMap((p) => p.Properties.PolicyDocument.Statement as Array<{ Action: string | string[]; Resource: unknown }>);
    const identity = statements.filter((s) => [s.Action].flat().some((a) => a.endsWith('EmailIdentity')));
    const actions = identity.map((s) => [s.Action].flat().sort());
    expect(actions.sort()).toEqual(
      functionCatalogue
        .filter((f) => f.grants.senderIdentities)
        .map((f) => (f.grants.senderIdentities === 'verify' ? ['ses:CreateEmailIdentity', 'ses:GetEmailIdentity'] : ['ses:GetEmailIdentity']))
        .sort(),
    );
    for (const s of identity) expect(JSON.stringify(s.Resource)).toContain(':identity/*');
  });

  it('grants nothing on Resource * except X-Ray trace upload', () => {
    const policies = Object.values(template.findResources('AWS::IAM::Policy'));
    const star = policies
      .flatMap((p) => p.Properties.PolicyDocument.Statement as Array<{ Action: string | string[]; Resource: unknown }>)
      .filter((s) => s.Resource === '*');
    expect(star.length).toBeGreaterThan(0);
    for (const s of star) for (const action of [s.Action].flat()) expect(action).toMatch(/^xray:/);
  });

  it('gives USER_POOL_ID only to functions that act on the user pool', () => {
    const withPool = Object.values(functions).filter((f) => f.Properties.Environment.Variables[envNames.userPoolId]);
    expect(withPool.map((f) => f.Properties.Description)).toEqual(functionCatalogue.filter((f) => f.grants.userDirectory).map((f) => f.description));
  });

  it('grants Cognito admin actions as catalogued: all of them to the workspace API, create and undo to the tenant operator', () => {
    const cognitoActions = (name: string) =>
      actionsOf(name)
        .filter((a) => a.startsWith('cognito-idp:'))
        .sort();
    expect(cognitoActions('workspace-api')).toEqual([
      'cognito-idp:AdminCreateUser',
      'cognito-idp:AdminDeleteUser',
      'cognito-idp:AdminDisableUser',
      'cognito-idp:AdminEnableUser',
      'cognito-idp:AdminUpdateUserAttributes',
      'cognito-idp:AdminUserGlobalSignOut',
    ]);
    expect(cognitoActions('tenant-operator')).toEqual(['cognito-idp:AdminCreateUser', 'cognito-idp:AdminDeleteUser']);
    for (const spec of functionCatalogue.filter((f) => !f.grants.userDirectory)) expect(cognitoActions(spec.name), spec.name).toEqual([]);
  });

  it('deploys each operator function with no trigger at all, and outputs the name to invoke it by', () => {
    for (const spec of functionCatalogue.filter((f) => f.trigger.type === 'operator')) {
      const [logicalId] = byDescription(spec.description)!;
      const refersToIt = (resources: Record<string, unknown>) => JSON.stringify(resources).includes(`"${logicalId}"`);
      expect(refersToIt(template.findResources('AWS::ApiGatewayV2::Integration')), 'route').toBe(false);
      expect(refersToIt(template.findResources('AWS::Events::Rule')), 'schedule').toBe(false);
      expect(refersToIt(template.findResources('Custom::S3BucketNotifications')), 'bucket notification').toBe(false);
      expect(refersToIt(template.findResources('AWS::Lambda::Permission')), 'invoke permission for a service').toBe(false);
      expect(refersToIt(template.findResources('AWS::Lambda::EventSourceMapping')), 'event source').toBe(false);
      const outputs = Object.values(template.findOutputs('*')).map((o) => JSON.stringify(o.Value));
      expect(outputs).toContain(JSON.stringify({ Ref: logicalId }));
    }
  });

  it('gives the tenant operator table access, user registration and tracing, nothing else', () => {
    const services = new Set(actionsOf('tenant-operator').map((a) => a.split(':')[0]));
    expect([...services].sort()).toEqual(['cognito-idp', 'dynamodb', 'xray']);
    expect(actionsOf('tenant-operator').filter((a) => a.startsWith('dynamodb:'))).not.toContain('dynamodb:DeleteTable');
  });

  it('builds one AppFunction per catalogued function', () => {
    expect([...built.stacks.stateless.functions.keys()]).toEqual(functionCatalogue.map((f) => f.name));
  });
});

describe('cursor key', () => {
  const allSecrets = template.findResources('AWS::SecretsManager::Secret');
  // The portal key is the only other secret (its own test below).
  const secrets = Object.fromEntries(Object.entries(allSecrets).filter(([id]) => id.startsWith('CursorKey')));
  const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
    (p) => p.Properties.PolicyDocument.Statement as Array<{ Action: string | string[]; Resource: unknown }>,
  );

  it('is one generated secret', () => {
    expect(Object.keys(secrets)).toHaveLength(1);
    const [secret] = Object.values(secrets);
    expect(secret!.Properties.GenerateSecretString).toMatchObject({ PasswordLength: 64, ExcludePunctuation: true });
  });

  it('is read, through CURSOR_KEY_SECRET_ARN, by exactly the functions with paged routes (the agency keys have their own secret)', () => {
    const paged = functionCatalogue.filter((f) => httpRoutes(f).some((r) => r.query && 'cursor' in r.query.shape));
    expect(functionCatalogue.filter((f) => f.grants.cursorKey)).toEqual(paged);
    const withKey = Object.values(functions).filter((f) => f.Properties.Environment.Variables[envNames.cursorKeySecretArn]);
    expect(withKey.map((f) => f.Properties.Description).sort()).toEqual(paged.map((f) => f.description).sort());
    const [secretId] = Object.keys(secrets);
    for (const f of withKey) expect(f.Properties.Environment.Variables[envNames.cursorKeySecretArn]).toEqual({ Ref: secretId });
  });

  it('grants only reading that one secret, to those functions alone', () => {
    const [secretId] = Object.keys(secrets);
    const onSecrets = statements.filter(
      (s) => [s.Action].flat().some((a) => a.startsWith('secretsmanager:')) && JSON.stringify(s.Resource) === JSON.stringify({ Ref: secretId }),
    );
    expect(onSecrets).toHaveLength(functionCatalogue.filter((f) => f.grants.cursorKey).length);
    for (const s of onSecrets) {
      expect([s.Action].flat().sort()).toEqual(['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue']);
      expect(s.Resource).toEqual({ Ref: secretId });
    }
  });

  it('has a portal key of its own, read only by the functions granted portalKey', () => {
    const portal = Object.keys(allSecrets).filter((id) => id.startsWith('PortalKey'));
    expect(Object.keys(allSecrets)).toHaveLength(2);
    expect(portal).toHaveLength(1);
    const onPortal = statements.filter((s) => JSON.stringify(s.Resource) === JSON.stringify({ Ref: portal[0] }));
    expect(onPortal).toHaveLength(functionCatalogue.filter((f) => f.grants.portalKey).length);
    const withKey = Object.values(functions).filter((f) => f.Properties.Environment.Variables[envNames.portalKeySecretArn]);
    expect(withKey.map((f) => f.Properties.Description)).toEqual(functionCatalogue.filter((f) => f.grants.portalKey).map((f) => f.description));
  });
});
