import { Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../../infra/build-app.ts';

/** Builds the app without bundling (assertions only), once per stage. */
export function synthStacks(stage = 'dev') {
  const built = buildApp({ context: { stage, 'aws:cdk:bundling-stacks': [] } });
  return {
    stacks: built,
    stateful: Template.fromStack(built.stateful),
    stateless: Template.fromStack(built.stateless),
  };
}
