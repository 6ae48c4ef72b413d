import { Metrics } from '@aws-lambda-powertools/metrics';

/**
 * CloudWatch metrics in Embedded Metric Format (one JSON log line per flush, no API calls).
 * Disabled on the local stack and in tests with POWERTOOLS_METRICS_DISABLED.
 */
export const createMetrics = (functionName: string) =>
  new Metrics({ namespace: 'Cobranza', serviceName: 'cobranza', defaultDimensions: { function: functionName } });
