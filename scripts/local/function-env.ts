import { envNames } from '../../functions/catalogue.ts';
import type { Emulators } from './emulators.ts';

/**
 * The environment catalogued functions get on one machine: what CDK sets in AWS, plus the emulator
 * endpoints. Metrics are off (EMF lines would drown the console); logs default to warnings.
 */
export function localFunctionEnv(input: {
  emulators: Pick<Emulators, 'dynamoEndpoint' | 's3Endpoint' | 'sesEndpoint'>;
  tableName: string;
  bucket: string;
  stage: string;
  defaultSender: string;
  /** File with the secret that seals paging cursors (scripts/local/cursor-key.ts). */
  cursorKeyFile: string;
  /** File with the agency integration's secret (scripts/local/agency-key.ts); absent, escalation functions cannot sign. */
  agencyKeyFile?: string | undefined;
  logLevel?: string | undefined;
  /** The local Invoke API (lambda-service.ts) where functions invoke functions; absent, a function that invokes one fails. */
  lambdaEndpoint?: string | undefined;
}): Record<string, string> {
  return {
    [envNames.tableName]: input.tableName,
    [envNames.uploadsBucket]: input.bucket,
    [envNames.stage]: input.stage,
    [envNames.defaultSender]: input.defaultSender,
    [envNames.cursorKeyFile]: input.cursorKeyFile,
    ...(input.agencyKeyFile ? { [envNames.agencyKeyFile]: input.agencyKeyFile } : {}),
    [envNames.dynamoEndpoint]: input.emulators.dynamoEndpoint,
    [envNames.s3Endpoint]: input.emulators.s3Endpoint,
    [envNames.sesEndpoint]: input.emulators.sesEndpoint,
    ...(input.lambdaEndpoint ? { [envNames.lambdaEndpoint]: input.lambdaEndpoint } : {}),
    AWS_REGION: 'us-east-1',
    POWERTOOLS_SERVICE_NAME: 'cobranza',
    POWERTOOLS_LOG_LEVEL: input.logLevel ?? 'WARN',
    POWERTOOLS_METRICS_DISABLED: 'true',
  };
}
