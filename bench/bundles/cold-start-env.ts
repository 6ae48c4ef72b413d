/**
 * What a function reads at cold start (functions/config.ts), for a bundle imported in a fresh process by
 * the bundle benches: nothing is called, so no endpoint is needed.
 */
export const coldStartEnv = {
  ...process.env,
  TABLE_NAME: 'bench',
  UPLOADS_BUCKET: 'bench',
  AWS_REGION: 'us-east-1',
  STAGE: 'bench',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  POWERTOOLS_LOG_LEVEL: 'ERROR',
};
