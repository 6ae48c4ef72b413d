import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { envNames, functionCatalogue } from '../../functions/catalogue.ts';
import { agencyUrlOf, buildApp } from '../../infra/build-app.ts';
import { synthStacks } from './app.fixture.ts';

const dev = synthStacks('dev');
const prod = synthStacks('prod');
const withUrl = (() => {
  const built = buildApp({ context: { stage: 'dev', agencyWebhookUrl: 'https://agency.example/webhooks/cobranza', 'aws:cdk:bundling-stacks': [] } });
  return Template.fromStack(built.stateless);
})();

type Fn = { Properties: { Description: string; Role: { 'Fn::GetAtt': [string] }; Environment: { Variables: Record<string, unknown> } } };
const functionsOf = (template: Template) => Object.values(template.findResources('AWS::Lambda::Function', { Properties: { Runtime: 'nodejs24.x' } })) as Fn[];
const fnOf = (template: Template, name: string) => {
  const description = functionCatalogue.find((f) => f.name === name)!.description;
  return functionsOf(template).find((f) => f.Properties.Description === description)!;
};
const agencySecretIds = (template: Template) => Object.keys(template.findResources('AWS::SecretsManager::Secret')).filter((id) => id.startsWith('AgencyKey'));
const granted = functionCatalogue.filter((f) => f.grants.agency);

describe('the agency secret', () => {
  const [secretId] = agencySecretIds(dev.stateful);
  const statements = Object.values(dev.stateless.findResources('AWS::IAM::Policy')).flatMap((p) =>
    (p.Properties.PolicyDocument.Statement as Array<{ Action: string | string[]; Resource: unknown }>).map((s) => ({ ...s, roles: p.Properties.Roles })),
  );
  const onAgencySecret = statements.filter((s) => JSON.stringify(s.Resource).includes(secretId!));

  it('is one generated secret of the stateful stack, kept outside dev (the agency holds keys derived from it)', () => {
    expect(agencySecretIds(dev.stateful)).toHaveLength(1);
    expect(agencySecretIds(dev.stateless)).toHaveLength(0);
    expect(dev.stateful.findResources('AWS::SecretsManager::Secret')[secretId!]!.Properties.GenerateSecretString).toMatchObject({
      PasswordLength: 64,
      ExcludePunctuation: true,
    });
    expect(Object.values(prod.stateful.findResources('AWS::SecretsManager::Secret')).map((s) => s.DeletionPolicy)).toEqual(['Retain']);
    expect(Object.values(dev.stateful.findResources('AWS::SecretsManager::Secret')).map((s) => s.DeletionPolicy)).toEqual(['Delete']);
  });

  it('is read, through AGENCY_KEY_SECRET_ARN, by the escalation dispatcher and the escalations API only, and only they are granted it', () => {
    expect(granted.map((f) => f.name).sort()).toEqual(['escalation-dispatcher', 'escalations-api']);
    const withArn = functionsOf(dev.stateless).filter((f) => f.Properties.Environment.Variables[envNames.agencyKeySecretArn]);
    expect(withArn.map((f) => f.Properties.Description).sort()).toEqual(granted.map((f) => f.description).sort());
    for (const f of withArn) expect(JSON.stringify(f.Properties.Environment.Variables[envNames.agencyKeySecretArn])).toContain(secretId);
    expect(onAgencySecret).toHaveLength(granted.length);
    for (const s of onAgencySecret) expect([s.Action].flat().sort()).toEqual(['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue']);
    const roles = onAgencySecret.flatMap((s) => s.roles as Array<{ Ref: string }>).map((r) => r.Ref);
    expect(roles.sort()).toEqual(granted.map((f) => fnOf(dev.stateless, f.name).Properties.Role['Fn::GetAtt'][0]).sort());
  });

  it('the escalation dispatcher no longer reads the cursor key (it pages nothing)', () => {
    const dispatcher = fnOf(dev.stateless, 'escalation-dispatcher');
    expect(dispatcher.Properties.Environment.Variables[envNames.cursorKeySecretArn]).toBeUndefined();
    const cursorSecret = Object.keys(dev.stateless.findResources('AWS::SecretsManager::Secret')).find((id) => id.startsWith('CursorKey'))!;
    const role = dispatcher.Properties.Role['Fn::GetAtt'][0];
    const onCursor = statements.filter((s) => JSON.stringify(s.Resource).includes(cursorSecret));
    expect(onCursor.flatMap((s) => s.roles as Array<{ Ref: string }>).map((r) => r.Ref)).not.toContain(role);
  });
});

describe('the agency webhook URL (context agencyWebhookUrl)', () => {
  it('unset: synth passes and no function gets AGENCY_WEBHOOK_URL (the dispatcher keeps deliveries queued)', () => {
    expect(functionsOf(dev.stateless).filter((f) => envNames.agencyWebhookUrl in f.Properties.Environment.Variables)).toEqual([]);
  });

  it('set: the escalation dispatcher, and only it, gets it', () => {
    const withIt = functionsOf(withUrl).filter((f) => envNames.agencyWebhookUrl in f.Properties.Environment.Variables);
    expect(withIt.map((f) => f.Properties.Description)).toEqual([fnOf(withUrl, 'escalation-dispatcher').Properties.Description]);
    expect(withIt[0]!.Properties.Environment.Variables[envNames.agencyWebhookUrl]).toBe('https://agency.example/webhooks/cobranza');
  });

  it('refuses at synth anything but an https URL; empty counts as unset', () => {
    expect(agencyUrlOf(undefined)).toBeUndefined();
    expect(agencyUrlOf('')).toBeUndefined();
    for (const bad of ['http://agency.example/hooks', 'agency.example/hooks', 'ftp://x', 'https//x']) expect(() => agencyUrlOf(bad), bad).toThrow(/https URL/);
    expect(() => buildApp({ context: { stage: 'dev', agencyWebhookUrl: 'http://agency.example', 'aws:cdk:bundling-stacks': [] } })).toThrow(/https URL/);
  });
});
