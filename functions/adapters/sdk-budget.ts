/**
 * How long one AWS SDK call may take: per attempt, and in all with its retries. The defaults of the
 * SDK wait on a silent socket for minutes; these bounds make a hung or unreachable dependency an
 * error the function can answer (503) well before its own timeout (decision "Bounded waits").
 */
export interface SdkBudget {
  /** Opening the connection (TCP and TLS), per attempt. */
  connectionTimeoutMs: number;
  /** From sending a request to its response headers, connecting included, per attempt. */
  requestTimeoutMs: number;
  /** Silence on an open socket while a response body streams in. */
  socketTimeoutMs: number;
  /** Attempts per call, the first one included. */
  maxAttempts: number;
  /** Ceiling of each pause between attempts (full jitter below it, from the SDK's own base delays). */
  backoffCapMs: number;
}

/**
 * What an HTTP function keeps after its route's deadline: settling the idempotency record (bounded
 * by `SETTLE_TIMEOUT_MS`) and answering. The route is stopped this long before Lambda would end it.
 */
export const HTTP_DEADLINE_MARGIN_MS = 1_500;
/** How long settling an idempotency record may take once the route has stopped. */
export const SETTLE_TIMEOUT_MS = 1_000;

/**
 * DynamoDB answers in single-digit milliseconds and a 1 MB query page in well under a second, so
 * 2 s to the first byte is generous; 3 attempts ride out a dropped connection or a burst of
 * throttling; pauses of at most 0.5 s keep the whole call at 3 × 2 s + 2 × 0.5 s = 7 s, inside
 * the 8.5 s a 10 s function leaves its route. A connection that takes more than 1 s to open is
 * not going to.
 */
export const DEFAULT_SDK_BUDGET: SdkBudget = {
  connectionTimeoutMs: 1_000,
  requestTimeoutMs: 2_000,
  socketTimeoutMs: 2_000,
  maxAttempts: 3,
  backoffCapMs: 500,
};

/**
 * Scripts (the local runtime's table set-up, `npm run token`, tests' own repository calls) run under no
 * Lambda deadline, and DynamoDB Local on a busy machine takes seconds to create a table with ten GSIs:
 * they still give up, but later.
 */
export const SCRIPT_SDK_BUDGET: SdkBudget = {
  connectionTimeoutMs: 2_000,
  requestTimeoutMs: 15_000,
  socketTimeoutMs: 15_000,
  maxAttempts: 3,
  backoffCapMs: 1_000,
};

/** The longest one call can take under a budget: every attempt timing out, every pause at its ceiling. */
export const worstCaseCallMs = (budget: SdkBudget) => budget.maxAttempts * budget.requestTimeoutMs + (budget.maxAttempts - 1) * budget.backoffCapMs;

/** The time a function's work has before its deadline (HTTP functions keep a margin to answer). */
export const workingTimeMs = (timeoutSeconds: number) => timeoutSeconds * 1000 - HTTP_DEADLINE_MARGIN_MS;

/**
 * The budget of a function with this timeout; `override` (from `SDK_BUDGET`, tests and local
 * experiments only) replaces single numbers. Throws when one call could outlast the function.
 */
export function sdkBudgetFor(timeoutSeconds: number, override: Partial<SdkBudget> = {}): SdkBudget {
  const budget = { ...DEFAULT_SDK_BUDGET, ...override };
  if (worstCaseCallMs(budget) > workingTimeMs(timeoutSeconds)) {
    throw new Error(`an SDK call may take ${worstCaseCallMs(budget)} ms, more than a ${timeoutSeconds} s function can wait`);
  }
  return budget;
}

/** `SDK_BUDGET={"requestTimeoutMs":300,...}`: numbers only; anything else is a configuration error. */
export function parseBudgetOverride(text: string | undefined): Partial<SdkBudget> {
  if (!text) return {};
  const parsed = JSON.parse(text) as Record<string, unknown>;
  for (const [key, value] of Object.entries(parsed)) {
    if (!(key in DEFAULT_SDK_BUDGET) || typeof value !== 'number' || !(value > 0)) throw new Error(`SDK_BUDGET: invalid ${key}`);
  }
  return parsed as Partial<SdkBudget>;
}
