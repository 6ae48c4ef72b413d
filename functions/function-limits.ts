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
  // A pre-filled template of up to 10,000 clients: 20 pages read and one workbook (≤ 4 MB) written in memory.
  'import-templates': { memoryMb: 1024, timeoutSeconds: 29 },
  'exports-api': { memoryMb: 512, timeoutSeconds: 10 },
  'export-runner': { memoryMb: 1024, timeoutSeconds: 900 },
  // A tick reads the due index and plans (or hands out) the due tenants: seconds each, 8 at once.
  'collections-planner': { memoryMb: 1024, timeoutSeconds: 900 },
  'collections-api': { memoryMb: 512, timeoutSeconds: 10 },
  'send-log-api': { memoryMb: 512, timeoutSeconds: 10 },
  'ses-events': { memoryMb: 256, timeoutSeconds: 30 },
  // scrypt (N = 2^15, r = 8) takes 32 MiB; at 512 MB (about a third of a vCPU) a hash takes about 3× its time on a full core.
  'portal-api': { memoryMb: 512, timeoutSeconds: 10 },
  'portal-access-api': { memoryMb: 512, timeoutSeconds: 10 },
} as const satisfies Record<string, { memoryMb: number; timeoutSeconds: number }>;

/** A catalogued function's name. */
export type FunctionName = keyof typeof functionLimits;
