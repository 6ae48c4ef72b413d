import { envNames } from './env-names.ts';
import { functionLimits, type FunctionName } from './function-limits.ts';
import { parseBudgetOverride, SCRIPT_SDK_BUDGET, sdkBudgetFor, type SdkBudget } from './adapters/sdk-budget.ts';
// Every function reads its configuration: its bundle maps stack traces through its map on first use (decision "Source maps read by the first stack").
import './adapters/lazy-source-maps.ts';

/**
 * The runtime configuration of every function, read once per cold start. Only `functions/`
 * reads the environment; the domain receives what it needs through its ports.
 */
export interface RuntimeConfig {
  stage: string;
  tableName: string;
  uploadsBucket: string;
  defaultSender: string;
  region: string;
  userPoolId?: string | undefined;
  /** Secrets Manager secret that seals paging cursors (AWS). */
  cursorKeySecretArn?: string | undefined;
  /** File holding that secret on one machine (local runtime and tests). */
  cursorKeyFile?: string | undefined;
  /** Secrets Manager secret that signs portal tokens (AWS); locally derived from the cursor key file. */
  portalKeySecretArn?: string | undefined;
  /** Secrets Manager secret the tenants' agency webhook keys derive from (AWS). */
  agencyKeySecretArn?: string | undefined;
  /** File holding that secret on one machine (`<file>.previous`: the version before a local rotation). */
  agencyKeyFile?: string | undefined;
  /** Local emulator endpoints; undefined in AWS. */
  dynamoEndpoint?: string | undefined;
  s3Endpoint?: string | undefined;
  sesEndpoint?: string | undefined;
  lambdaEndpoint?: string | undefined;
  /** This function's deployed name (Lambda sets AWS_LAMBDA_FUNCTION_NAME); undefined locally, where the catalogue name stands in. */
  deployedName?: string | undefined;
  /** SES configuration set of the stage (its event destination feeds the ses-events function). */
  sesConfigurationSet?: string | undefined;
  /** Sends per second; undefined: SES's own MaxSendRate (AWS), 100 against the local emulator. */
  sesSendRate?: number | undefined;
  /** Local only: start the clock at this instant (npm run invoke --at). */
  clockAt?: string | undefined;
  /** The collection agency's webhook URL (escalation deliveries). */
  agencyWebhookUrl?: string | undefined;
  /** Timeouts and retries of every AWS SDK client, fitted to the function's timeout. */
  sdk: SdkBudget;
}

/** The SES emulator has no send rate: a generous one keeps local runs and tests quick. */
const LOCAL_SEND_RATE = 100;
const positiveNumber = (value: string | undefined) => {
  const n = Number(value);
  return value && Number.isFinite(n) && n > 0 ? n : undefined;
};

/**
 * `functionName` (a catalogue name) fits the SDK budget to that function's timeout; scripts and
 * tests without one get the scripts' budget.
 */
export function readConfig(env: NodeJS.ProcessEnv = process.env, functionName?: FunctionName): RuntimeConfig {
  const required = (name: string) => {
    const value = env[name];
    if (!value) throw new Error(`missing environment variable ${name}`);
    return value;
  };
  return {
    stage: env[envNames.stage] ?? 'dev',
    tableName: required(envNames.tableName),
    uploadsBucket: required(envNames.uploadsBucket),
    defaultSender: env[envNames.defaultSender] ?? 'no-reply@cobranza.local',
    region: env.AWS_REGION ?? 'us-east-1',
    userPoolId: env[envNames.userPoolId] || undefined,
    cursorKeySecretArn: env[envNames.cursorKeySecretArn] || undefined,
    cursorKeyFile: env[envNames.cursorKeyFile] || undefined,
    portalKeySecretArn: env[envNames.portalKeySecretArn] || undefined,
    agencyKeySecretArn: env[envNames.agencyKeySecretArn] || undefined,
    agencyKeyFile: env[envNames.agencyKeyFile] || undefined,
    dynamoEndpoint: env[envNames.dynamoEndpoint] || undefined,
    s3Endpoint: env[envNames.s3Endpoint] || undefined,
    sesEndpoint: env[envNames.sesEndpoint] || undefined,
    lambdaEndpoint: env[envNames.lambdaEndpoint] || undefined,
    deployedName: env.AWS_LAMBDA_FUNCTION_NAME || undefined,
    sesConfigurationSet: env[envNames.sesConfigurationSet] || undefined,
    sesSendRate: positiveNumber(env[envNames.sesSendRate]) ?? (env[envNames.sesEndpoint] ? LOCAL_SEND_RATE : undefined),
    clockAt: env.LOCAL_CLOCK_AT || undefined,
    agencyWebhookUrl: env[envNames.agencyWebhookUrl] || undefined,
    sdk: functionName
      ? sdkBudgetFor(functionLimits[functionName].timeoutSeconds, parseBudgetOverride(env[envNames.sdkBudget]))
      : { ...SCRIPT_SDK_BUDGET, ...parseBudgetOverride(env[envNames.sdkBudget]) },
  };
}
