import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { findFunction } from '../../functions/catalogue.ts';
import { AppFunction } from '../../infra/constructs/app-function.ts';

function render(name: string, environment?: Record<string, string>) {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'Test');
  new AppFunction(stack, 'Fn', { spec: findFunction(name), ...(environment ? { environment } : {}) });
  return Template.fromStack(stack);
}

describe('AppFunction', () => {
  it('runs Node 24 on arm64 with source maps, X-Ray and JSON logs', () => {
    render('workspace-api').hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      TracingConfig: { Mode: 'Active' },
      LoggingConfig: { LogFormat: 'JSON' },
    });
  });

  it("merges the caller's environment with the defaults instead of replacing them", () => {
    const fn = Object.values(render('workspace-api', { TABLE_NAME: 't', POWERTOOLS_LOG_LEVEL: 'DEBUG' }).findResources('AWS::Lambda::Function'))[0]!;
    // No NODE_OPTIONS: stack traces are mapped on first use, not by --enable-source-maps at load (lazy-source-maps.ts).
    expect(fn.Properties.Environment.Variables).toEqual({
      POWERTOOLS_SERVICE_NAME: 'cobranza',
      POWERTOOLS_LOG_LEVEL: 'DEBUG',
      TABLE_NAME: 't',
    });
  });

  it('gives an async function two retries, a dead-letter queue and an alarm on it', () => {
    const template = render('outbox-dispatcher');
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', { MaximumRetryAttempts: 2 });
    template.resourceCountIs('AWS::SQS::Queue', 1);
    template.resourceCountIs('AWS::CloudWatch::Alarm', 2);
  });

  it('gives an HTTP function an error alarm but no dead-letter queue', () => {
    const template = render('workspace-api');
    template.resourceCountIs('AWS::SQS::Queue', 0);
    template.resourceCountIs('AWS::CloudWatch::Alarm', 1);
    template.resourceCountIs('AWS::Lambda::EventInvokeConfig', 0);
  });
});
