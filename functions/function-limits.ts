/**
 * Each function's memory and timeout, apart from the catalogue so a function can read its own limits at
 * cold start (functions/config.ts fits the SDK budget to the timeout) without bundling every function's
 * route specs and schemas, which the catalogue imports. The catalogue spreads these into its entries.
 */
export const functionLimits = {
  'workspace-api': { memoryMb: 512, timeoutSeconds: 10 },
  'clients-api': { memoryMb: 512, timeoutSeconds: 29 },
  'imports-api': { memoryMb: 512, timeoutSeconds: 10 },
  'receivables-api': { memoryMb: 512, timeoutSeconds: 29 },
  'docs-api': { memoryMb: 256, timeoutSeconds: 5 },
  'import-upload': { memoryMb: 1024, timeoutSeconds: 300 },
  'import-sweeper': { memoryMb: 1024, timeoutSeconds: 300 },
  'outbox-dispatcher': { memoryMb: 512, timeoutSeconds: 60 },
  'receivables-compactor': { memoryMb: 512, timeoutSeconds: 600 },
  'tenant-operator': { memoryMb: 256, timeoutSeconds: 30 },
} as const satisfies Record<string, { memoryMb: number; timeoutSeconds: number }>;

/** A catalogued function's name. */
export type FunctionName = keyof typeof functionLimits;
