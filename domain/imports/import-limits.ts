/** The bounds of one import run; the runner's wiring may narrow them (tests do). */
export interface ImportLimits {
  /** Data rows (the header row not counted). */
  maxRows: number;
  maxColumns: number;
  /** Rows handed to the processor at once; progress and checkpoint are committed after each batch. */
  batchSize: number;
  /** How long a lease lasts; renewed at every batch, so it only needs to outlast one batch. */
  leaseMs: number;
  /** Hand on to a continuation when less than this much time is left in the invocation. */
  reserveMs: number;
  /** Runs that end without finishing (crash, timeout) before the sweeper gives the job up as `failed`. */
  maxAttempts: number;
  /** A job whose file never arrives is failed this long after it was created. */
  uploadWindowMs: number;
  /** Row errors kept on the job for the API. */
  errorSample: number;
}

export const DEFAULT_IMPORT_LIMITS: ImportLimits = {
  maxRows: 200_000,
  maxColumns: 100,
  batchSize: 100,
  leaseMs: 2 * 60_000,
  reserveMs: 20_000,
  maxAttempts: 3,
  uploadWindowMs: 24 * 60 * 60_000,
  errorSample: 20,
};
