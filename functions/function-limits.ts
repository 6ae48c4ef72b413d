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
  'escalations-api': { memoryMb: 512, timeoutSeconds: 10 },
  // A run posts up to 100 webhooks (10 s timeout each, 4 at once).
  'escalation-dispatcher': { memoryMb: 256, timeoutSeconds: 300 },
  // A run plans the receipts requested since the last (≈ 5 reads and 2 writes each), 8 at once.
  'receipt-planner': { memoryMb: 512, timeoutSeconds: 60 },
  'tasks-api': { memoryMb: 512, timeoutSeconds: 10 },
  // A tick marks the open tasks due since the last one: a get and a transaction each.
  'tasks-not-attended': { memoryMb: 256, timeoutSeconds: 300 },
  'client-images-api': { memoryMb: 512, timeoutSeconds: 10 },
  // sharp decodes a 12 MP JPEG for its thumbnail in ≈ 0.2 s and ≈ 150 MB (bench/images); 1 GB also buys the CPU.
  'client-image': { memoryMb: 1024, timeoutSeconds: 60 },
  // scrypt (N = 2^15, r = 8) takes 32 MiB; at 512 MB (about a third of a vCPU) a hash takes about 3× its time on a full core.
  'portal-api': { memoryMb: 512, timeoutSeconds: 10 },
  'portal-access-api': { memoryMb: 512, timeoutSeconds: 10 },
} as const satisfies Record<string, { memoryMb: number; timeoutSeconds: number }>;

/** A catalogued function's name. */
export type FunctionName = keyof typeof functionLimits;
