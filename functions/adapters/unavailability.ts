import { isThrottlingError } from '@smithy/core/retry';

/**
 * Why a dependency (DynamoDB, S3, SES, Cognito) could not serve a call:
 * - `throttled`: it refused for load, and kept refusing through the SDK's retries;
 * - `unreachable`: no connection could be made (refused, no route, DNS, connect timeout);
 * - `no_answer`: the request went out and no answer came in time (timeout, reset, the request's deadline);
 * - `failing`: it answered with a server error (5xx) through the retries.
 */
export type UnavailableReason = 'throttled' | 'unreachable' | 'no_answer' | 'failing';

/** Errors of the socket before any byte was sent. */
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
/** Errors of a request that was (or may have been) sent. */
const NO_ANSWER_CODES = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT']);
const NO_ANSWER_NAMES = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException', 'AbortError', 'DeadlineExceeded']);
/** ElectroDB's code for an operation its abort signal stopped. */
const ELECTRO_ABORTED = 4002;

interface ErrorFields {
  name?: string;
  code?: string | number;
  message?: string;
  cause?: unknown;
  $fault?: string;
  $metadata?: { httpStatusCode?: number };
}

/** The error and what it wraps: ElectroDB puts the SDK's error in `cause`, aborts put the reason there. */
function* chain(error: unknown): Generator<ErrorFields> {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 8; e = (e as ErrorFields).cause, depth++) yield e as ErrorFields;
}

function reasonOf(e: ErrorFields): UnavailableReason | undefined {
  if (e.name === 'ElectroError' && e.code === ELECTRO_ABORTED) return 'no_answer';
  // Contention between transactions on the same items is load too: trying later succeeds.
  if (isThrottlingError(e as never) || e.name === 'TransactionConflictException') return 'throttled';
  if (UNREACHABLE_CODES.has(String(e.code))) return 'unreachable';
  // The SDK's connect timeout: the socket never connected, so nothing was sent.
  if (e.name === 'TimeoutError' && /did not establish a connection/.test(e.message ?? '')) return 'unreachable';
  if (NO_ANSWER_NAMES.has(e.name ?? '') || NO_ANSWER_CODES.has(String(e.code))) return 'no_answer';
  const status = e.$metadata?.httpStatusCode;
  if (e.$fault === 'server' || (status !== undefined && status >= 500)) return 'failing';
  return undefined;
}

/**
 * Why the work failed for want of a dependency, looking through ElectroDB's and the SDK's wrapping;
 * undefined for anything else (a refusal about the data, a bug), which keeps its own meaning.
 */
export function unavailabilityOf(error: unknown): UnavailableReason | undefined {
  for (const e of chain(error)) {
    const reason = reasonOf(e);
    if (reason) return reason;
  }
  return undefined;
}

/**
 * Whether a write that failed with `error` may still have been carried out: only when it was sent
 * and no clear answer came back. A refusal (a failed condition, throttling, validation: any 4xx)
 * or a connection that never opened wrote nothing.
 */
export function mayHaveApplied(error: unknown): boolean {
  const reason = unavailabilityOf(error);
  if (reason === 'throttled' || reason === 'unreachable') return false;
  if (reason) return true;
  for (const e of chain(error)) {
    const status = e.$metadata?.httpStatusCode;
    if (e.$fault === 'client' || (status !== undefined && status >= 400 && status < 500)) return false;
  }
  return true;
}
