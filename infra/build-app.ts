import { App, Validations } from 'aws-cdk-lib';
import { ReviewedAwsSolutionsChecks } from './nag-acknowledgements.ts';
import { StatefulStack } from './stateful-stack.ts';
import { StatelessStack } from './stateless-stack.ts';

export interface BuildOptions {
  /** Extra context, e.g. `{ stage: 'prod' }` or `{ 'aws:cdk:bundling-stacks': [] }` in tests. */
  context?: Record<string, unknown>;
  /** Run cdk-nag (on by default). */
  nag?: boolean;
}

/**
 * The CDK app: a stateful stack (table, bucket, user pool) and a stateless one (API, functions,
 * triggers). `infra/app.ts` synthesizes it; tests build it directly.
 */
export function buildApp(options: BuildOptions = {}) {
  // Strong cross-stack references: the stateful stack cannot drop an export the stateless one uses.
  const app = new App({ context: { '@aws-cdk/core:defaultCrossStackReferences': 'strong', ...options.context } });
  const stage = String(app.node.tryGetContext('stage') ?? 'dev');
  const sesIdentity = String(app.node.tryGetContext('sesIdentity') ?? 'example.com');
  const defaultSender = String(app.node.tryGetContext('defaultSender') ?? `no-reply@${sesIdentity}`);
  // The account's SES send rate (its MaxSendRate, or less to leave room for other senders): 14/s is SES's production default.
  const sesSendRate = Number(app.node.tryGetContext('sesSendRate') ?? 14);
  const agencyWebhookUrl = agencyUrlOf(app.node.tryGetContext('agencyWebhookUrl'));
  const env = { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION ?? process.env.AWS_REGION };
  const prefix = `Cobranza-${stage}`;

  const stateful = new StatefulStack(app, `${prefix}-Stateful`, { stage, env, description: 'Cobranza: table, uploads bucket, user pool' });
  const stateless = new StatelessStack(app, `${prefix}-Stateless`, {
    stage,
    env,
    stateful,
    sesIdentity,
    defaultSender,
    sesSendRate,
    agencyWebhookUrl,
    description: 'Cobranza: HTTP API, functions, triggers, alarms',
  });
  if (options.nag ?? true) Validations.of(app).addPlugins(new ReviewedAwsSolutionsChecks(app));
  return { app, stateful, stateless, stage };
}

/**
 * The collection agency's webhook URL from the context (`cdk deploy -c agencyWebhookUrl=https://…` or cdk.json).
 * Unset or empty: none (the dispatcher keeps deliveries queued and says why). Set: an https URL, or synth fails
 * (signed webhooks carry the debtors' data; they never go in clear).
 */
export function agencyUrlOf(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const text = String(value);
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (url?.protocol !== 'https:') throw new Error(`context agencyWebhookUrl must be an https URL, got ${JSON.stringify(text.slice(0, 200))}`);
  return text;
}
